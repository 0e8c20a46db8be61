#!/usr/bin/env bash
# One `leasehold bench` run against one node, appended to OUT as one JSON line that also carries the machine's load
# average at the start of the run:
#
#   bench/series/run.sh CLI URL WORKLOAD SERVER_PID OUT [SECONDS] [WARMUP_SECONDS]
#
# CLI is the `leasehold` executable (the same one for every run of a series, so the load generator is not a variable).
set -euo pipefail
cli=$1 url=$2 workload=$3 pid=$4 out=$5 seconds=${6:-6} warmup=${7:-2}
load=$(cut -d' ' -f1 /proc/loadavg)
json=$("$cli" --endpoint "$url" bench --workload "$workload" -c 64 --warmup "${warmup}s" --duration "${seconds}s" \
  --server-pid "$pid" -o json 2>/dev/null)
printf '%s' "$json" | python3 -c '
import json, sys
r = json.load(sys.stdin)
op = max(r["operations"], key=lambda o: o["p99Ms"])
print(json.dumps({"url": sys.argv[1], "workload": sys.argv[2], "load": float(sys.argv[3]),
                  "throughput": round(r["throughput"], 1), "p99Ms": op["p99Ms"],
                  "cpuUsPerUnit": round(r["serverCpu"]["microsecondsPerUnit"], 1) if r.get("serverCpu") else None,
                  "errors": sum(r.get("errors", {}).values())}))' "$url" "$workload" "$load" >>"$out"
