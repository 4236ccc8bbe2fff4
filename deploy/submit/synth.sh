#!/usr/bin/env bash
# Submits drawing an embedded collection to a cluster with spark-submit.
set -euo pipefail
OUTPUT="${OUTPUT:-s3a://my-bucket/raw/synthetic-apes}"
STYLE="${STYLE:-apes}"
COUNT="${COUNT:-10000}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
nftgen_spark_args org.nftgen.jobs.SynthJob
exec "$SPARK_SUBMIT" "${NFTGEN_SPARK_ARGS[@]}" "$JAR" \
  --config "$(basename "$CONFIG")" --output "$OUTPUT" --style "$STYLE" --count "$COUNT" "$@"
