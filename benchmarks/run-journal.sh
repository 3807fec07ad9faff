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
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
peers=${PEERS:-$root/../shared/bench-peers}
work=${WORK:-/tmp/ticktape-bench}
rounds=${ROUNDS:-5}
data=$work/data
out=$work/journal
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 2 -i 5)

if [ ! -f "$data/frames.bin" ]; then
  [ -f "$peers/java/src/main/java/bench/Gen.java" ] || { echo "no peers' generator under $peers" >&2; exit 1; }
  echo "generating the peers' workload into $data ..." >&2
  mkdir -p "$work/gen" "$data"
  javac -d "$work/gen" "$peers/java/src/main/java/bench/Gen.java"
  java -cp "$work/gen" bench.Gen --frames 2000000 --out "$data" >&2
fi

(cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
rm -rf "$out" && mkdir -p "$out"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "jvm: $(java -version 2>&1 | sed -n 2p)"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rounds: $rounds; JMH: ${jmh_args[*]}"
} | tee "$out/header.txt"

run() { # round benchmark
  java -jar "$root/benchmarks/target/benchmarks.jar" "JournalBenchmark\.$2\$" \
    -p frames="$data/frames.bin" -p queues="$work/queues" -prof gc "${jmh_args[@]}" \
    -rf json -rff "$out/round$1-$2.json" >"$out/round$1-$2.log" 2>&1 \
    || { tail -20 "$out/round$1-$2.log" >&2; exit 1; }
  echo "round $1 $2 done" >&2
}

for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    run "$r" rawChronicleAppend; run "$r" journalAppend; run "$r" rawChronicleRead; run "$r" journalRead
  else
    run "$r" journalAppend; run "$r" rawChronicleAppend; run "$r" journalRead; run "$r" rawChronicleRead
  fi
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
