#!/usr/bin/env bash
# Submits one generation batch to a cluster with spark-submit. Edit the variables or set them in
# the environment; --files ships the config, which the job then reads by its bare file name.
set -euo pipefail
GENERATOR="${GENERATOR:-s3a://my-bucket/runs/dcgan}"      # train-dcgan run folder or checkpoint
UPSCALER="${UPSCALER:-}"                                  # SRGAN run folder; empty: bicubic
BATCH_ID="${BATCH_ID:-$(date -u +%Y%m%d)}"
COUNT="${COUNT:-1000}"
SEED="${SEED:-1}"
OUTPUT="${OUTPUT:-s3a://my-bucket/generated}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.GenerateJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --generator "$GENERATOR" ${UPSCALER:+--upscaler "$UPSCALER"} \
  --batch-id "$BATCH_ID" --count "$COUNT" --seed "$SEED" --output "$OUTPUT" "$@"
