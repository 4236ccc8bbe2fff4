#!/usr/bin/env bash
# Submits the evaluation of a trained generator to a cluster with spark-submit.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/runs/dcgan}"              # run folder or checkpoint
OUTPUT="${OUTPUT:-s3a://my-bucket/runs/dcgan/eval}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.EvaluateJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --output "$OUTPUT" "$@"
