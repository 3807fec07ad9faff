# Sourced by run-journal.sh and run-decode.sh: paths, the peers' workload, the JMH jar, run headers.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
peers=${PEERS:-$root/../shared/bench-peers}
work=${WORK:-/tmp/ticktape-bench}
data=$work/data

# The peers' 2,000,000-frame workload, made by their own generator (seed 20240101) on first use.
ensure_workload() {
  if [ ! -f "$data/frames.bin" ]; then
    [ -f "$peers/java/src/main/java/bench/Gen.java" ] || { echo "no peers' generator under $peers" >&2; exit 1; }
    echo "generating the peers' workload into $data ..." >&2
    mkdir -p "$work/gen" "$data"
    javac -d "$work/gen" "$peers/java/src/main/java/bench/Gen.java"
    java -cp "$work/gen" bench.Gen --frames 2000000 --out "$data" >&2
  fi
}

build_benchmarks() {
  (cd "$root" && mvn -B -q -DskipTests -pl benchmarks -am package)
}

# header OUT_DIR ROUNDS JMH_ARGS...: date, JVM and load, into OUT_DIR/header.txt and stdout
header() {
  local dir=$1 rounds=$2
  shift 2
  {
    echo "date: $(date -u +%FT%TZ)"
    echo "jvm: $(java -version 2>&1 | sed -n 2p)"
    echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "rounds: $rounds; JMH: $*"
  } | tee "$dir/header.txt"
}

# The JVM options Chronicle Queue needs on Java 17+ (as the ./ticktape launcher passes), for mains run outside JMH.
chronicle_flags=(
  --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.util=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
)

# run_jmh OUT_DIR CLASS ROUND BENCHMARK JMH_ARGS...: one JMH benchmark method, its JSON and log in OUT_DIR
run_jmh() {
  local dir=$1 class=$2 round=$3 bench=$4
  shift 4
  java -jar "$root/benchmarks/target/benchmarks.jar" "$class\.$bench\$" \
    -p frames="$data/frames.bin" -p queues="$work/queues" -prof gc "$@" \
    -rf json -rff "$dir/round$round-$bench.json" >"$dir/round$round-$bench.log" 2>&1 \
    || { tail -20 "$dir/round$round-$bench.log" >&2; exit 1; }
  echo "round $round $bench done" >&2
}
