#!/usr/bin/env bash
# The fault suite of docs/RELIABILITY.md: runs the fault tests (failsafe ITs, each starting and stopping the real
# Kafka broker / Flink cluster it needs) and prints each one's measured outcome.
#
#   scripts/faults.sh [bad-input|broker-restart|tm-loss|all]... [--data-dir DIR] [--seed N]
#
#   bad-input       BadInputIT: ML-100K + 10,000 malformed records; no restart, every bad record a dead letter
#                   (original bytes + reason), the valid records predicted bit-identically to a clean run
#   broker-restart  BrokerRestartIT: the Kafka broker stopped for 30 s mid-stream and started again on the same
#                   ports and log dirs; exactly-once predictions (read_committed), recovery time
#   tm-loss         TaskManagerLossIT: 3 × kill -9 of the TaskManager on the multi-process cluster at seeded random
#                   points; exactly once, and the final model bit-identical to an uninterrupted run's
#
# --data-dir: ML-100K (default ../shared/datasets/ml-100k next to the project); --seed: the kill points of tm-loss
# (default 6). Extra Maven flags via $MVN_ARGS (e.g. MVN_ARGS=-o). Exit status: Maven's (0 = every fault passed).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prog="faults"
usage() { echo "$prog: $*" >&2; echo "usage: scripts/faults.sh [bad-input|broker-restart|tm-loss|all]... [--data-dir DIR] [--seed N]" >&2; exit 2; }

data="$home/../shared/datasets/ml-100k" seed=6 faults=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    bad-input|broker-restart|tm-loss) faults+=("$1"); shift ;;
    all) faults+=(bad-input broker-restart tm-loss); shift ;;
    --data-dir) [[ $# -ge 2 && -n "$2" ]] || usage "--data-dir expects a directory"; data="$2"; shift 2 ;;
    --seed) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage "--seed expects a number, got '${2:-}'"; seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) usage "unknown fault or option '$1'" ;;
  esac
done
[[ ${#faults[@]} -gt 0 ]] || faults=(bad-input broker-restart tm-loss)
[[ -d "$data" ]] || { echo "$prog: ML-100K not found at $data (give --data-dir DIR)" >&2; exit 2; }
data="$(cd "$data" && pwd)"

tests=() jar_skip=true
for f in "${faults[@]}"; do
  case "$f" in
    bad-input) tests+=(BadInputIT) ;;
    broker-restart) tests+=(BrokerRestartIT) ;;
    tm-loss) tests+=(TaskManagerLossIT); jar_skip=false ;; # the cluster runs the shaded job jar
  esac
done
it_test="$(IFS=,; echo "${tests[*]}")"

cd "$home"
rm -f target/faults/*.txt
echo "$prog: running ${it_test} (ML-100K at $data, seed $seed); Maven output in target/faults.log" >&2
start=$SECONDS
rc=0
# shellcheck disable=SC2086
mvn -B ${MVN_ARGS:-} verify -Dit.test="$it_test" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Djob-jar.skip="$jar_skip" -Dgprec.ml100k="$data" -Dgprec.faults.seed="$seed" >target/faults.log 2>&1 || rc=$?

for f in "${faults[@]}"; do
  if [[ -s "target/faults/$f.txt" ]]; then
    cat "target/faults/$f.txt"
  else
    echo "FAULT $f: FAIL (no outcome; see target/faults.log and target/failsafe-reports/)"
  fi
done
grep -h "^TaskManagerLossIT:" target/faults.log 2>/dev/null || true
echo "$prog: $( [[ $rc -eq 0 ]] && echo passed || echo "FAILED (mvn exit $rc)") in $((SECONDS - start)) s" >&2
exit "$rc"
