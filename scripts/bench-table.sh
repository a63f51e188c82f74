#!/usr/bin/env bash
# Reproduces the throughput table of docs/BENCHMARKS.md: `gprec bench` for base and GPRec
# (G = 60, input strategy) at batch 256 and 4096, with 1 and 2 OpenBLAS threads, against the
# targets of issue 2 (1 BLAS thread, 2 cores). Run it on an otherwise idle machine: the load
# average printed per row says whether it was. Examples per CPU-second (the training thread's CPU
# time) is printed too: it moves much less than examples/s when other processes share the cores.
# Usage: scripts/bench-table.sh [DATA_DIR] [OUT_DIR] [SECONDS]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$home/../shared/datasets/ml-100k}"
out="${2:-$home/out/bench}"
seconds="${3:-20}"
mkdir -p "$out"
field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
target() { # examples/s target of issue 2 for model, batch (1 BLAS thread)
  case "$1-$2" in base-256) echo 100000 ;; base-4096) echo 300000 ;; gprec-256) echo 10000 ;; gprec-4096) echo 35000 ;; esac
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(java -version 2>&1 | head -1)"
echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), ${seconds} s measured per row, commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo
printf '| model | batch | BLAS threads | examples/s | target | examples/s ÷ target | examples per CPU-second | steps | load average (1 min) before → after |\n|---|---|---|---|---|---|---|---|---|\n'
for threads in 1 2; do
  for model in base gprec; do
    for batch in 256 4096; do
      f="$out/$model-b$batch-t$threads.json"
      load_before="$(cut -d' ' -f1 /proc/loadavg)"
      OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads "$home/scripts/gprec" bench --data-dir "$data" \
        --model "$model" --strategy input --batch "$batch" --seconds "$seconds" --report-json "$f" >/dev/null 2>&1
      load_after="$(cut -d' ' -f1 /proc/loadavg)"
      eps="$(field "$f" examples_per_second)"
      t="" ratio="" cpu="— (BLAS threads not counted)"
      if [[ $threads == 1 ]]; then
        cpu="$(printf '%.0f' "$(field "$f" examples_per_cpu_second)")"
        t="$(target "$model" "$batch")"
        ratio="$(awk -v e="$eps" -v t="$t" 'BEGIN { printf "%.2f", e / t }')"
        t="≥ $(printf "%'d" "$t")"
      fi
      printf '| %s | %s | %s | %.0f | %s | %s | %s | %s | %s → %s |\n' "$model" "$batch" "$threads" "$eps" "$t" "$ratio" \
        "$cpu" "$(field "$f" steps)" "$load_before" "$load_after"
    done
  done
done
