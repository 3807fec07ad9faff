#!/usr/bin/env python3
"""Summarise run-record.sh, run-replay.sh pacing and pairs, and run-export.sh: medians (min..max) per figure, and the
per-round ratios ticktape / Node and ticktape / DuckDB.

usage: summarize_record.py results.tsv   (RESULT<TAB>section<TAB>name<TAB>round<TAB>value<TAB>unit lines)
"""
import collections
import statistics
import sys

values = collections.defaultdict(dict)
units = {}
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 6 or parts[0] != "RESULT":
            continue
        _, _, name, rnd, value, unit = parts
        values[name][rnd] = float(value)
        units[name] = unit


def fmt(v, unit):
    if unit == "frames/s":
        return f"{v / 1e6:.2f} M frames/s" if v >= 1e6 else f"{v / 1e3:.0f} k frames/s"
    if unit == "ratio":
        return f"{v:.3f}x"
    return f"{v:.3f} {unit}" if unit == "us/frame" else f"{v:,.1f} {unit}"


LABELS = {
    "node_jsonl_fps": "Node ws -> JSONL (peers' client.js, batched writes): frames/s",
    "node_jsonl_out_bytes_per_frame": "Node: JSONL bytes per frame",
    "node_jsonl_process_cpu_us_per_frame": "Node: whole-process CPU (user+sys) per frame",
    "ticktape_frames_per_s": "ticktape Recorder -> journal: frames/s",
    "ticktape_cpu_us_per_frame": "ticktape: CPU per frame over the measured window (all threads)",
    "ticktape_process_cpu_us_per_frame": "ticktape: whole-process CPU per frame (with JVM start-up, JIT and pretouch)",
    "ticktape_frames_total": "ticktape: frames journaled",
    "decoded_over_tailer_readTree": "pairs: replay decoded / the peers' CQ tailer + Jackson readTree (same pair)",
    "decoded_over_tailer": "pairs: replay decoded / raw Chronicle tailer, reopened queue (same pair)",
    "raw_over_tailer": "pairs: replay (raw frames) / raw Chronicle tailer, reopened queue (same pair)",
}
print("| measurement | median | range (min..max) | n |")
print("|---|---:|---|---:|")
for name in sorted(values):
    vs = list(values[name].values())
    print(f"| {LABELS.get(name, name)} | {fmt(statistics.median(vs), units[name])} | {fmt(min(vs), units[name])} .. {fmt(max(vs), units[name])} | {len(vs)} |")
a, b = values.get("ticktape_frames_per_s", {}), values.get("node_jsonl_fps", {})
ratios = [a[r] / b[r] for r in a if r in b]
if ratios:
    print(f"| ticktape / Node ws -> JSONL (same round) | {statistics.median(ratios):.2f}x | "
          f"{min(ratios):.2f}x .. {max(ratios):.2f}x | {len(ratios)} |")
for num, den, label in (("ticktape_rows_per_s", "duckdb_rows_per_s", "ticktape / DuckDB rows/s (same round)"),
                        ("ticktape_bytes_per_row", "duckdb_bytes_per_row", "ticktape / DuckDB bytes per row (same round)")):
    a, b = values.get(num, {}), values.get(den, {})
    ratios = [a[r] / b[r] for r in a if r in b]
    if ratios:
        print(f"| {label} | {statistics.median(ratios):.2f}x | {min(ratios):.2f}x .. {max(ratios):.2f}x | {len(ratios)} |")
