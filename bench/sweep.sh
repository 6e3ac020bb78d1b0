#!/usr/bin/env bash
# Sweep benchmark: iron-condor sweeps of 1, 10, 100 and 1,000 combinations on ^SPX against a scan
# of the silver data they need, measured in one JVM. Run from the top after
# `mvn -B -pl trading-bench -am package -DskipTests`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_data_benchmark sweep dev.tradingpipeline.bench.SweepBenchmark 120 3000 4g target/bench-sweep "$@"
