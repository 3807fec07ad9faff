#!/usr/bin/env bash
# Decoded frames/s on the peers' workload, one thread (JMH): the ticktape decoder against Jackson
# readTree + typed extraction (the peers' baseline) and Jackson's streaming parser, in the same run.
# ROUNDS JMH runs, each with all three benchmarks in one fork each; the summary gives medians and
# the median of the per-round ratios.
#   ROUNDS=3  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
# Extra arguments go to every JMH run (default: -wi 3 -i 6).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-3}
out=$work/decode
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 3 -i 6)

ensure_workload
build_benchmarks
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds" "${jmh_args[@]}"
for r in $(seq 1 "$rounds"); do
  java -jar "$root/benchmarks/target/benchmarks.jar" 'DecodeBenchmark' -p frames="$data/frames.bin" -prof gc \
    "${jmh_args[@]}" -rf json -rff "$out/round$r-decode.json" >"$out/round$r-decode.log" 2>&1 \
    || { tail -20 "$out/round$r-decode.log" >&2; exit 1; }
  echo "round $r done" >&2
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
