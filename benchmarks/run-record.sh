#!/usr/bin/env bash
# End-to-end recording over loopback against the peers' Node `ws` JSONL recorder, in the same run.
# Each round runs both clients against a fresh peers' feed server (../shared/bench-peers/node/server.js,
# text frames, P1_WARMUP + P1_FRAMES of the peers' workload), in alternating order, each right before it
# starts writing, PRETOUCH_MB of page cache touched and freed (the peers' P1 procedure, see their README;
# for the JVM after its start-up, by RecordBench itself):
#   node_jsonl  the peers' node/client.js, batched writes of "<ts> <json>\n" (their figure (a))
#   ticktape    benchmarks' RecordBench: the real Recorder (draft, ring, journal thread, chain checks)
# Both time the frames after the warm-up until the output is complete. CPU: ticktape's process CPU
# over that window per frame, and both processes' whole CPU (user + sys, /usr/bin/time) per frame.
#   VARIANTS="node_jsonl ticktape"  RECORD_BENCH_OPTS=-Dticktape.bench.threads=true (per-thread CPU)
#   ROUNDS=5 P1_FRAMES=1000000 P1_WARMUP=200000 PRETOUCH_MB=768 WORK=/tmp/ticktape-bench PEERS=...
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
rounds=${ROUNDS:-5}
measured=${P1_FRAMES:-1000000}
warmup=${P1_WARMUP:-200000}
count=$((warmup + measured))
out=$work/record
node_dir=$work/node

ensure_workload
build_benchmarks
if [ ! -d "$node_dir/node_modules/ws" ] || ! cmp -s "$peers/node/package-lock.json" "$node_dir/package-lock.json"; then
  mkdir -p "$node_dir"
  cp "$peers/node/package.json" "$peers/node/package-lock.json" "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund >/dev/null)
fi
export NODE_PATH=$node_dir/node_modules
rm -rf "$out" && mkdir -p "$out"
header "$out" "$rounds" "P1_FRAMES=$measured P1_WARMUP=$warmup"

jflags=("${chronicle_flags[@]}" -Xmx2g)

# one VARIANT ROUND: a fresh server, then the client; RESULT lines go to $out/results.tsv
one() {
  local variant=$1 round=$2 srv_out port
  srv_out=$(mktemp "$out/server.XXXXXX")
  node "$peers/node/server.js" --frames "$data/frames.bin" --count "$count" --timeout-s 200 >"$srv_out" 2>&1 &
  local srv=$!
  for _ in $(seq 1 200); do
    grep -q '^LISTENING' "$srv_out" 2>/dev/null && break
    kill -0 $srv 2>/dev/null || { cat "$srv_out" >&2; exit 1; }
    sleep 0.05
  done
  port=$(awk '/^LISTENING/{print $2}' "$srv_out")
  [ -n "$port" ] || { echo "the feed server did not start" >&2; cat "$srv_out" >&2; exit 1; }
  # The Node client is pretouched for here, right before it starts (its start-up takes ~0.1 s); the JVM pretouches
  # itself once started (RecordBench --pretouch-mb), since this VM returns freed pages to the host within seconds.
  if [ "$variant" = node_jsonl ] && [ "${PRETOUCH_MB:-768}" -gt 0 ]; then
    dd if=/dev/zero of="$out/pretouch" bs=1M count="${PRETOUCH_MB:-768}" status=none
    rm -f "$out/pretouch"
  fi
  local time_file=$out/time-$variant-$round.txt
  case $variant in
    node_jsonl)
      /usr/bin/time -f "%U %S" -o "$time_file" timeout 220 node "$peers/node/client.js" --url "ws://127.0.0.1:$port" \
        --expect "$count" --skip "$warmup" --out "$out/node.jsonl" --tag node_jsonl --run "$round" >>"$out/results.tsv" 2>>"$out/clients.log" ;;
    ticktape)
      # shellcheck disable=SC2086 # RECORD_BENCH_OPTS: extra JVM options, e.g. -Dticktape.bench.threads=true
      /usr/bin/time -f "%U %S" -o "$time_file" timeout 220 java "${jflags[@]}" ${RECORD_BENCH_OPTS:-} -cp "$root/benchmarks/target/benchmarks.jar" \
        dev.ticktape.benchmarks.RecordBench --url "ws://127.0.0.1:$port" --expect "$count" --skip "$warmup" \
        --journal "$out/journal" --run "$round" --pretouch-mb "${PRETOUCH_MB:-768}" 2>>"$out/clients.log" | tee -a "$out/threads.txt" | grep '^RESULT' >>"$out/results.tsv" ;;
  esac
  awk -v v="$variant" -v r="$round" -v n="$count" '{ printf "RESULT\trecord\t%s_process_cpu_us_per_frame\t%s\t%.3f\tus/frame\n", v, r, ($1 + $2) * 1e6 / n }' \
    "$time_file" >>"$out/results.tsv"
  wait $srv || { echo "feed server failed" >&2; cat "$srv_out" >&2; exit 1; }
  rm -rf "$srv_out" "$out/node.jsonl" "$out/journal"
}

variants=${VARIANTS:-node_jsonl ticktape}
for r in $(seq 1 "$rounds"); do
  order=$variants
  [ $((r % 2)) -eq 0 ] && order=$(echo "$variants" | tr ' ' '\n' | tac | tr '\n' ' ')
  for v in $order; do one "$v" "$r"; done
  echo "round $r done" >&2
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/header.txt"
python3 "$here/summarize_record.py" "$out/results.tsv" | tee "$out/summary.md"
