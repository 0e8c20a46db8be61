#!/usr/bin/env bash
# Interleaves two bench commands, A B A B ..., so that both see the same minutes of a machine whose speed drifts, and
# prints the ratio A/B of each pair, their median and their spread:
#
#   bench/series/pairs.sh RUNS WARMUP_PAIRS OUT_A OUT_B -- 'COMMAND A' 'COMMAND B'
#
# Each command appends one JSON line to its OUT file per run (bench/series/run.sh does); the first WARMUP_PAIRS pairs
# are run but not counted. series.sh calls this for every row of the series.
set -euo pipefail
runs=$1 warmup=$2 out_a=$3 out_b=$4
shift 4; [ "$1" = -- ] && shift
cmd_a=$1 cmd_b=$2
: >"$out_a"; : >"$out_b"
for i in $(seq 1 $((warmup + runs))); do
  sh -c "$cmd_a"
  sh -c "$cmd_b"
done
python3 "$(dirname "$0")/ratios.py" --skip "$warmup" "$out_a" "$out_b"
