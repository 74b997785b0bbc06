#!/usr/bin/env bash
# Runs every test. Installs what is missing first (Debian packages for the real CQL drivers incl. Go and gocql,
# the npm Node.js driver), then `dotnet test`, and ends with the plain line "N passed, N failed" summed from
# the TRX results of every test project.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
/usr/bin/python3 -c 'import cassandra' 2>/dev/null || missing+=(python3-cassandra)
/usr/bin/python3 -c 'import lz4' 2>/dev/null || missing+=(python3-lz4)
/usr/bin/python3 -c 'import snappy' 2>/dev/null || missing+=(python3-snappy)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -d /usr/share/gocode/src/github.com/gocql/gocql ] || missing+=(golang-github-gocql-gocql-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "warning: apt-get install ${missing[*]} failed; driver tests will report it"
fi
if [ -f tests/drivers/node/package.json ] && [ ! -d tests/drivers/node/node_modules/cassandra-driver ]; then
  echo "Installing the Node.js cassandra-driver"
  (cd tests/drivers/node && npm install --no-audit --no-fund --loglevel=error) || echo "warning: npm install failed; Node driver tests will report it"
fi

results="$root/TestResults"
rm -rf "$results"
# Build in parallel, then run the test projects one at a time (-m:1): several assert deadlines (hot reload
# within a second of a save) and a 2-core machine running every project at once measures itself, not the proxy.
dotnet build ScriptProxy.sln -c Release --nologo -v quiet
rc=$?
if [ "$rc" -eq 0 ]; then
  dotnet test ScriptProxy.sln -c Release --nologo --no-build -m:1 \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
  rc=$?
fi

passed=0
failed=0
shopt -s nullglob
trx=("$results"/*.trx)
for f in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  x=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* error="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* timeout="\([0-9]*\)".*/\1/p')
  a=$(echo "$counters" | sed -n 's/.* aborted="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${x:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
if [ ${#trx[@]} -eq 0 ] || { [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The build or a test host failed before results were written: count it as a failure.
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
