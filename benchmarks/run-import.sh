#!/usr/bin/env bash
# Import benchmark (issue 22): `ticktape import` (Importer, journaling every line of the peers'
# frames.jsonl.gz into a fresh journal) against the peers' own gunzip + line split (their P3 gz_read
# with their JsonlReader, compiled here from ../shared) on the same file, alternating, in one JVM; and the process's
# CPU time a line for each.
#   ROUNDS=5  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-5}
out=$work/import

ensure_workload
[ -f "$data/frames.jsonl.gz" ] || gzip -6 -c "$data/frames.jsonl" >"$data/frames.jsonl.gz"
build_benchmarks
rm -rf "$out" && mkdir -p "$out/peers-classes"
javac -d "$out/peers-classes" "$peers/java/src/main/java/bench/JsonlReader.java" "$here/peers/bench/GzLineSplit.java"
header "$out" "$rounds"
java "${chronicle_flags[@]}" -Xmx2g \
  -cp "$root/benchmarks/target/benchmarks.jar:$out/peers-classes" dev.ticktape.benchmarks.ImportBench \
  "$data/frames.jsonl.gz" "$work" "$rounds" \
  | tee "$out/log.txt" | grep '^RESULT' >"$out/import.tsv"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize_record.py" "$out/import.tsv" | tee "$out/summary.md"
