#!/usr/bin/env bash
# Submit latency: time from `mvn trading:submit` to the StartJobRun request, warm, with
# unchanged artifacts, against S3Proxy (S3) and WireMock (EMR Serverless, STS) on 127.0.0.1.
# Reported beyond Maven's own start-up, measured in the same run as `mvn validate` on the same
# project. Run from the top after `mvn -B install`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-5}
servers=trading-maven-plugin/target/test-servers
if [ ! -f "$servers/s3proxy.jar" ] || [ ! -d trading-maven-plugin/target/test-classes ]; then
  echo "test servers not found: run 'mvn -B install' first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'java -cp "$cp" dev.tradingpipeline.maven.testing.ItServers stop "$work/project" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$work/project"
cp -r src/it/emr-submit-success/. "$work/project/"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
sed -i "s/@project.version@/$version/" "$work/project/pom.xml"
cp=trading-maven-plugin/target/test-classes:trading-testing/target/classes
java -cp "$cp" dev.tradingpipeline.maven.testing.ItServers start "$work/project" "$servers"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1

mvn_q() { mvn -B -q -o -f "$work/project/pom.xml" "$@" > "$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; return 1; }; }
now() { date +%s.%N; }

mvn_q trading:deploy  # warm: artifacts in place
times=""
for i in $(seq "$runs"); do
  t0=$(now); mvn_q validate; t1=$(now)
  mvn_q trading:submit -Dmode=strategy -Dtrading.wait=false; t2=$(now)
  times="$times $t0 $t1 $t2"
done
echo "$times" | awk -v runs="$runs" '{
  for (i = 1; i <= NF; i += 3) { base += $(i+1) - $i; submit += $(i+2) - $(i+1) }
  printf "maven start-up (mvn validate): %.2f s\n", base / runs
  printf "mvn trading:submit to StartJobRun, warm, unchanged artifacts: %.2f s\n", submit / runs
  printf "submit beyond maven start-up: %.2f s (target: under 5 s)\n", (submit - base) / runs
  printf "submit/startup ratio: %.2f\n", submit / base
}'
