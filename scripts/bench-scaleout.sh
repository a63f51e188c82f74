#!/usr/bin/env bash
# Scale-out benchmark (docs/BENCHMARKS.md, "Parallel trainers"): the local run (`gprec run`: in-JVM
# Kafka + MiniCluster) at trainer parallelism 1 and 2 on ML-100K and on the synthetic stream; prints
# events/s, prequential AUC / LogLoss, sync rounds and the load average before → after each row.
# Build first (mvn -q package -DskipTests). Run on a quiet machine: the load average says whether it was.
# Usage: scripts/bench-scaleout.sh [DATA_DIR] [OUT_DIR] [CHECKPOINT_INTERVAL] [LIMIT]
#   LIMIT: replay only the first N events of each stream (0 = all)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$home/../shared/datasets/ml-100k}"
out="${2:-$home/out/bench-scaleout}"
interval="${3:-1 s}"
limit="${4:-0}"
[[ -d "$data" ]] || { echo "bench-scaleout: no dataset folder $data" >&2; exit 2; }
[[ "$limit" =~ ^[0-9]+$ ]] || { echo "bench-scaleout: LIMIT must be a number of events, got '$limit'" >&2; exit 2; }
mkdir -p "$out"
field() { grep -o "\"$2\" *: *[0-9.eE+-]*" "$1" | head -1 | sed 's/.*: *//'; }
echo "machine: $(nproc) cores; checkpoints every $interval; commit $(git -C "$home" rev-parse --short HEAD 2>/dev/null || echo unknown); $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '| stream | P | events | events/s | prequential AUC | LogLoss | last 20 %% AUC | sync rounds | load average (1 min) before → after |\n|---|---|---|---|---|---|---|---|---|\n'
for stream in ml-100k synthetic; do
  for p in 1 2; do
    f="$out/$stream-p$p.json"
    src=(--data-dir "$data")
    [[ $stream == synthetic ]] && src=(--synthetic)
    load_before="$(cut -d' ' -f1 /proc/loadavg)"
    "$home/scripts/gprec" run "${src[@]}" --no-dashboard --parallelism "$p" --checkpoint-interval "$interval" \
      --limit "$limit" --work-dir "$out/work-$stream-p$p" --report-json "$f" >"$out/$stream-p$p.log" 2>&1
    load_after="$(cut -d' ' -f1 /proc/loadavg)"
    printf '| %s | %d | %s | %.0f | %.4f | %.4f | %.4f | %s | %s → %s |\n' "$stream" "$p" "$(field "$f" predictions)" \
      "$(field "$f" events_per_second)" "$(field "$f" prequential_auc)" "$(field "$f" prequential_logloss)" \
      "$(field "$f" last20_auc)" "$(field "$f" sync_rounds)" "$load_before" "$load_after"
  done
done
