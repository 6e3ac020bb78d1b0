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

echo "strategy benchmark: $days days x $rows rows, $(nproc) cores, heap $memory"
# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_spark_main "$memory" "$work" dev.tradingpipeline.jobs.bench.StrategyBenchmark \
  --days "$days" --rows-per-day "$rows" --work "$work"
