#!/usr/bin/env bash
# Submits drawing an embedded collection to a cluster with spark-submit.
set -euo pipefail
OUTPUT="${OUTPUT:-s3a://my-bucket/raw/synthetic-apes}"
STYLE="${STYLE:-apes}"
COUNT="${COUNT:-10000}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck disable=SC2046
exec "$SPARK_SUBMIT" $(nftgen_spark_args org.nftgen.jobs.SynthJob) "$JAR" \
  --config "$(basename "$CONFIG")" --output "$OUTPUT" --style "$STYLE" --count "$COUNT" "$@"
