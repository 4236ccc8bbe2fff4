#!/usr/bin/env bash
# Submits SRGAN training (one upscaling factor per run) to a cluster with spark-submit. Edit the
# variables or set them in the environment; extra arguments (e.g. --resume) go to the job.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/datasets/bayc}"           # a prepared dataset with both resolutions
OUTPUT="${OUTPUT:-s3a://my-bucket/runs/srgan-x4}"         # the run folder
FACTOR="${FACTOR:-4}"                                     # 2 or 4
ROUNDS="${ROUNDS:-100}"
WORKERS="${WORKERS:-8}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.TrainSrganJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --output "$OUTPUT" --factor "$FACTOR" --rounds "$ROUNDS" \
  --workers "$WORKERS" "$@"
