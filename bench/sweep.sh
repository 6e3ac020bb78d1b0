#!/usr/bin/env bash
# Sweep benchmark: iron-condor sweeps of 1, 10, 100 and 1,000 combinations on ^SPX against a scan
# of the silver data they need, measured in one JVM. Run from the top after
# `mvn -B install`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

days=120
rows=3000
memory=4g
work=target/bench-sweep
usage() {
  echo "usage: bench/sweep.sh [--days N] [--rows-per-day M] [--memory 4g] [--work DIR]" >&2
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

echo "sweep benchmark: $days days x $rows ^SPX rows, $(nproc) cores, heap $memory"
# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_spark_main "$memory" "$work" dev.tradingpipeline.jobs.bench.SweepBenchmark \
  --days "$days" --rows-per-day "$rows" --work "$work"
