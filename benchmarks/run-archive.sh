#!/usr/bin/env bash
# Archive benchmark (issue 19) on the peers' 2,000,000-frame workload, every figure beside its
# baseline in the same run (ArchiveBench): archive size against gzip -6 and zstd -19 of the same
# <recv_ns> <frame> lines, archiving speed, raw replay from the archive against the peers' own
# gunzip + line split (their P3 gz_read with their JsonlReader, compiled here from ../shared),
# decoded replay from the archive against the live journal, and seek on 24 archived hours.
#   ROUNDS=3  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-3}
out=$work/archive

ensure_workload
# the peers' compressed forms of the same lines: gzip -6 (their frames.jsonl.gz) and zstd -19, made once
[ -f "$data/frames.jsonl.gz" ] || gzip -6 -c "$data/frames.jsonl" >"$data/frames.jsonl.gz"
[ -f "$data/frames.jsonl.zst19" ] || zstd -q -19 -T2 -c "$data/frames.jsonl" >"$data/frames.jsonl.zst19"
build_benchmarks
rm -rf "$out" && mkdir -p "$out/peers-classes"
javac -d "$out/peers-classes" "$peers/java/src/main/java/bench/JsonlReader.java" "$here/peers/bench/GzLineSplit.java"
header "$out" "$rounds"
java "${chronicle_flags[@]}" -Xmx6g \
  -cp "$root/benchmarks/target/benchmarks.jar:$out/peers-classes" dev.ticktape.benchmarks.ArchiveBench \
  "$data/frames.bin" "$data/frames.jsonl.gz" "$(stat -c %s "$data/frames.jsonl.zst19")" "$work" "$rounds" \
  | tee "$out/log.txt" | grep '^RESULT' >"$out/archive.tsv"
# seek as a user runs it: the whole `./ticktape cat --from T --limit 1` process on the 24 archived hours, the
# launcher included (its first start after the build archives the class data; not timed)
(cd "$root" && mvn -B -q -DskipTests -pl tools -am package)
jar=$root/tools/target/ticktape.jar
if [ -f "$jar" ]; then
  "$root/ticktape" --version >/dev/null
  from=1704074400000000000 # 2024-01-01T02:00:00Z, inside the third archived hour
  for i in 1 2 3 4 5; do
    s=$(date +%s%N)
    "$root/ticktape" cat --journal "$work/archive-day" --from "$from" --limit 1 >/dev/null
    e=$(date +%s%N)
    printf 'RESULT\tseek\tcli_cat_from_limit_1_process_ms\t%d\t%.1f\tms\n' "$i" "$(( (e - s) / 1000 ))e-3" | tee -a "$out/archive.tsv"
  done
fi
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize_record.py" "$out/archive.tsv" | tee "$out/summary.md"
