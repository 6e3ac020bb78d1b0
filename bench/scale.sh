#!/usr/bin/env bash
# Scale benchmark: a bootstrap of many small files, one file per batch; prints how the cost of a
# late batch compares with an early one, and the metadata size after the load and after
# maintenance. Run from the top after
# `mvn -B -pl trading-bench -am package -DskipTests`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

files=250
rows=2000
memory=4g
work=target/bench-scale
usage() {
  echo "usage: bench/scale.sh [--files N] [--rows-per-file M] [--memory 4g] [--work DIR]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --rows-per-file) rows=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done

echo "scale benchmark: $files files x $rows rows, one file per batch, $(nproc) cores, heap $memory"
# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_spark_main "$memory" "$work" dev.tradingpipeline.bench.ScaleBenchmark \
  --files "$files" --rows-per-file "$rows" --work "$work"
