#!/usr/bin/env bash
# Submits DCGAN training to a cluster with spark-submit. Edit the variables or set them in the
# environment; extra arguments (e.g. --resume) go to the job.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/datasets/bayc}"           # a prepared dataset
OUTPUT="${OUTPUT:-s3a://my-bucket/runs/dcgan}"            # the run folder
ROUNDS="${ROUNDS:-100}"
WORKERS="${WORKERS:-8}"                                   # one executor (or task slot) each
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.TrainDcganJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --output "$OUTPUT" --rounds "$ROUNDS" --workers "$WORKERS" "$@"
