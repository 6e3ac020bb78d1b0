# Sourced by the Spark benchmarks: runs a main class of trading-jobs in a JVM of its own, with
# Spark local[*] on loopback, the Java 17 --add-opens flags and the job's full class path.
# Usage: run_spark_main <heap> <work dir> <main class> [args...]

run_spark_main() {
  local memory=$1 work=$2 main=$3
  shift 3
  local jar
  jar=$(ls trading-jobs/target/trading-jobs-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
  if [ -z "$jar" ]; then
    echo "trading-jobs jar not found: run 'mvn -B install' first" >&2
    exit 1
  fi
  mkdir -p "$work"
  mvn -B -q -pl trading-jobs dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$work/classpath.txt" >/dev/null
  local opens
  opens=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=spark.add-opens -DforceStdout -N \
    | sed "s/\x1b\[[0-9;]*m//g")
  # shellcheck disable=SC2086
  # a fixed heap: no resizing pauses in the middle of a timed run
  java -Xms"$memory" -Xmx"$memory" $opens ${BENCH_JAVA_OPTS:-} \
    -Dspark.master='local[*]' -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
    -Dspark.ui.enabled=false -Dlog4j.configurationFile=bench/log4j2.properties \
    -cp "$jar:$(cat "$work/classpath.txt")" "$main" "$@"
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
