#!/usr/bin/env bash
# The simulator at market scale (issue 22): SimulatorBench, marketScale(SPOT, FUTURES) stepping as fast as it can,
# loaded by the real Recorder (trade/aggTrade, bookTicker, depth@100ms of every symbol) in the same JVM, on this
# machine's 2 cores. Per window: frames/s sent, the model thread's share of a core and frames per CPU-second of it
# (the target: 200 k frames/s from one core). Median over the windows.
#   SPOT=2000 FUTURES=500 WINDOWS=5 WINDOW_SECONDS=5 WORK=/tmp/ticktape-bench
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
out=$work/simulator
rm -rf "$out" && mkdir -p "$out"
build_benchmarks
header "$out" "${WINDOWS:-5}" "SPOT=${SPOT:-2000} FUTURES=${FUTURES:-500} WINDOW_SECONDS=${WINDOW_SECONDS:-5}"
java "${chronicle_flags[@]}" -Xmx2g -cp "$root/benchmarks/target/benchmarks.jar" dev.ticktape.benchmarks.SimulatorBench \
  "${SPOT:-2000}" "${FUTURES:-500}" "$out" "${WINDOWS:-5}" "${WINDOW_SECONDS:-5}" | tee "$out/results.txt"
python3 - "$out/results.txt" <<'PY'
import re, statistics, sys
rows = [dict(kv.split("=") for kv in line.split()[2:]) for line in open(sys.argv[1]) if line.startswith("RESULT simulator")]
for key in ("frames_per_s", "model_thread_core", "frames_per_model_cpu_s"):
    values = [float(r[key]) for r in rows]
    print(f"{key}: median {statistics.median(values):,.2f} (min {min(values):,.2f}, max {max(values):,.2f})")
PY
