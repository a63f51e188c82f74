#!/usr/bin/env bash
# Soak: the job on the local multi-process cluster (scripts/cluster-local.sh: a JobManager, a TaskManager and a
# Kafka broker JVM, RocksDB incremental checkpoints every 10 s) under a synthetic stream paced at a fixed rate for
# M minutes, while `gprec soak` samples the TaskManager heap, RocksDB's files and the checkpoints every 10 s; then it
# drains the committed predictions, counts lost and duplicated events, writes the CSV, the PNG and the verdict.
#
#   scripts/soak.sh [--minutes 30] [--rate 1000] [--users 10000] [--every 10] [--threshold 0.25]
#                   [--out DIR] [--work-dir DIR] [--rest-port P] [--rpc-port P] [--kafka-port P]
#                   [--kafka-controller-port P] [--prom-ports RANGE]
#
# Output (default --out target/soak): soak.csv, soak.png, soak.json (verdicts and counts). Exit 0 when every series
# stayed flat and nothing was lost or duplicated, 1 otherwise, 2 on a usage error. Needs the job jar
# (mvn -B verify -DskipTests). The synthetic world has a fixed user population (--users), so the keyed state
# plateaus once every user has been seen. Ports default to ones the development cluster does not use.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prog="soak"
die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "$prog: $*" >&2; echo "usage: scripts/soak.sh [--minutes M] [--rate N] [--users N] [--out DIR] ... (see the header of the script)" >&2; exit 2; }

minutes=30 rate=1000 users=10000 every=10 threshold=0.25 out="$home/target/soak" work="$home/target/soak/work"
rest_port=18081 rpc_port=16123 kafka_port=19092 controller_port=19093 prom_ports=19249-19260
need() { [[ $# -ge 2 && -n "$2" ]] || usage "$1 expects a value"; }
num() { [[ "$2" =~ ^[0-9]+(\.[0-9]+)?$ ]] && awk "BEGIN{exit !($2 > 0)}" || usage "$1 expects a number > 0, got '$2'"; echo "$2"; }
port() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge 1 && "$2" -le 65535 ]] || usage "$1 expects a port number, got '$2'"; echo "$2"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) need "$@"; minutes=$(num "$1" "$2") ;;
    --rate) need "$@"; rate=$(num "$1" "$2") ;;
    --users) need "$@"; [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--users expects a count >= 1, got '$2'"; users="$2" ;;
    --every) need "$@"; [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--every expects seconds >= 1, got '$2'"; every="$2" ;;
    --threshold) need "$@"; threshold="$2" ;;
    --out) need "$@"; out="$2" ;;
    --work-dir) need "$@"; work="$2" ;;
    --rest-port) need "$@"; rest_port=$(port "$1" "$2") ;;
    --rpc-port) need "$@"; rpc_port=$(port "$1" "$2") ;;
    --kafka-port) need "$@"; kafka_port=$(port "$1" "$2") ;;
    --kafka-controller-port) need "$@"; controller_port=$(port "$1" "$2") ;;
    --prom-ports) need "$@"; prom_ports="$2" ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) usage "unknown option $1" ;;
  esac
  shift 2
done
[[ -f "$home/target/gprec-stream-job.jar" ]] || die "job jar not found: target/gprec-stream-job.jar (build it with: mvn -B verify -DskipTests)"
events=$(awk "BEGIN{printf \"%d\", $rate * $minutes * 60}")
mkdir -p "$out" "$work"
out="$(cd "$out" && pwd)" work="$(cd "$work" && pwd)"
cluster="$work/cluster"
rm -rf "$cluster" "$work/schema" "$work/snapshots"

gen_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$gen_pid" ]] && kill -0 "$gen_pid" 2>/dev/null; then kill -TERM -- "-$gen_pid" 2>/dev/null || true; fi
  "$home/scripts/cluster-local.sh" stop --work-dir "$cluster" >/dev/null 2>&1 || true
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "$prog: $minutes min at $rate events/s ($events events, $users users), checkpoints every 10 s; output in $out" >&2
"$home/scripts/cluster-local.sh" start --work-dir "$cluster" --taskmanagers 1 --rest-port "$rest_port" --rpc-port "$rpc_port" \
  --kafka-port "$kafka_port" --kafka-controller-port "$controller_port" --prom-ports "$prom_ports" --checkpoint-interval "10 s" >&2

# the job decodes clicks with the synthetic stream's schema: the same flags, no events
GPREC_JAVA_OPTS="-Xmx256m" "$home/scripts/gprec" generate --users "$users" --events 0 --out "$work/schema" >/dev/null
job=$("$home/scripts/submit.sh" --rest "http://127.0.0.1:$rest_port" --parallelism 1 -- \
  --gprec.data.schema-file "$work/schema/schema.json" --gprec.trainer.snapshot-dir "$work/snapshots")
[[ "$job" =~ ^[0-9a-f]{32}$ ]] || die "the submission did not return a job id: $job"

# the stream in its own process group, so the cleanup stops it and nothing else
setsid env GPREC_JAVA_OPTS="-Xmx512m" "$home/scripts/gprec" generate --users "$users" --events "$events" --rate "$rate" \
  --kafka "127.0.0.1:$kafka_port" --topic gprec.clicks --report-json "$work/generate.json" >"$work/generate.log" 2>&1 &
gen_pid=$!

rc=0
GPREC_JAVA_OPTS="-Xmx2g" "$home/scripts/gprec" soak --rest "http://127.0.0.1:$rest_port" --job "$job" \
  --local-dir "$cluster/tmp" --checkpoint-dir "$cluster/checkpoints" --minutes "$minutes" --every "$every" \
  --threshold "$threshold" --csv "$out/soak.csv" --png "$out/soak.png" --report-json "$out/soak.json" \
  --bootstrap-servers "127.0.0.1:$kafka_port" --events-in "$events" || rc=$?
if kill -0 "$gen_pid" 2>/dev/null; then
  echo "$prog: the stream was still being produced when the sampling ended (the producer fell behind $rate events/s)" >&2
  rc=1
else
  wait "$gen_pid" || die "the synthetic stream failed: $(tail -n 1 "$work/generate.log")"
fi
echo "$prog: job $job; logs in $cluster/log; csv $out/soak.csv, plot $out/soak.png, report $out/soak.json" >&2
exit $rc
