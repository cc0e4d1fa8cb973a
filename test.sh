#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: redis-server (the Redis store tests start their
# own private instance on a free loopback port). Everything else comes from NuGet during the build.
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

dotnet test Skillgate.slnx -c Release "$@"
