#!/usr/bin/env bash
# Reproduces the offline ML-100K table of docs/RESULTS.md: base MLP and GPRec(MLP) with each
# strategy, 3 seeds each, the paper's protocol (scripts/gprec offline defaults). Two runs at a
# time (one per core). Usage: scripts/offline-table.sh [DATA_DIR] [OUT_DIR]
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$home/../shared/datasets/ml-100k}"
out="${2:-$home/out/offline}"
mkdir -p "$out"
runs=()
for seed in 1 2 3; do
  runs+=("base input $seed")
  for strategy in input dp ensemble; do runs+=("gprec $strategy $seed"); done
done
run_one() {
  read -r model strategy seed <<<"$1"
  local name="$model-$strategy-seed$seed"
  [[ -f "$out/$name.json" ]] && return 0
  "$home/scripts/gprec" offline --data-dir "$data" --model "$model" --strategy "$strategy" --seed "$seed" \
    --report-json "$out/$name.json" >"$out/$name.log" 2>&1
}
export -f run_one; export home data out
printf '%s\n' "${runs[@]}" | xargs -P 2 -I{} bash -c 'run_one "{}"'
field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
printf '| model | strategy | seed | test AUC | test LogLoss | best epoch |\n|---|---|---|---|---|---|\n'
for r in "${runs[@]}"; do
  read -r model strategy seed <<<"$r"
  f="$out/$model-$strategy-seed$seed.json"
  printf '| %s | %s | %s | %.4f | %.4f | %s |\n' "$model" "$([[ $model == base ]] && echo - || echo "$strategy")" "$seed" \
    "$(field "$f" test_auc)" "$(field "$f" test_logloss)" "$(field "$f" best_epoch)"
done
