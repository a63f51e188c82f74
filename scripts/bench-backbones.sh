#!/usr/bin/env bash
# Reproduces the backbone throughput table of docs/BENCHMARKS.md: `gprec bench` at batch 4096, one
# BLAS thread, for each backbone as base and as GPRec (G = 60, input strategy). The 1-minute load
# average before and after each row says how much else the machine was doing.
# Usage: scripts/bench-backbones.sh [BACKBONES] [DATA_DIR] [OUT_DIR] [SECONDS]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backbones="${1:-mlp dcn gdcn deepfm finalmlp}"
data="${2:-$home/../shared/datasets/ml-100k}"
out="${3:-$home/out/bench-backbones}"
seconds="${4:-20}"
mkdir -p "$out"
field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(java -version 2>&1 | head -1)"
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), ${seconds} s measured per row, batch 4096, 1 BLAS thread, commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
printf '| backbone | model | examples/s | examples per CPU-second | steps | load average (1 min) before → after |\n|---|---|---|---|---|---|\n'
for b in $backbones; do
  for model in base gprec; do
    f="$out/$b-$model.json"
    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$home/scripts/gprec" bench --data-dir "$data" --backbone "$b" \
      --model "$model" --strategy input --batch 4096 --seconds "$seconds" --report-json "$f" >/dev/null 2>&1
    load_after="$(cut -d' ' -f1 /proc/loadavg)"
    printf '| %s | %s | %.0f | %.0f | %s | %s → %s |\n' "$b" "$model" "$(field "$f" examples_per_second)" \
      "$(field "$f" examples_per_cpu_second)" "$(field "$f" steps)" "$load_before" "$load_after"
  done
done
