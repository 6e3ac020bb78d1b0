#!/usr/bin/env bash
# Strategy benchmark: the strategy run (simulations and gold tables) against a scan of the
# silver data it needs, measured in one run. Run from the top after
# `mvn -B -pl trading-bench -am package -DskipTests`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=bench/spark-main.sh
. bench/spark-main.sh
run_data_benchmark strategy dev.tradingpipeline.bench.StrategyBenchmark 60 50000 8g target/bench-strategy "$@"
