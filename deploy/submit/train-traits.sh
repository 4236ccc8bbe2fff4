#!/usr/bin/env bash
# Submits trait-classifier training (one softmax head per trait type, DL4J parameter averaging) to
# a cluster with spark-submit. Edit the variables or set them in the environment; extra arguments
# (e.g. --overwrite) go to the job.
set -euo pipefail
INPUT="${INPUT:-s3a://my-bucket/datasets/bayc}"           # a prepared dataset with metadata
OUTPUT="${OUTPUT:-s3a://my-bucket/runs/traits}"           # the run folder
EPOCHS="${EPOCHS:-10}"
WORKERS="${WORKERS:-8}"                                   # one executor (or task slot) each
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.TrainTraitsJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --input "$INPUT" --output "$OUTPUT" --epochs "$EPOCHS" --workers "$WORKERS" "$@"
