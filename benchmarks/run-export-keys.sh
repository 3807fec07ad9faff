#!/usr/bin/env bash
# Export at thousands of keys (issue 22): `ticktape export --type depthUpdate` (-Xmx1g) of a whole-market journal
# (run-market.sh's feed: 2,000 spot + 500 usdm symbols, `simulate --market-scale 2000,500 --steps 1000`, recorded with
# symbols: all for MANY_SECONDS) against a few-symbol one (the simulator's 5 symbols a market at `--rate max`, recorded
# the same way for FEW_SECONDS), both with the same stream types and about the same number of frames (8.8 M), so that
# the key count is what differs: an export's rows/s also carries its fixed costs (the JVM's start, the JIT's
# compilations), which a short export pays over fewer rows. Alternating, ROUNDS each; an existing journal in WORK is
# reused (FRESH=1 records them again).
#   ROUNDS=3 MANY_SECONDS=230 FEW_SECONDS=20 WORK=/tmp/ticktape-bench
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-3}
out=$work/export-keys
mkdir -p "$out"
(cd "$root" && mvn -B -q -DskipTests -pl tools -am package)
"$root/ticktape" --version >/dev/null # the launcher's first start after a build archives the class data: not in a timing

# record NAME SECONDS SIMULATE_ARGS...: a journal of the simulator's feed, symbols: all on both markets, no snapshots
record() {
  local name=$1 seconds=$2
  shift 2
  local dir=$out/$name
  if [ -d "$dir/journal" ] && [ -z "${FRESH:-}" ]; then
    return
  fi
  rm -rf "$dir" && mkdir -p "$dir"
  "$root/ticktape" simulate "$@" >"$dir/simulator.out" 2>"$dir/simulator.err" &
  local sim=$!
  for _ in $(seq 1 600); do
    grep -q 'REST at' "$dir/simulator.err" 2>/dev/null && break
    kill -0 "$sim" 2>/dev/null || { cat "$dir/simulator.err" >&2; exit 1; }
    sleep 0.1
  done
  cat >"$dir/record.yaml" <<EOF
journal: $dir/journal
snapshots: false
markets:
  spot:
    endpoint: $(awk '$1 == "spot" { print $2 }' "$dir/simulator.out")
    restEndpoint: $(sed -n 's/.*REST at \(http[^ ]*\).*/\1/p' "$dir/simulator.err")
    symbols: all
    streamTypes: [trade, bookTicker, depth@100ms]
  usdm:
    endpoint: $(awk '$1 == "usdm" { print $2 }' "$dir/simulator.out")
    restEndpoint: $(sed -n 's/.*REST at \(http[^ ]*\).*/\1/p' "$dir/simulator.err")
    symbols: all
    streamTypes: [aggTrade, bookTicker, depth@100ms]
EOF
  "$root/ticktape" record --config "$dir/record.yaml" >"$dir/recorder.out" 2>"$dir/recorder.err" &
  local rec=$!
  sleep "$seconds"
  kill "$rec" && wait "$rec" || true
  kill "$sim" && wait "$sim" || true
  echo "$name: $("$root/ticktape" inspect --journal "$dir/journal" | awk '$1 == "frames" { print $2 }') frames"
}

record many "${MANY_SECONDS:-230}" --market-scale 2000,500 --steps 1000
record few "${FEW_SECONDS:-20}" --rate max

header "$out" "$rounds"
: >"$out/export.tsv"
# export NAME ROUND: rows/s of the depthUpdate table, and the peak resident memory
export_one() {
  local name=$1 round=$2 log=$out/$1-$2.log
  rm -rf "$out/parquet"
  TICKTAPE_JAVA_OPTS=-Xmx1g /usr/bin/time -f 'peak_rss_kb %M' "$root/ticktape" export --journal "$out/$name/journal" \
    --type depthUpdate --out "$out/parquet" >"$log" 2>&1
  local rate rss
  rate=$(grep -o '[0-9,]* rows/s' "$log" | tr -d ', rows/s')
  rss=$(awk '$1 == "peak_rss_kb" { print $2 }' "$log")
  printf 'RESULT\texport\t%s_rows_per_s\t%s\t%s\trows/s\n' "$name" "$round" "$rate" >>"$out/export.tsv"
  printf 'RESULT\texport\t%s_peak_rss_mb\t%s\t%s\tMB\n' "$name" "$round" "$((rss / 1024))" >>"$out/export.tsv"
  echo "$rate"
}
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then
    few=$(export_one few "$round"); many=$(export_one many "$round")
  else
    many=$(export_one many "$round"); few=$(export_one few "$round")
  fi
  printf 'RESULT\texport\tmany_over_few\t%s\t%s\tratio\n' "$round" "$(echo "scale=3; $many / $few" | bc)" >>"$out/export.tsv"
done
rm -rf "$out/parquet"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize_record.py" "$out/export.tsv" | tee "$out/summary.md"
