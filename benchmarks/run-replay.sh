#!/usr/bin/env bash
# Replay benchmarks (issue 6): raw and decoded replay frames/s at max speed against the peers' raw
# Chronicle tailer (JMH ReplayBenchmark, ROUNDS rounds, benchmarks in alternating order), and pacing
# accuracy at x1 and x10 (PacingBench: the replayer's own lateness histogram over SECONDS of wall time).
#   ROUNDS=3  SECONDS_PER_PACE=10  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
# Extra arguments go to every JMH run (default: -wi 2 -i 5).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-3}
seconds=${SECONDS_PER_PACE:-10}
out=$work/replay
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 2 -i 5)

ensure_workload
build_benchmarks
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds" "${jmh_args[@]}"
run() { # round benchmark
  java -jar "$root/benchmarks/target/benchmarks.jar" "ReplayBenchmark\.$2\$" \
    -p frames="$data/frames.bin" -p queues="$work/queues" -prof gc "${jmh_args[@]}" \
    -rf json -rff "$out/round$1-$2.json" >"$out/round$1-$2.log" 2>&1 \
    || { tail -20 "$out/round$1-$2.log" >&2; exit 1; }
  echo "round $1 $2 done" >&2
}
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    run "$r" rawChronicleReadReopened; run "$r" replayRaw; run "$r" replayDecoded
  else
    run "$r" replayDecoded; run "$r" replayRaw; run "$r" rawChronicleReadReopened
  fi
done
java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.ticktape.benchmarks.PacingBench "$data/frames.bin" "$work" "$seconds" "$rounds" \
  | grep '^RESULT' >"$out/pacing.tsv"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
python3 "$here/summarize_record.py" "$out/pacing.tsv" | tee -a "$out/summary.md"
