#!/usr/bin/env bash
# Submits the main job (draw, prepare, train the DCGAN and SRGANs, generate a batch) to a cluster
# with spark-submit, client mode by default so that the printed paths are the driver's.
set -euo pipefail
OUTPUT="${OUTPUT:-s3a://my-bucket/pipeline}"              # the work folder of every stage
DEPLOY_MODE="${DEPLOY_MODE:-client}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.PipelineJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --output "$OUTPUT" "$@"
