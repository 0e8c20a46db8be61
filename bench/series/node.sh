#!/usr/bin/env bash
# Starts one Leasehold API node (a co-hosted silo) of a given build on a fresh store, waits until it serves, and
# prints its process id. The node runs on until you kill it (kill PID).
#
#   bench/series/node.sh BUILD PORT SILO_PORT DATA_DIR [sqlite|postgres]
#
# BUILD is a folder holding a Release build of src/Api (for example src/Api/bin/Release/net10.0, or the same folder of
# an older commit built in a worktree of its own). DATA_DIR is wiped and holds the SQLite file and the node's log.
# postgres: needs LEASEHOLD_TEST_POSTGRES (eval "$(bash eng/start-postgres.sh)" in the same shell); the node gets a
# fresh database of its own, leasehold_bench_<PORT>, on that server (dropped and created again, as the postgres user).
# Extra settings for the node go in NODE_ARGS, for example NODE_ARGS="--Auth:RequestsPerSecond=0".
set -euo pipefail
build=$1 port=$2 silo_port=$3 data=$4 provider=${5:-sqlite}
exe="$build/Leasehold.Api"
[ -x "$exe" ] || { echo "node.sh: no $exe (dotnet build -c Release src/Api first)" >&2; exit 2; }
rm -rf "$data" && mkdir -p "$data"
store=(--Storage:ConnectionString="Data Source=$data/leasehold.db")
if [ "$provider" = postgres ]; then
  : "${LEASEHOLD_TEST_POSTGRES:?node.sh postgres: eval \"\$(bash eng/start-postgres.sh)\" first}"
  db="leasehold_bench_$port"
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
  as_postgres dropdb --if-exists --force "$db" >&2
  as_postgres createdb -O leasehold "$db" >&2
  # The test database's connection string with this node's database; a pool of 20 leaves the server's
  # max_connections=100 enough for two nodes and the tests of others.
  conn=$(printf '%s' "$LEASEHOLD_TEST_POSTGRES" | sed -E "s/(^|;)Database=[^;]*/\1Database=$db/I")
  store=(--Storage:Provider=Postgres --Storage:ConnectionString="$conn;Maximum Pool Size=20")
fi
# shellcheck disable=SC2086 # NODE_ARGS is a list of settings
"$exe" --urls "http://127.0.0.1:$port" --Cluster:SiloPort="$silo_port" "${store[@]}" \
  --Logging:LogLevel:Default=Warning ${NODE_ARGS:-} >"$data/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then echo "$pid"; exit 0; fi
  kill -0 "$pid" 2>/dev/null || { echo "node.sh: the node exited; see $data/node.log" >&2; exit 1; }
  sleep 0.5
done
echo "node.sh: not ready after 60 s; see $data/node.log (still running as $pid)" >&2
exit 1
