#!/usr/bin/env bash
# Strategy benchmark: the strategy run (simulations and gold tables) against a scan of the
# silver data it needs, measured in one run. Run from the top after
# `mvn -B install`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

days=60
rows=50000
memory=8g
work=target/bench-strategy
usage() {
  echo "usage: bench/strategy.sh [--days N] [--rows-per-day M] [--memory 8g] [--work DIR]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --days) days=$2; shift 2 ;;
    --rows-per-day) rows=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done

jar=$(ls trading-jobs/target/trading-jobs-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
if [ -z "$jar" ]; then
  echo "trading-jobs jar not found: run 'mvn -B install' first" >&2
  exit 1
fi
mkdir -p "$work"
mvn -B -q -pl trading-jobs dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$work/classpath.txt" >/dev/null
opens=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=spark.add-opens -DforceStdout -N | sed "s/\x1b\[[0-9;]*m//g")

echo "strategy benchmark: $days days x $rows rows, $(nproc) cores, heap $memory"
# shellcheck disable=SC2086
java -Xmx"$memory" $opens \
  -Dspark.master='local[*]' -Dspark.driver.host=127.0.0.1 -Dspark.driver.bindAddress=127.0.0.1 \
  -Dspark.ui.enabled=false -Dlog4j.configurationFile=bench/log4j2.properties \
  -cp "$jar:$(cat "$work/classpath.txt")" dev.tradingpipeline.jobs.bench.StrategyBenchmark \
  --days "$days" --rows-per-day "$rows" --work "$work"
