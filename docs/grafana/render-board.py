#!/usr/bin/env python3
"""Draws every panel of a Grafana board (docs/grafana/leasehold.json) from a Prometheus, without Grafana.

Each panel's PromQL is run by Prometheus' HTTP API as Grafana would run it ($__rate_interval, $__interval and $__range
substituted; a time series panel over the range, a stat panel at its end) and drawn into one self-contained HTML page
(inline SVG, no script, no CDN) laid out on the board's own grid. It is a check that the board's queries return data
and a picture of it; it is not Grafana's UI. render-board.sh runs it against a real three-node cluster.

Usage: render-board.py --prometheus http://127.0.0.1:9496 --board leasehold.json --start UNIX --end UNIX --out board.html
       [--scrape-interval 1] [--step 2]
Exits 1 if a query fails, and names the panels whose queries returned no data.
"""
import argparse
import datetime
import html
import json
import math
import re
import sys
import urllib.parse
import urllib.request

WIDTH = 1600
COLUMN = WIDTH / 24
ROW = 34
GAP = 6
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff", "#1fd5d5", "#96d98d", "#ffa6b0"]


def query(base, path, params):
    url = f"{base}/api/v1/{path}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"{params['query']}: {body}")
    return body["data"]["result"]


def substitute(expr, rate_interval, interval, range_seconds):
    return (expr.replace("$__rate_interval", f"{rate_interval}s")
                .replace("$__interval", f"{interval}s")
                .replace("$__range", f"{range_seconds}s"))


def legend(fmt, metric):
    if not fmt:
        return ", ".join(f"{k}={v}" for k, v in metric.items()) or "value"
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: metric.get(m.group(1), ""), fmt).strip()


def fmt_value(value, unit):
    if value is None or math.isnan(value):
        return "–"
    if unit == "s":
        if value == 0:
            return "0 s"
        if abs(value) < 1e-3:
            return f"{value * 1e6:.0f} µs"
        if abs(value) < 1:
            return f"{value * 1e3:.3g} ms"
        return f"{value:.3g} s"
    if unit == "ms":
        return f"{value:.3g} ms" if abs(value) < 1000 else f"{value / 1000:.3g} s"
    suffix = "/s" if unit in ("ops", "reqps") else ""
    for scale, letter in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            return f"{value / scale:.3g}{letter}{suffix}"
    if value == int(value):
        return f"{int(value)}{suffix}"
    return f"{value:.3g}{suffix}"


def nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def box(panel):
    grid = panel["gridPos"]
    return grid["x"] * COLUMN, grid["y"] * ROW, grid["w"] * COLUMN - GAP, grid["h"] * ROW - GAP


def draw_row(panel):
    x, y, w, _ = box(panel)
    return f'<div class="row" style="left:{x}px;top:{y}px;width:{w}px">{html.escape(panel["title"])}</div>'


def draw_stat(panel, results):
    x, y, w, h = box(panel)
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")
    values = [float(r["value"][1]) for rs in results for r in rs]
    shown = fmt_value(sum(values), unit) if values else "No data"
    return (f'<div class="panel" style="left:{x}px;top:{y}px;width:{w}px;height:{h}px">'
            f'<div class="title">{html.escape(panel["title"])}</div>'
            f'<div class="stat" style="line-height:{h - 34}px">{html.escape(shown)}</div></div>')


def draw_timeseries(panel, series, start, end):
    x, y, w, h = box(panel)
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    unit = defaults.get("unit", "short")
    bars = defaults.get("custom", {}).get("drawStyle") == "bars"
    legend_rows = max(1, math.ceil(len(series) / 3))
    plot_left, plot_top = 62, 30
    plot_w = w - plot_left - 12
    plot_h = h - plot_top - 26 - 17 * min(legend_rows, 3)
    stacked = {}
    if bars:
        totals = {}
        for _, points in series:
            for t, v in points:
                if not math.isnan(v):
                    totals[t] = totals.get(t, 0) + v
        finite = list(totals.values())
    else:
        finite = [v for _, points in series for _, v in points if not math.isnan(v)]
    top = nice_max(max(finite, default=0) * 1.05)
    span = max(end - start, 1)

    def px(t):
        return plot_left + (t - start) / span * plot_w

    def py(v):
        return plot_top + plot_h - v / top * plot_h

    parts = [f'<svg width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):
        v = top * i / 4
        yy = py(v)
        parts.append(f'<line x1="{plot_left}" x2="{plot_left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>')
        parts.append(f'<text x="{plot_left - 6}" y="{yy + 4:.1f}" class="axis" text-anchor="end">{html.escape(fmt_value(v, unit))}</text>')
    for i in range(5):
        t = start + span * i / 4
        label = datetime.datetime.fromtimestamp(t).strftime("%H:%M:%S")
        anchor = "start" if i == 0 else "end" if i == 4 else "middle"
        parts.append(f'<text x="{px(t):.1f}" y="{plot_top + plot_h + 15}" class="axis" text-anchor="{anchor}">{label}</text>')
    for index, (name, points) in enumerate(series):
        color = COLORS[index % len(COLORS)]
        if bars:
            # Stacked, as the board asks (stacking: normal): each series' bar sits on the ones drawn before it.
            width = max(plot_w / max(len(points), 1) * 0.8, 3)
            for t, v in points:
                if not math.isnan(v) and v > 0:
                    base = stacked.get(t, 0)
                    stacked[t] = base + v
                    parts.append(f'<rect x="{px(t) - width / 2:.1f}" y="{py(base + v):.1f}" width="{width:.1f}" '
                                 f'height="{py(base) - py(base + v):.1f}" fill="{color}"/>')
            continue
        runs, run = [], []
        for t, v in points:
            if math.isnan(v):
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(f"{px(t):.1f},{py(v):.1f}")
        if run:
            runs.append(run)
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2" fill="{color}"/>')
            else:
                parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="1.6"/>')
    parts.append("</svg>")
    items = "".join(f'<span class="key"><i style="background:{COLORS[i % len(COLORS)]}"></i>{html.escape(name)}</span>'
                    for i, (name, _) in enumerate(series[:9]))
    if len(series) > 9:
        items += f'<span class="key">… {len(series) - 9} more</span>'
    empty = '' if series else '<div class="nodata">No data</div>'
    return (f'<div class="panel" style="left:{x}px;top:{y}px;width:{w}px;height:{h}px">'
            f'<div class="title">{html.escape(panel["title"])}</div>{"".join(parts)}{empty}'
            f'<div class="legend">{items}</div></div>')


def flatten(panels):
    for panel in panels:
        yield panel
        yield from flatten(panel.get("panels", []))


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--prometheus", required=True)
    args.add_argument("--board", required=True)
    args.add_argument("--start", type=float, required=True)
    args.add_argument("--end", type=float, required=True)
    args.add_argument("--out", required=True)
    args.add_argument("--scrape-interval", type=int, default=1)
    args.add_argument("--step", type=int, default=2)
    a = args.parse_args()

    with open(a.board, encoding="utf-8") as f:
        board = json.load(f)
    # Grafana's $__rate_interval: max($__interval + scrape interval, 4 × scrape interval).
    rate_interval = max(a.step + a.scrape_interval, 4 * a.scrape_interval)
    range_seconds = int(a.end - a.start)
    empty, html_panels, bottom = [], [], 0
    for panel in flatten(board["panels"]):
        x, y, w, h = box(panel)
        bottom = max(bottom, y + h)
        if panel["type"] == "row":
            html_panels.append(draw_row(panel))
            continue
        results, series = [], []
        for target in panel.get("targets", []):
            expr = substitute(target["expr"], rate_interval, a.step, range_seconds)
            if panel["type"] == "stat":
                result = query(a.prometheus, "query", {"query": expr, "time": a.end})
                results.append(result)
            else:
                result = query(a.prometheus, "query_range", {"query": expr, "start": a.start, "end": a.end, "step": a.step})
                for r in sorted(result, key=lambda r: legend(target.get("legendFormat"), r["metric"])):
                    points = [(float(t), float(v)) for t, v in r["values"]]
                    if any(not math.isnan(v) for _, v in points):
                        series.append((legend(target.get("legendFormat"), r["metric"]), points))
            if not result:
                empty.append(f'{panel["title"]}: {target["expr"]}')
        html_panels.append(draw_stat(panel, results) if panel["type"] == "stat" else draw_timeseries(panel, series, a.start, a.end))

    span = f'{datetime.datetime.fromtimestamp(a.start):%Y-%m-%d %H:%M:%S} – {datetime.datetime.fromtimestamp(a.end):%H:%M:%S}'
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{html.escape(board["title"])}</title><style>
body {{ margin: 0; background: #111217; color: #ccccdc; font: 13px/1.3 "DejaVu Sans", Arial, sans-serif; }}
header {{ padding: 10px 14px 4px; }} header b {{ font-size: 18px; color: #fff; }} header span {{ color: #8e8ea0; margin-left: 12px; }}
main {{ position: relative; margin: 8px; width: {WIDTH}px; height: {bottom + 10}px; }}
.row {{ position: absolute; font-size: 15px; font-weight: bold; color: #fff; padding-top: 8px; }}
.panel {{ position: absolute; background: #181b1f; border: 1px solid #2c3235; border-radius: 3px; overflow: hidden; }}
.title {{ position: absolute; left: 8px; top: 6px; font-weight: bold; color: #d8d9da; }}
.stat {{ margin-top: 30px; text-align: center; font-size: 40px; color: #73bf69; font-weight: bold; }}
.legend {{ position: absolute; left: 60px; right: 8px; bottom: 4px; font-size: 11.5px; }}
.key {{ display: inline-block; margin-right: 14px; white-space: nowrap; }} .key i {{ display: inline-block; width: 12px; height: 3px; margin-right: 4px; vertical-align: middle; }}
.nodata {{ position: absolute; left: 0; right: 0; top: 45%; text-align: center; color: #8e8ea0; }}
svg {{ position: absolute; left: 0; top: 0; }} .grid {{ stroke: #2c3235; stroke-width: 1; }} .axis {{ fill: #8e8ea0; font-size: 11px; }}
</style></head><body>
<header><b>{html.escape(board["title"])}</b><span>{span} · every panel of docs/grafana/leasehold.json, its PromQL run by Prometheus (step {a.step} s, $__rate_interval {rate_interval} s), drawn by render-board.py — not Grafana's UI</span></header>
<main>{"".join(html_panels)}</main></body></html>
"""
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(page)
    for line in empty:
        print(f"no data: {line}", file=sys.stderr)
    print(f"{a.out}: {sum(1 for p in flatten(board['panels']) if p['type'] != 'row')} panels, {len(empty)} queries without data, {bottom + 60:.0f} px tall")


if __name__ == "__main__":
    main()
