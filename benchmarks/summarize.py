#!/usr/bin/env python3
"""Summarise run-journal.sh / run-decode.sh output: JMH SingleShotTime results (ns per frame) as frames/s.

For each benchmark: the median over all measured iterations of all rounds. For journal/raw: the
ratio of the two medians within each round (how many times faster the first is), and the
median of those per-round ratios.

usage: summarize.py DIR   (holding roundN-<benchmark>.json files)
"""
import glob
import json
import os
import re
import statistics
import sys

PAIRS = (
    ("journalAppend", "rawChronicleAppend", "journal / raw Chronicle, append"),
    ("journalRead", "rawChronicleRead", "journal / raw Chronicle, read"),
    ("ticktapeDecoder", "jacksonTreeTyped", "ticktape decoder / Jackson readTree + typed"),
    ("ticktapeDecoder", "jacksonStreamingTyped", "ticktape decoder / Jackson streaming + typed"),
    ("replayRaw", "rawChronicleReadReopened", "replay (raw frames) / raw Chronicle tailer, reopened queue"),
    ("replayDecoded", "rawChronicleReadJackson", "replay decoded / the peers' CQ tailer + Jackson readTree"),
    ("replayDecoded", "rawChronicleReadReopened", "replay decoded / raw Chronicle tailer, reopened queue"),
)


def load(directory):
    by_round = {}
    for path in sorted(glob.glob(os.path.join(directory, "round*-*.json"))):
        m = re.match(r"round(\d+)-(\w+)\.json", os.path.basename(path))
        with open(path) as f:
            for r in json.load(f):
                name = r["benchmark"].rsplit(".", 1)[1]
                workload = r.get("params", {}).get("workload")
                if workload:
                    name += "[" + workload + "]"
                samples = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
                alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                by_round.setdefault(int(m.group(1)), {})[name] = (samples, alloc)
    return by_round


def fmt(fps):
    return "%.2f M" % (fps / 1e6)


def main(directory):
    by_round = load(directory)
    names = sorted({n for r in by_round.values() for n in r})
    print("| benchmark | median frames/s | min..max frames/s | iterations | alloc B/frame (max of rounds) |")
    print("|---|---:|---|---:|---:|")
    for name in names:
        samples = [x for r in by_round.values() if name in r for x in r[name][0]]
        allocs = [r[name][1] for r in by_round.values() if name in r and r[name][1] is not None]
        print("| %s | %s | %s..%s | %d | %s |" % (
            name, fmt(1e9 / statistics.median(samples)), fmt(1e9 / max(samples)), fmt(1e9 / min(samples)),
            len(samples), "%.3f" % max(allocs) if allocs else "-"))
    print()
    print("| ratio | per round | median |")
    print("|---|---|---:|")
    workloads = sorted({n[n.index("["):] for r in by_round.values() for n in r if "[" in n}) or [""]
    for journal, raw, label in [(a + w, b + w, l + (" " + w if w else "")) for a, b, l in PAIRS for w in workloads]:
        ratios = []
        for rnd in sorted(by_round):
            r = by_round[rnd]
            if journal in r and raw in r:
                ratios.append(statistics.median(r[raw][0]) / statistics.median(r[journal][0]))
        if ratios:
            print("| %s | %s | %.2fx |" % (
                label, ", ".join("%.2f" % x for x in ratios), statistics.median(ratios)))


if __name__ == "__main__":
    main(sys.argv[1])
