#!/usr/bin/env bash
# Ingest benchmark: our bootstrap (landing CSV -> bronze + silver) against a plain Spark
# CSV -> Parquet copy of the same files, measured in one run. Run from the top after
# `mvn -B -pl trading-bench -am package -DskipTests`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

days=40
rows=250000
batch=10
memory=8g
work=target/bench
set=
runs=2
usage() {
  echo "usage: bench/ingest.sh [--days N] [--rows-per-day M] [--files-per-batch B] [--memory 8g] [--work DIR] [--set key=value,...] [--runs 2]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --days) days=$2; shift 2 ;;
    --rows-per-day) rows=$2; shift 2 ;;
    --files-per-batch) batch=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --set) set=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done

echo "ingest benchmark: $days days x $rows rows, $batch files per batch, $(nproc) cores, heap $memory"
# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_spark_main "$memory" "$work" dev.tradingpipeline.bench.IngestBenchmark \
  --days "$days" --rows-per-day "$rows" --files-per-batch "$batch" --work "$work" --set "$set" --runs "$runs"
