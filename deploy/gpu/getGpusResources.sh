#!/usr/bin/env bash
# Spark's GPU discovery script for executors (spark.executor.resource.gpu.discoveryScript): prints
# the GPUs this host has, as Spark's ResourceInformation JSON, e.g.
#   {"name": "gpu", "addresses": ["0", "1"]}
# The addresses are CUDA device indices; Spark hands each task the ones it was assigned, and
# ND4J's CUDA backend uses the devices CUDA_VISIBLE_DEVICES leaves it. No GPU (or no nvidia-smi)
# prints an empty list, so an executor on a CPU-only host starts with no GPU instead of failing.
set -euo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null \
    | tr -d ' \r' | grep -E '^[0-9]+$' | sed 's/.*/"&"/' | paste -sd, - || true)"
fi
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
