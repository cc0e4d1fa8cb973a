#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: redis-server (the Redis store tests start their
# own private instance on a free loopback port) and chromium (the dashboard's browser test drives Debian's
# /usr/bin/chromium headless; no browser is downloaded). Everything else comes from NuGet during the build.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v redis-server >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing redis-server for the Redis store tests..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
      || echo "warning: could not install redis-server; the Redis store tests will fail"
  else
    echo "warning: redis-server is not on PATH and cannot be installed here (needs apt-get as root);"
    echo "         install Redis yourself or the Redis store tests will fail"
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing chromium for the dashboard's browser test..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
      || echo "warning: could not install chromium; the dashboard's browser test will fail"
  else
    echo "warning: /usr/bin/chromium is missing and cannot be installed here (needs apt-get as root);"
    echo "         install Debian's chromium yourself or the dashboard's browser test will fail"
  fi
fi

log=$(mktemp)
dotnet test Skillgate.slnx -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
count() { grep -oE "$1: +[0-9]+" "$2" | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed "$log")
failed=$(count Failed "$log")

# Many tests time real sockets on a shared 2-core machine. A test that failed is run once more, alone: if it
# passes then, it is reported as FLAKY by name (and should be fixed); if it fails again, the run fails.
if [ "$status" -ne 0 ] && [ "$failed" -gt 0 ] && [ "$failed" -le 5 ]; then
  names=$(grep -E '^\s+Failed [A-Za-z_]' "$log" | sed -E 's/^\s+Failed ([^ (]+).*/\1/' | sort -u)
  filter=$(echo "$names" | sed 's/^/FullyQualifiedName~/' | paste -sd '|')
  echo
  echo "Running the failed tests once more, alone:"
  echo "$names"
  if dotnet test Skillgate.slnx -c Release --no-build --filter "$filter"; then
    echo "FLAKY (failed, then passed alone):"
    echo "$names" | sed 's/^/  /'
    passed=$((passed + failed))
    failed=0
    status=0
  fi
fi

[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # the build or a test host failed without a failed test
echo "$passed passed, $failed failed"
exit "$status"
