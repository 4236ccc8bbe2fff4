#!/usr/bin/env bash
# Submits blend-GAN training (one generator, a discriminator per collection) to a cluster with
# spark-submit. Edit the variables or set them in the environment; extra arguments go to the job.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/datasets/bayc}"           # collection A, prepared
INPUT2="${INPUT2:-s3a://my-bucket/datasets/punks}"        # collection B, prepared
OUTPUT="${OUTPUT:-s3a://my-bucket/runs/blend}"            # the run folder
ROUNDS="${ROUNDS:-100}"
WORKERS="${WORKERS:-8}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.TrainBlendJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --input2 "$INPUT2" --output "$OUTPUT" --rounds "$ROUNDS" \
  --workers "$WORKERS" "$@"
