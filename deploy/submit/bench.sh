#!/usr/bin/env bash
# Submits the speed measurements to a cluster with spark-submit (client mode: bench.json lands
# where OUTPUT says).
set -euo pipefail
OUTPUT="${OUTPUT:-s3a://my-bucket/bench}"
DEPLOY_MODE="${DEPLOY_MODE:-client}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.BenchJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --output "$OUTPUT" "$@"
