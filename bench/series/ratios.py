#!/usr/bin/env python3
"""Pairs the runs of two bench/series/run.sh output files in order and prints the ratio of each pair (A/B), their
median and spread, with each side's figures and the load average at the start of each run.

    ratios.py [--skip N] [--field throughput|p99Ms|cpuUsPerUnit] A.jsonl B.jsonl
"""
import argparse, json, statistics

def read(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]

p = argparse.ArgumentParser()
p.add_argument("--skip", type=int, default=0, help="warm-up pairs at the start of both files, not counted")
p.add_argument("--field", default="throughput")
p.add_argument("a"); p.add_argument("b")
args = p.parse_args()
a, b = read(args.a)[args.skip:], read(args.b)[args.skip:]
n = min(len(a), len(b))
a, b = a[:n], b[:n]
if n == 0:
    raise SystemExit("no pairs")
ratios = [x[args.field] / y[args.field] for x, y in zip(a, b) if y[args.field]]
def fmt(rows, key):
    return " ".join(f"{r[key]:,.0f}" if key == "throughput" else f"{r[key]:g}" for r in rows)
print(f"A {a[0]['workload']} {a[0]['url']}: {fmt(a, args.field)}")
print(f"B {b[0]['workload']} {b[0]['url']}: {fmt(b, args.field)}")
print(f"A p99 ms: {fmt(a, 'p99Ms')}   B p99 ms: {fmt(b, 'p99Ms')}")
print(f"A CPU us/unit: {fmt(a, 'cpuUsPerUnit')}   B CPU us/unit: {fmt(b, 'cpuUsPerUnit')}")
print(f"errors: A {sum(r['errors'] for r in a)}, B {sum(r['errors'] for r in b)}")
loads = [r["load"] for r in a + b]
print(f"load average at the runs' starts: {min(loads):.2f}-{max(loads):.2f}")
print("pairs A/B: " + " ".join(f"{r:.2f}" for r in ratios))
print(f"median A/B {statistics.median(ratios):.3f}  spread {min(ratios):.2f}-{max(ratios):.2f}  ({n} pairs)")
