#!/usr/bin/env bash
# Reproduces the backbone table of docs/RESULTS.md (the shape of paper Table III): for each backbone,
# Base, the DGPM-like baseline and GPRec under each given strategy, seeds 1, 2, 3, ML-100K offline
# protocol (scripts/gprec offline defaults). GPRec's "best strategy" per backbone is the one with the
# highest mean VALIDATION AUC; test numbers are reported for it. FinalMLP takes no DP (neither GPRec-DP
# nor DGPM: its prediction layer is a bilinear fusion), so it always tries input and ensemble. Runs already in OUT_DIR are not redone.
# Usage: [REPORT_ONLY=1] scripts/backbone-table.sh [BACKBONES] [STRATEGIES] [DATA_DIR] [OUT_DIR] [PARALLEL]
#   e.g. scripts/backbone-table.sh "mlp dcn gdcn deepfm finalmlp" "input dp" ../shared/datasets/ml-100k out/backbones 2
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
backbones="${1:-mlp dcn gdcn deepfm finalmlp}"
strategies="${2:-input dp ensemble}"
data="${3:-$home/../shared/datasets/ml-100k}"
out="${4:-$home/out/backbones}"
parallel="${5:-2}"
mkdir -p "$out"
takes_dp() { [[ $1 != finalmlp ]]; }
# FinalMLP takes no DP: it always tries its two strategies, input and ensemble
strategies_of() { if takes_dp "$1"; then echo "$strategies"; else echo "input ensemble"; fi; }
has() { [[ " $1 " == *" $2 "* ]]; }
runs=()
# cheapest and most needed first (base, DGPM, then GPRec strategy by strategy), so a cut-short run still fills whole rows
for seed in 1 2 3; do for b in $backbones; do runs+=("$b base input $seed"); done; done
for seed in 1 2 3; do for b in $backbones; do takes_dp "$b" && runs+=("$b dgpm dp $seed"); done; done
for s in input dp ensemble; do
  for seed in 1 2 3; do
    for b in $backbones; do
      has "$(strategies_of "$b")" "$s" && runs+=("$b gprec $s $seed")
    done
  done
done
run_one() {
  read -r backbone model strategy seed <<<"$1"
  local name="$backbone-$model-$strategy-seed$seed"
  [[ -f "$out/$name.json" ]] && return 0
  nice -n 10 "$home/scripts/gprec" offline --data-dir "$data" --backbone "$backbone" --model "$model" --strategy "$strategy" \
    --seed "$seed" --report-json "$out/$name.json.tmp" >"$out/$name.log" 2>&1 && mv "$out/$name.json.tmp" "$out/$name.json"
}
export -f run_one; export home data out
# REPORT_ONLY=1: print the tables from the reports already in OUT_DIR, run nothing
[[ ${REPORT_ONLY:-0} == 1 ]] || printf '%s\n' "${runs[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one "{}"'

field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
# mean ± sample std of a field over the seeds of one configuration that have a report ("(n=k)" when not all 3, "–" for none)
stat() { # backbone model strategy field
  for seed in 1 2 3; do f="$out/$1-$2-$3-seed$seed.json"; if [[ -f $f ]]; then field "$f" "$4"; fi; done |
    awk '{ x[NR] = $1; s += $1 } END { if (NR == 0) { printf "–"; exit } m = s / NR; for (i = 1; i <= NR; i++) v += (x[i] - m) ^ 2;
           printf "%.4f ± %.4f", m, (NR > 1 ? sqrt(v / (NR - 1)) : 0); if (NR < 3) printf " (n=%d)", NR }'
}
mean() { stat "$@" | cut -d' ' -f1; }
# the model:strategy rows of one backbone: base, the DGPM-like baseline where DP applies, GPRec per strategy
configs_of() { echo base:input; takes_dp "$1" && echo dgpm:dp; for s in $(strategies_of "$1"); do echo "gprec:$s"; done; }
complete() { for seed in 1 2 3; do [[ -f "$out/$1-$2-$3-seed$seed.json" ]] || return 1; done; }

echo "## Per configuration (mean ± std over seeds 1, 2, 3)"
printf '| backbone | model | strategy | validation AUC | test AUC | test LogLoss |\n|---|---|---|---|---|---|\n'
for b in $backbones; do
  for r in $(configs_of "$b"); do
    IFS=: read -r model strategy <<<"$r"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$b" "$model" "$([[ $model == base ]] && echo - || echo "$strategy")" \
      "$(stat "$b" "$model" "$strategy" best_validation_auc)" "$(stat "$b" "$model" "$strategy" test_auc)" \
      "$(stat "$b" "$model" "$strategy" test_logloss)"
  done
done
echo
echo "## Table III shape: GPRec = the strategy with the best mean validation AUC (among strategies run on all 3 seeds)"
printf '| backbone | Base AUC | Base LogLoss | DGPM-like AUC | DGPM-like LogLoss | GPRec AUC | GPRec LogLoss | GPRec strategy |\n|---|---|---|---|---|---|---|---|\n'
for b in $backbones; do
  best="" bestv=0
  for s in $(strategies_of "$b"); do
    complete "$b" gprec "$s" || continue
    v="$(mean "$b" gprec "$s" best_validation_auc)"
    if awk -v a="$v" -v b="$bestv" 'BEGIN { exit !(a > b) }'; then best="$s" bestv="$v"; fi
  done
  if takes_dp "$b"; then
    dgpm_auc="$(stat "$b" dgpm dp test_auc)" dgpm_ll="$(stat "$b" dgpm dp test_logloss)"
  else
    dgpm_auc="–" dgpm_ll="–"
  fi
  if [[ -z $best ]]; then # no strategy has all 3 seeds yet: show the input strategy's partial result
    best=input
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$b" "$(stat "$b" base input test_auc)" "$(stat "$b" base input test_logloss)" \
    "$dgpm_auc" "$dgpm_ll" "$(stat "$b" gprec "$best" test_auc)" "$(stat "$b" gprec "$best" test_logloss)" "$best"
done
echo
echo "## Per run"
printf '| backbone | model | strategy | seed | validation AUC | test AUC | test LogLoss | best epoch |\n|---|---|---|---|---|---|---|---|\n'
for b in $backbones; do
  for r in $(configs_of "$b"); do
    IFS=: read -r model strategy <<<"$r"
    for seed in 1 2 3; do
      f="$out/$b-$model-$strategy-seed$seed.json"
      [[ -f $f ]] || continue
      printf '| %s | %s | %s | %s | %.4f | %.4f | %.4f | %s |\n' "$b" "$model" "$([[ $model == base ]] && echo - || echo "$strategy")" \
        "$seed" "$(field "$f" best_validation_auc)" "$(field "$f" test_auc)" "$(field "$f" test_logloss)" "$(field "$f" best_epoch)"
    done
  done
done
