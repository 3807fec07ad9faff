#!/usr/bin/env bash
# Export benchmark (issue 7): ticktape's exporter against DuckDB's read_json -> Parquet with the
# peers' own SQL (their P2), on the peers' bookTicker/trade workload, in the same JVM and run,
# alternating which goes first (ExportBench). Rows/s and bytes per row of zstd Parquet.
#   ROUNDS=5  WORK=/tmp/ticktape-bench  PEERS=../shared/bench-peers
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-5}
out=$work/export

ensure_workload
build_benchmarks
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds"
java "${chronicle_flags[@]}" -Xmx3g \
  -cp "$root/benchmarks/target/benchmarks.jar" dev.ticktape.benchmarks.ExportBench \
  "$data/bt_trade.jsonl" "$data/bt_trade.ndjson" "$out" "$rounds" \
  | tee "$out/log.txt" | grep '^RESULT' >"$out/export.tsv"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize_record.py" "$out/export.tsv" | tee "$out/summary.md"
