#!/usr/bin/env bash
# The "no slower" series of docs/performance.md: an older build against this one, and PostgreSQL against SQLite, each
# pair interleaved in the same minutes (pairs.sh), on one 2-core machine.
#
#   eval "$(bash eng/start-postgres.sh)"       # PostgreSQL for the third node (same shell)
#   dotnet build -c Release src/Api src/Cli    # this build
#   git worktree add --detach ../bench-old 3995a6f && (cd ../bench-old && dotnet build -c Release src/Api)
#   bench/series/series.sh ../bench-old/src/Api/bin/Release/net10.0 src/Api/bin/Release/net10.0 /tmp/series
#
# Three nodes, each on a fresh store: OLD on SQLite (:5401), NEW on SQLite (:5402), NEW on PostgreSQL (:5403). This
# build's `leasehold` drives all three. Rows: write, acquire-release, renew and read, NEW/OLD; write and acquire-release,
# PostgreSQL/SQLite. PAIRS (default 5) counted pairs per row after WARMUP_PAIRS (default 1), SECONDS (default 6) per run
# after a 2 s warm-up. Every row prints each side's figures, the p99, the server CPU per unit, the load average and
# the pairs' ratios with their median and spread; OUT_DIR keeps the JSON lines and summary.txt.
set -euo pipefail
old=$1 new=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)
cli=${CLI:-$here/../../src/Cli/bin/Release/net10.0/leasehold}
pairs=${PAIRS:-5} warmup=${WARMUP_PAIRS:-1} seconds=${SECONDS_PER_RUN:-6}
mkdir -p "$out"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop EXIT
old_pid=$("$here/node.sh" "$old" 5401 12601 "$out/old"); pids+=("$old_pid")
new_pid=$("$here/node.sh" "$new" 5402 12602 "$out/new"); pids+=("$new_pid")
pg_pid=$("$here/node.sh" "$new" 5403 12603 "$out/pg" postgres); pids+=("$pg_pid")
summary="$out/summary.txt"
: >"$summary"

row() { # row NAME WORKLOAD URL_A PID_A URL_B PID_B
  local name=$1 workload=$2 a="$out/$1-a.jsonl" b="$out/$1-b.jsonl"
  { echo "== $name ($workload), $(date -u +%H:%M) UTC, $(uptime | sed 's/.*load/load/')"
    "$here/pairs.sh" "$pairs" "$warmup" "$a" "$b" -- \
      "$here/run.sh $cli $3 $workload $4 $a $seconds" "$here/run.sh $cli $5 $workload $6 $b $seconds"
    echo "server CPU per unit, A/B:"; python3 "$here/ratios.py" --skip "$warmup" --field cpuUsPerUnit "$a" "$b" | tail -1
    echo; } | tee -a "$summary"
}
O=http://127.0.0.1:5401 N=http://127.0.0.1:5402 P=http://127.0.0.1:5403
row write-new-old     write           $N "$new_pid" $O "$old_pid"
row cycle-new-old     acquire-release $N "$new_pid" $O "$old_pid"
row renew-new-old     renew           $N "$new_pid" $O "$old_pid"
row read-new-old      read            $N "$new_pid" $O "$old_pid"
row write-pg-sqlite   write           $P "$pg_pid"  $N "$new_pid"
row cycle-pg-sqlite   acquire-release $P "$pg_pid"  $N "$new_pid"
