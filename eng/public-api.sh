#!/usr/bin/env bash
# Appends every public symbol the build reports as undeclared (RS0016) to its project's PublicAPI.Unshipped.txt, and
# removes declared symbols that no longer exist (RS0017) from both files. Review the diff: that is the API change.
#   bash eng/public-api.sh            # after a change
#   bash eng/public-api.sh --ship     # moves Unshipped into Shipped (at a release)
set -uo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--ship" ]; then
  for dir in src/*/; do
    [ -f "$dir/PublicAPI.Unshipped.txt" ] || continue
    { cat "$dir/PublicAPI.Shipped.txt"; grep -v '^#nullable' "$dir/PublicAPI.Unshipped.txt"; } | awk 'NR==1 || !/^#nullable/' | { read -r first; echo "$first"; sort -u; } > "$dir/PublicAPI.tmp"
    mv "$dir/PublicAPI.tmp" "$dir/PublicAPI.Shipped.txt"
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  done
  exit 0
fi
# A new library project starts with empty declarations.
for dir in src/*/; do
  [ "$(basename "$dir")" = Skillgate.Cli ] && continue
  for name in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir$name" ] || printf '#nullable enable\n' > "$dir$name"
  done
done
log=$(mktemp)
# A project with undeclared symbols fails (warnings are errors), and the projects above it do not build: repeat until
# the build reports none (one pass per layer of assemblies at most).
for pass in 1 2 3 4 5; do
dotnet build Skillgate.slnx -c Release 2>&1 > "$log"
grep -qE "RS001[67]" "$log" || break
python3 - "$log" <<'PY'
import re, sys, collections, os
added = collections.defaultdict(set)
removed = collections.defaultdict(set)
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = re.search(r"(?:warning|error) (RS0016|RS0017): Symbol '(.+?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.+?\.csproj)", line)
    if not m:
        continue
    code, symbol, project = m.groups()
    folder = os.path.dirname(project)
    (added if code == 'RS0016' else removed)[folder].add(symbol)
for folder in set(added) | set(removed):
    for name in ('PublicAPI.Shipped.txt', 'PublicAPI.Unshipped.txt'):
        path = os.path.join(folder, name)
        lines = [l.rstrip('\n') for l in open(path, encoding='utf-8')]
        header, body = lines[:1], set(lines[1:])
        body -= removed[folder]
        if name == 'PublicAPI.Unshipped.txt':
            body |= added[folder]
        with open(path, 'w', encoding='utf-8') as f:
            f.write('\n'.join(header + sorted(b for b in body if b)) + '\n')
    print(f"{folder}: +{len(added[folder])} -{len(removed[folder])}")
PY
done
rm -f "$log"
