#!/usr/bin/env bash
# Whole-market recording (issue 22): `ticktape simulate --market-scale SPOT,FUTURES --steps STEPS` in one process
# (a few busy symbols and a long quiet tail; 1000 steps a second makes the busiest symbol's every millisecond an
# event), and `ticktape record` in another with symbols: all on both markets: spot trade, bookTicker and depth@100ms,
# usdm aggTrade, bookTicker and depth@100ms (2,000 + 500 symbols: 7,500 streams, and !contractInfo), REST snapshots at
# SNAPSHOT_LIMIT levels. Both run as a user runs them (the ./ticktape launcher, its default JVM options).
# Measured, from the recorder's metrics and /proc:
#   - seconds from the start until every stream is live (ticktape_streams_live) and until every book is synced
#     (ticktape_books_all_synced_seconds >= 0 on both markets);
#   - over MEASURE_SECONDS of steady recording after that: the recorder's CPU (all its threads, user + sys) per frame
#     journaled, frames a second, its peak resident memory (VmHWM), ring-full events and gaps.
#   SPOT=2000 FUTURES=500 STEPS=1000 SNAPSHOT_LIMIT=100 MEASURE_SECONDS=60 SYNC_TIMEOUT=600 WORK=/tmp/ticktape-bench
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
spot=${SPOT:-2000}
futures=${FUTURES:-500}
steps=${STEPS:-1000}
limit=${SNAPSHOT_LIMIT:-100}
measure=${MEASURE_SECONDS:-60}
sync_timeout=${SYNC_TIMEOUT:-600}
out=$work/market
rm -rf "$out" && mkdir -p "$out"
(cd "$root" && mvn -B -q -DskipTests -pl tools -am package)
"$root/ticktape" --version >/dev/null # the launcher's first start after a build archives the class data: not in a timing
{
  echo "date: $(date -u +%FT%TZ)"
  echo "jvm: $(java -version 2>&1 | sed -n 2p)"
  echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "market: $spot spot + $futures usdm symbols, $steps steps/s, snapshots of $limit levels, $measure s measured"
} | tee "$out/header.txt"

sim_pid=
rec_pid=
cleanup() {
  [ -n "$rec_pid" ] && kill "$rec_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

"$root/ticktape" simulate --market-scale "$spot,$futures" --steps "$steps" >"$out/simulator.out" 2>"$out/simulator.err" &
sim_pid=$!
for _ in $(seq 1 600); do
  grep -q 'REST at' "$out/simulator.err" 2>/dev/null && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$out/simulator.err" >&2; exit 1; }
  sleep 0.1
done
spot_ws=$(awk '$1 == "spot" { print $2 }' "$out/simulator.out")
usdm_ws=$(awk '$1 == "usdm" { print $2 }' "$out/simulator.out")
rest=$(sed -n 's/.*REST at \(http[^ ]*\).*/\1/p' "$out/simulator.err")
[ -n "$spot_ws" ] && [ -n "$usdm_ws" ] && [ -n "$rest" ] || { echo "the simulator did not start" >&2; exit 1; }
metrics_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat >"$out/market.yaml" <<EOF
journal: $out/journal
snapshotLimit: $limit
markets:
  spot:
    endpoint: $spot_ws
    restEndpoint: $rest
    symbols: all
    streamTypes: [trade, bookTicker, depth@100ms]
  usdm:
    endpoint: $usdm_ws
    restEndpoint: $rest
    symbols: all
    streamTypes: [aggTrade, bookTicker, depth@100ms]
EOF

start_ns=$(date +%s%N)
"$root/ticktape" record --config "$out/market.yaml" --metrics-port "$metrics_port" >"$out/recorder.out" 2>"$out/recorder.err" &
rec_pid=$!

# metric NAME [LABEL]: the sum of a metric's samples (with the label, only those), or empty before the server is up
metric() {
  { curl -s --max-time 2 "http://127.0.0.1:$metrics_port/metrics" 2>/dev/null || true; } \
    | awk -v name="$1" -v label="${2:-}" '$1 ~ "^" name "({|$)" && (label == "" || index($1, label)) { s += $2; n++ } END { if (n) printf "%.0f\n", s }'
}
elapsed() { echo "scale=1; ($(date +%s%N) - $start_ns) / 1000000000" | bc; }
expected_streams=$(( spot * 3 + futures * 3 + 1 ))

live_s=
synced_s=
deadline=$(( $(date +%s) + sync_timeout ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  kill -0 "$rec_pid" 2>/dev/null || { echo "the recorder stopped:" >&2; tail -5 "$out/recorder.err" >&2; exit 1; }
  live=$(metric ticktape_streams_live)
  if [ -z "$live_s" ] && [ -n "$live" ] && [ "$live" -ge "$expected_streams" ]; then
    live_s=$(elapsed)
    echo "every stream live ($live) after $live_s s" >&2
  fi
  s_spot=$(metric ticktape_books_all_synced_seconds 'market="spot"')
  s_usdm=$(metric ticktape_books_all_synced_seconds 'market="usdm"')
  if [ -n "$live_s" ] && [ -n "$s_spot" ] && [ -n "$s_usdm" ] && [ "$s_spot" -ge 0 ] && [ "$s_usdm" -ge 0 ]; then
    synced_s=$(elapsed)
    echo "every book synced after $synced_s s" >&2
    break
  fi
  sleep 1
done
[ -n "$synced_s" ] || echo "not every book synced within $sync_timeout s (books synced: $(metric ticktape_books_synced) of $(metric ticktape_books))" >&2

ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$rec_pid/stat"; }
# per thread: "name<TAB>ticks" of every thread of the recorder (names as the JVM sets them, 15 characters)
threads_cpu() {
  for t in /proc/"$rec_pid"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null)"
  done
}
threads_cpu >"$out/threads0.tsv"
frames0=$(metric ticktape_frames_total)
cpu0=$(cpu)
t0=$(date +%s%N)
sleep "$measure"
frames1=$(metric ticktape_frames_total)
cpu1=$(cpu)
t1=$(date +%s%N)
threads_cpu >"$out/threads1.tsv"
hwm_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$rec_pid/status")
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$rec_pid/status")
ring_full=$(metric ticktape_ring_full_total)
gaps=$(metric ticktape_gaps_total)
reconnects=$(metric ticktape_reconnects_total)
python3 - "$frames0" "$frames1" "$cpu0" "$cpu1" "$ticks" "$t0" "$t1" "$hwm_kb" "$rss_kb" "${ring_full:-0}" "${gaps:-0}" \
  "${reconnects:-0}" "${live_s:--}" "${synced_s:--}" <<'EOF' | tee "$out/result.txt"
import sys
f0, f1, c0, c1, tck, t0, t1, hwm, rss, ring, gaps, reconnects = (float(x) for x in sys.argv[1:13])
live, synced = sys.argv[13:15]
frames = f1 - f0
seconds = (t1 - t0) / 1e9
cpu = (c1 - c0) / tck
print(f"frames journaled: {frames:.0f} in {seconds:.1f} s ({frames / seconds:,.0f} frames/s)")
print(f"recorder CPU, all threads: {cpu:.2f} s = {cpu / seconds * 100:.0f}% of a core; {cpu / frames * 1e6:.2f} us per frame (target <= 2)")
print(f"recorder resident memory: peak {hwm / 1024:.0f} MB, now {rss / 1024:.0f} MB (target <= 1024)")
print(f"ring-full events {ring:.0f}, gaps {gaps:.0f}, reconnects {reconnects:.0f} (targets 0)")
print(f"every stream live after {live} s; every book synced after {synced} s")
EOF
# the recorder's CPU by thread name over the measured window, per frame
python3 - "$out/threads0.tsv" "$out/threads1.tsv" "$frames0" "$frames1" "$ticks" <<'EOF' | tee -a "$out/result.txt"
import sys, collections
def load(path):
    d = collections.Counter()
    for line in open(path):
        name, _, ticks = line.rstrip("\n").partition("\t")
        if ticks:
            d[name.rstrip("0123456789-#")] += float(ticks)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
frames = float(sys.argv[4]) - float(sys.argv[3])
tck = float(sys.argv[5])
print("recorder CPU by thread (us per frame):", ", ".join(f"{n or '?'} {(b[n] - a.get(n, 0)) / tck / frames * 1e6:.2f}"
      for n in sorted(b, key=lambda n: a.get(n, 0) - b[n]) if b[n] - a.get(n, 0) > 0))
EOF
