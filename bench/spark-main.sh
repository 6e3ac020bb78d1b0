# Sourced by the Spark benchmarks: runs a main class of the trading-bench module in a JVM of its
# own, with Spark local[*] on loopback, the Java 17 --add-opens flags and the module's class path
# (the job, the sample generator, Spark and Iceberg), as its build wrote it to
# trading-bench/target/classpath.txt.
# Usage: run_spark_main <heap> <work dir> <main class> [args...]

BENCH_BUILD="mvn -B -pl trading-bench -am package -DskipTests"

run_spark_main() {
  local memory=$1 work=$2 main=$3
  shift 3
  local jar classpath=trading-bench/target/classpath.txt
  jar=$(ls trading-bench/target/trading-bench-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
  if [ -z "$jar" ] || [ ! -f "$classpath" ]; then
    echo "trading-bench jar or its class path not found: run '$BENCH_BUILD' first" >&2
    exit 1
  fi
  local entry
  while IFS= read -r -d : entry; do
    if [ ! -e "$entry" ]; then
      echo "$classpath names $entry, which is gone: run '$BENCH_BUILD' again" >&2
      exit 1
    fi
  done < <(printf '%s:' "$(cat "$classpath")")
  mkdir -p "$work"
  local opens
  opens=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=spark.add-opens -DforceStdout -N \
    | sed "s/\x1b\[[0-9;]*m//g")
  # shellcheck disable=SC2086
  # a fixed heap: no resizing pauses in the middle of a timed run
  java -Xms"$memory" -Xmx"$memory" $opens ${BENCH_JAVA_OPTS:-} \
    -Dspark.master='local[*]' -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -Dspark.ui.enabled=false -Dlog4j.configurationFile=bench/log4j2.properties \
    -cp "$jar:$(cat "$classpath")" "$main" "$@"
}

# The benchmarks that load sample data into silver themselves (strategy.sh, sweep.sh): parses
# [--days N] [--rows-per-day M] [--memory HEAP] [--work DIR] over the given defaults, prints the
# first line, then runs the main with them.
# Usage: run_data_benchmark <name> <main class> <days> <rows> <heap> <work> "$@"
run_data_benchmark() {
  local name=$1 main=$2 days=$3 rows=$4 memory=$5 work=$6
  shift 6
  local usage="usage: bench/$name.sh [--days N] [--rows-per-day M] [--memory $memory] [--work DIR]"
  while [ $# -gt 0 ]; do
    case "$1" in
      --days) days=$2; shift 2 ;;
      --rows-per-day) rows=$2; shift 2 ;;
      --memory) memory=$2; shift 2 ;;
      --work) work=$2; shift 2 ;;
      -h|--help) echo "$usage" >&2; exit 2 ;;
      *) echo "unknown option $1" >&2; echo "$usage" >&2; exit 2 ;;
    esac
  done
  echo "$name benchmark: $days days x $rows rows, $(nproc) cores, heap $memory"
  run_spark_main "$memory" "$work" "$main" --days "$days" --rows-per-day "$rows" --work "$work"
}
