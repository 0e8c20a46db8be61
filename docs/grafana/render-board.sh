#!/usr/bin/env bash
# Fills docs/grafana/leasehold.json with a real run and takes its picture, without Grafana:
#   three Leasehold nodes on loopback (Prometheus endpoint on, faults on), a Prometheus scraping them every second,
#   `leasehold bench`, a few lease waiters and a writer that keeps a stale token as load, a few faults injected through /v1/faults (a delay and its heal,
#   a clock skew, a short pause, a kill, and the node started again); then render-board.py runs every panel's PromQL
#   against that Prometheus and draws it, and headless Chromium screenshots the page to docs/grafana/leasehold-board.png.
# Needs: the .NET SDK, prometheus (Debian: apt-get install prometheus), chromium, python3, curl.
# Usage, from the repository root: docs/grafana/render-board.sh [seconds of load, default 120]
# Ports (loopback only): HTTP 5680-5682, silos 11680-11682, Prometheus 9496. Everything started is ended by its PID.
set -euo pipefail

LOAD_SECONDS=${1:-120}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/docs/grafana/leasehold-board.png"
WORK=$(mktemp -d /tmp/leasehold-board.XXXXXX)
KEY=render-board-admin-key-0123456789
PROM=http://127.0.0.1:9496
HTTP=(5680 5681 5682)
SILO=(11680 11681 11682)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

log() { echo "[$(date +%H:%M:%S)] $*"; }

# Polls a URL until it answers 2xx, for at most $2 seconds.
wait_for() {
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    ((SECONDS < deadline)) || { echo "$1 did not answer within $2 s" >&2; return 1; }
    sleep 0.2
  done
}

fault() { # node-index method path [json]
  curl -sf -o /dev/null -X "$2" "http://127.0.0.1:${HTTP[$1]}/v1/faults/$3" -H "Authorization: Bearer $KEY" \
       -H 'Content-Type: application/json' ${4:+-d "$4"} || echo "fault $3 on node $1 failed" >&2
}

log "building the API and the CLI"
dotnet build "$ROOT/src/Api" -v q --nologo >/dev/null
dotnet build "$ROOT/src/Cli" -v q --nologo >/dev/null
API="$ROOT/src/Api/bin/Debug/net10.0/Leasehold.Api.dll"
CLI="$ROOT/src/Cli/bin/Debug/net10.0/leasehold.dll"
DB="Data Source=$WORK/leasehold.db"

start_node() { # index
  dotnet "$API" --urls "http://127.0.0.1:${HTTP[$1]}" --Cluster:SiloPort="${SILO[$1]}" --Storage:ConnectionString="$DB" \
    --Telemetry:Prometheus:Enabled=true --Faults:Enabled=true --Faults:AdminKey="$KEY" \
    >>"$WORK/node$1.log" 2>&1 &
  PIDS+=($!)
  NODE_PID[$1]=$!
}

declare -a NODE_PID
log "starting three nodes (logs in $WORK)"
for i in 0 1 2; do start_node "$i"; done
for i in 0 1 2; do wait_for "http://127.0.0.1:${HTTP[$i]}/health/ready" 60; done

cat >"$WORK/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: leasehold
    static_configs:
      - targets: ["127.0.0.1:${HTTP[0]}", "127.0.0.1:${HTTP[1]}", "127.0.0.1:${HTTP[2]}"]
EOF
log "starting Prometheus on $PROM"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" --web.listen-address=127.0.0.1:9496 \
  >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)
wait_for "$PROM/-/ready" 30

START=$(date +%s)
log "load for $LOAD_SECONDS s: bench (mix) on node 0, bench (hold) on node 1, four waiters on one lease and a stale writer on nodes 0 and 1"
dotnet "$CLI" bench -w mix -c 8 --warmup 0s --duration "${LOAD_SECONDS}s" -e "http://127.0.0.1:${HTTP[0]}" >"$WORK/bench-mix.txt" 2>&1 &
PIDS+=($!)
dotnet "$CLI" bench -w hold --leases 600 --ttl 10m -c 4 --warmup 0s --duration "${LOAD_SECONDS}s" -e "http://127.0.0.1:${HTTP[1]}" >"$WORK/bench-hold.txt" 2>&1 &
PIDS+=($!)
for w in 1 2 3 4; do
  ( end=$((SECONDS + LOAD_SECONDS))
    while ((SECONDS < end)); do
      curl -s -o /dev/null -m 5 -X POST "http://127.0.0.1:${HTTP[$((w % 2))]}/v1/leases/hot/acquire" \
           -H 'Content-Type: application/json' -d "{\"holder\":\"waiter-$w\",\"ttlMs\":400,\"waitMs\":1200}" || sleep 0.2
    done ) &
  PIDS+=($!)
done

# A writer whose lease moved on: it writes with its old token after another holder wrote, and the store refuses it
# (409, stale-fence); now and then it forges a token (403, invalid-token).
acquire_token() { # node holder -> the token
  curl -s -m 5 -X POST "http://127.0.0.1:${HTTP[$1]}/v1/leases/stale-demo/acquire" -H 'Content-Type: application/json' \
       -d "{\"holder\":\"$2\",\"ttlMs\":1000,\"waitMs\":3000}" | sed -nE 's/.*"token":"([^"]+)".*/\1/p'
}
write() { # node token
  curl -s -o /dev/null -m 5 -X PUT "http://127.0.0.1:${HTTP[$1]}/v1/objects/stale-demo.txt" -H "Fencing-Token: $2" --data-binary x || true
}
( end=$((SECONDS + LOAD_SECONDS)); n=0
  while ((SECONDS < end)); do
    old=$(acquire_token 0 writer-a); [[ -n $old ]] && write 0 "$old"
    new=$(acquire_token 1 writer-b); [[ -n $new ]] && write 1 "$new"
    [[ -n $old ]] && write 0 "$old"
    n=$((n + 1)); ((n % 5)) || { [[ -n $new ]] && write 1 "${new:0:${#new}-4}AAAA"; }
    sleep 1
  done ) &
PIDS+=($!)

at() { # seconds-since-start, then the action
  local due=$((START + $1)); shift
  while (($(date +%s) < due)); do sleep 0.2; done
  log "$*"
}
at 15 "fault: node 0 delays what it sends to node 1 by 50 ms";   fault 0 POST network "{\"to\":\"127.0.0.1:${SILO[1]}\",\"delayMs\":50}"
at 30 "fault: node 0 heals";                                      fault 0 DELETE network
at 35 "fault: node 1's wall clock 30 s behind";                   fault 1 POST clock '{"offsetMs":-30000}'
at 45 "fault: node 2 paused for 500 ms";                          fault 2 POST pause '{"durationMs":500}'
at 55 "fault: node 2 killed (its process ends itself, often before the answer is out)"
curl -s -o /dev/null -m 5 -X POST "http://127.0.0.1:${HTTP[2]}/v1/faults/kill" -H "Authorization: Bearer $KEY" || true
for _ in $(seq 100); do kill -0 "${NODE_PID[2]}" 2>/dev/null || break; sleep 0.2; done
at 75 "node 2 started again (a new generation of its silo)";      start_node 2
wait_for "http://127.0.0.1:${HTTP[2]}/health/ready" 60
at 80 "fault: node 1's clock back";                               fault 1 POST clock '{"offsetMs":0}'
at "$LOAD_SECONDS" "load done"
END=$(( $(date +%s) + 5 ))
while (($(date +%s) < END)); do sleep 0.2; done   # the last scrapes

log "rendering every panel"
python3 "$ROOT/docs/grafana/render-board.py" --prometheus "$PROM" --board "$ROOT/docs/grafana/leasehold.json" \
  --start "$START" --end "$END" --out "$WORK/board.html" --scrape-interval 1 --step 2
log "screenshot to $OUT"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --disable-sync --user-data-dir="$WORK/chromium" --hide-scrollbars --window-size=1616,2080 \
  --screenshot="$OUT" "file://$WORK/board.html" >"$WORK/chromium.log" 2>&1
log "done: $OUT (the page: $WORK/board.html)"
