#!/usr/bin/env bash
# Decoded frames/s on the peers' workload, one thread (JMH): the ticktape decoder against Jackson
# readTree + typed extraction (the peers' baseline) and Jackson's streaming parser, in the same run.
# ROUNDS JMH runs, each with all three benchmarks in one fork each; the summary gives medians and
# the median of the per-round ratios.
#   ROUNDS=3  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
# Extra arguments go to every JMH run (default: -wi 3 -i 6).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
peers=${PEERS:-$root/../shared/bench-peers}
work=${WORK:-/tmp/ticktape-bench}
rounds=${ROUNDS:-3}
data=$work/data
out=$work/decode
jmh_args=("$@")
[ ${#jmh_args[@]} -gt 0 ] || jmh_args=(-wi 3 -i 6)

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
for r in $(seq 1 "$rounds"); do
  java -jar "$root/benchmarks/target/benchmarks.jar" 'DecodeBenchmark' -p frames="$data/frames.bin" -prof gc \
    "${jmh_args[@]}" -rf json -rff "$out/round$r-decode.json" >"$out/round$r-decode.log" 2>&1 \
    || { tail -20 "$out/round$r-decode.log" >&2; exit 1; }
  echo "round $r done" >&2
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize.py" "$out" | tee "$out/summary.md"
