#!/usr/bin/env bash
# Replay benchmarks (issue 6): raw and decoded replay frames/s at max speed against the peers' raw
# Chronicle tailer and their tailer + Jackson readTree replay (JMH ReplayBenchmark, ROUNDS rounds,
# benchmarks in alternating order), and pacing
# accuracy at x1 and x10 (PacingBench: the replayer's own lateness histogram over SECONDS of wall time),
# then the four replays again in one JVM, pass by pass (ReplayPairs: PAIRS pairs of passes seconds apart).
#   ROUNDS=3  SECONDS_PER_PACE=10  PAIRS=12  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
# Extra arguments go to every JMH run (default: -wi 2 -i 5).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_PACE:-10}
pairs=${PAIRS:-12}
out=$work/replay
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 2 -i 5)

ensure_workload
build_benchmarks
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds" "${jmh_args[@]}"
run() { run_jmh "$out" ReplayBenchmark "$1" "$2" "${jmh_args[@]}"; } # round benchmark
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    run "$r" rawChronicleReadReopened; run "$r" replayRaw; run "$r" replayDecoded; run "$r" rawChronicleReadJackson
  else
    run "$r" rawChronicleReadJackson; run "$r" replayDecoded; run "$r" replayRaw; run "$r" rawChronicleReadReopened
  fi
done
java "${chronicle_flags[@]}" \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.ticktape.benchmarks.PacingBench "$data/frames.bin" "$work" "$seconds" "$rounds" \
  | grep '^RESULT' >"$out/pacing.tsv"
java -Xms4g -Xmx4g "${chronicle_flags[@]}" \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.ticktape.benchmarks.ReplayPairs "$data/frames.bin" "$work/queues" "$pairs" 2 \
  | grep '^RESULT' >"$out/pairs.tsv"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
python3 "$here/summarize_record.py" "$out/pacing.tsv" | tee -a "$out/summary.md"
python3 "$here/summarize_record.py" "$out/pairs.tsv" | tee -a "$out/summary.md"
