#!/usr/bin/env bash
# Reproduces the throughput table of docs/BENCHMARKS.md: `gprec bench` for base and GPRec
# (G = 60, input strategy) at batch 256 and 4096, with 1 and 2 OpenBLAS threads. Run it on an
# otherwise idle machine. Usage: scripts/bench-table.sh [DATA_DIR] [OUT_DIR]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$home/../shared/datasets/ml-100k}"
out="${2:-$home/out/bench}"
mkdir -p "$out"
field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
printf '| model | batch | BLAS threads | examples/s | steps measured |\n|---|---|---|---|---|\n'
for threads in 1 2; do
  for model in base gprec; do
    for batch in 256 4096; do
      f="$out/$model-b$batch-t$threads.json"
      OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads "$home/scripts/gprec" bench --data-dir "$data" \
        --model "$model" --strategy input --batch "$batch" --seconds 20 --report-json "$f" >/dev/null 2>&1
      printf '| %s | %s | %s | %.0f | %s |\n' "$model" "$batch" "$threads" "$(field "$f" examples_per_second)" "$(field "$f" steps)"
    done
  done
done
