#!/usr/bin/env bash
# Submits dataset preparation to a cluster with spark-submit.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/raw/bayc}"                # any folder of images (+ metadata)
OUTPUT="${OUTPUT:-s3a://my-bucket/datasets/bayc}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.PrepareJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --output "$OUTPUT" "$@"
