#!/usr/bin/env bash
# Journal append/read throughput against raw Chronicle Queue on the peers' workload (JMH).
#
# The workload comes from ../shared/bench-peers' own generator (2,000,000 frames, seed 20240101).
# This machine is shared and its page state swings write rates by 3x (see the peers' README), so
# the script runs ROUNDS rounds; each round runs the raw and the journal benchmark back to back
# (alternating which goes first), one JMH fork each. The summary gives per-benchmark medians and
# the median of the per-round journal/raw ratios.
#   ROUNDS=5  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
# Extra arguments go to every JMH run (default: -wi 2 -i 5).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-5}
out=$work/journal
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 2 -i 5)

ensure_workload
build_benchmarks
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds" "${jmh_args[@]}"

run() { run_jmh "$out" JournalBenchmark "$1" "$2" "${jmh_args[@]}"; } # round benchmark

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    run "$r" rawChronicleAppend; run "$r" journalAppend; run "$r" rawChronicleRead; run "$r" journalRead
  else
    run "$r" journalAppend; run "$r" rawChronicleAppend; run "$r" journalRead; run "$r" rawChronicleRead
  fi
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
