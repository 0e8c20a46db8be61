#!/bin/sh
# One wrk run against a Leasehold API node: run.sh fenced-write|new-lease http://127.0.0.1:PORT [seconds]
# For fenced-write it first takes a one-hour lease on a resource of its own and passes its token to the script.
set -eu
workload=$1 url=$2 seconds=${3:-10}
here=$(dirname "$0")
run=$(date +%s%N)
case $workload in
  fenced-write)
    token=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"holder":"wrk","ttlMs":3600000}' \
      "$url/v1/leases/wrk-writes-$run/acquire" | sed -E 's/.*"token":"([^"]+)".*/\1/')
    exec wrk -t1 -c64 -d"${seconds}s" --latency -s "$here/fenced-write.lua" "$url" -- "$token" "$run" ;;
  new-lease)
    exec wrk -t1 -c64 -d"${seconds}s" --latency -s "$here/new-lease.lua" "$url" -- "$run" ;;
  *) echo "usage: run.sh fenced-write|new-lease URL [seconds]" >&2; exit 2 ;;
esac
