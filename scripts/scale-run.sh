#!/usr/bin/env bash
# A scale run: the job on the local multi-process cluster (scripts/cluster-local.sh: a JobManager, P TaskManagers of one
# slot each, a Kafka broker JVM, RocksDB incremental checkpoints every 10 s or --checkpoint-interval) over a synthetic stream of a given size,
# produced to Kafka first (`gprec generate`, P partitions), then trained on until every event is consumed, while
# `gprec soak --until-consumed` samples every 10 s (rate, checkpoint duration, full and incremental size, RocksDB on
# disk, heap, lag); then it counts the committed predictions (each event exactly once, read_committed).
#
#   scripts/scale-run.sh [--users 1000000] [--items 2000000] [--events 20000000] [--parallelism 2]
#                        [--model gprec|base] [--batch 256] [--out DIR] [--work-dir DIR] [--timeout-minutes 120]
#                        [--tm-memory 4096m] [--checkpoint-interval "10 s"] [--keep-work] [--rest-port P] [--rpc-port P] [--kafka-port P]
#                        [--kafka-controller-port P] [--prom-ports RANGE] [-- JOB OPTIONS]
#
# JOB OPTIONS after `--` go to the job as they are (e.g. -- --gprec.trainer.groups 20 --gprec.state.ttl "1 h").
#
# Output (default --out target/scale-run): scale.csv (one row per sample), scale.png (the series over time),
# scale.json (the run's settings, the generator's report, the rate, checkpoint and memory figures, the counts, the
# load average). Exit 0 when every event was consumed and predicted exactly once, 1 otherwise, 2 on a usage error.
# It stops everything it started (also on Ctrl-C or a failure) and deletes its work dir (Kafka's log, checkpoints,
# model snapshots) unless --keep-work. The trainer writes a model snapshot per checkpoint; all but the newest two
# are deleted as the run goes, so a long run does not fill the disk. Needs the job jar (mvn -B verify -DskipTests).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prog="scale-run"
die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "$prog: $* (usage: scripts/scale-run.sh [--users N] [--items N] [--events N] [--parallelism P] [--model gprec|base] [--batch N] [--out DIR] ...; --help)" >&2; exit 2; }

users=1000000 items=2000000 events=20000000 parallelism=2 model=gprec batch=256 timeout=120 tm_memory=4096m keep=false
checkpoint_interval="10 s"
out="$home/target/scale-run" work=""
rest_port=28081 rpc_port=26123 kafka_port=29092 controller_port=29093 prom_ports=29249-29260
need() { [[ $# -ge 2 && -n "$2" ]] || usage "$1 expects a value"; }
count() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "$1 expects a whole number >= 1, got '$2'"; echo "$2"; }
port() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge 1 && "$2" -le 65535 ]] || usage "$1 expects a port number, got '$2'"; echo "$2"; }
job_opts=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --) shift; job_opts=("$@"); break ;;
    --keep-work) keep=true; shift; continue ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    --users) need "$@"; users=$(count "$1" "$2") ;;
    --items) need "$@"; items=$(count "$1" "$2") ;;
    --events) need "$@"; events=$(count "$1" "$2") ;;
    --parallelism) need "$@"; parallelism=$(count "$1" "$2") ;;
    --model) need "$@"; [[ "$2" == gprec || "$2" == base ]] || usage "--model expects gprec or base, got '$2'"; model="$2" ;;
    --batch) need "$@"; batch=$(count "$1" "$2") ;;
    --timeout-minutes) need "$@"; timeout=$(count "$1" "$2") ;;
    --tm-memory) need "$@"; [[ "$2" =~ ^[1-9][0-9]*[mg]$ ]] || usage "--tm-memory expects a size like 4096m or 4g, got '$2'"; tm_memory="$2" ;;
    --checkpoint-interval) need "$@"; [[ "$2" =~ ^[1-9][0-9]*\ ?(ms|s|min)$ ]] || usage "--checkpoint-interval expects a duration like '10 s' or '2 min', got '$2'"; checkpoint_interval="$2" ;;
    --out) need "$@"; out="$2" ;;
    --work-dir) need "$@"; work="$2" ;;
    --rest-port) need "$@"; rest_port=$(port "$1" "$2") ;;
    --rpc-port) need "$@"; rpc_port=$(port "$1" "$2") ;;
    --kafka-port) need "$@"; kafka_port=$(port "$1" "$2") ;;
    --kafka-controller-port) need "$@"; controller_port=$(port "$1" "$2") ;;
    --prom-ports) need "$@"; [[ "$2" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || usage "--prom-ports expects ports like 29249-29260, got '$2'"; prom_ports="$2" ;;
    *) usage "unknown option $1" ;;
  esac
  shift 2
done
[[ -f "$home/target/gprec-stream-job.jar" ]] || die "job jar not found: target/gprec-stream-job.jar (build it with: mvn -B verify -DskipTests)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="${work:-$out/work}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
cluster="$work/cluster"
rm -rf "$cluster" "$work/schema" "$work/snapshots"
MODEL=$(tr '[:lower:]' '[:upper:]' <<<"$model")
load() { cut -d' ' -f1-3 /proc/loadavg; }

pruner_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$pruner_pid" ]]; then kill "$pruner_pid" 2>/dev/null || true; wait "$pruner_pid" 2>/dev/null || true; fi
  "$home/scripts/cluster-local.sh" stop --work-dir "$cluster" >/dev/null 2>&1 || true
  if [[ "$keep" == false ]]; then rm -rf "$work"; else echo "$prog: work dir kept: $work" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_before=$(load)
echo "$prog: $events events, $users users, $items items, model $model, batch $batch, parallelism $parallelism; load average $load_before; output in $out" >&2
# one slot per TaskManager, so each trainer subtask (with its replica of the shared parameters) has a JVM of its own
"$home/scripts/cluster-local.sh" start --work-dir "$cluster" --taskmanagers "$parallelism" --rest-port "$rest_port" --rpc-port "$rpc_port" \
  --kafka-port "$kafka_port" --kafka-controller-port "$controller_port" --prom-ports "$prom_ports" --checkpoint-interval "$checkpoint_interval" \
  --topics gprec.predictions,gprec.metrics,gprec.dead-letters,gprec.sync \
  --conf taskmanager.numberOfTaskSlots=1 --conf "taskmanager.memory.process.size=$tm_memory" \
  --conf taskmanager.memory.managed.fraction=0.2 >&2

# the whole stream into Kafka first (P partitions), so the job's rate is its own and not the generator's
GPREC_JAVA_OPTS="-Xmx1g" "$home/scripts/gprec" generate --users "$users" --items "$items" --events "$events" \
  --kafka "127.0.0.1:$kafka_port" --topic gprec.clicks --partitions "$parallelism" --report-json "$work/generate.json" >&2 \
  || die "producing the stream failed"
# the job decodes clicks with the synthetic stream's schema: the same flags, no events
GPREC_JAVA_OPTS="-Xmx256m" "$home/scripts/gprec" generate --users "$users" --items "$items" --events 0 --out "$work/schema" >/dev/null

# the trainer writes the shared model after every checkpoint; keep the newest two
# (set +e: before the first snapshot ls finds nothing, and under -e and pipefail that would end the loop for good)
( set +e; while sleep 5; do ls -1 "$work/snapshots"/model-*.gprec 2>/dev/null | sort | head -n -2 | xargs -r rm -f; done ) &
pruner_pid=$!

job=$("$home/scripts/submit.sh" --rest "http://127.0.0.1:$rest_port" --parallelism "$parallelism" -- \
  --gprec.data.schema-file "$work/schema/schema.json" --gprec.trainer.snapshot-dir "$work/snapshots" \
  --gprec.trainer.model "$MODEL" --gprec.trainer.batch-size "$batch" ${job_opts[@]+"${job_opts[@]}"})
[[ "$job" =~ ^[0-9a-f]{32}$ ]] || die "the submission did not return a job id: $job"

rc=0
# the distinct-id count holds every event id: about 120 B each
soak_heap=$(( (events * 120 / 1048576 + 512) ))
GPREC_JAVA_OPTS="-Xmx${soak_heap}m" "$home/scripts/gprec" soak --rest "http://127.0.0.1:$rest_port" --job "$job" \
  --local-dir "$cluster/tmp" --checkpoint-dir "$cluster/checkpoints" --until-consumed "$events" --minutes "$timeout" --every 10 \
  --task-managers "$parallelism" --csv "$out/scale.csv" --png "$out/scale.png" --report-json "$work/soak.json" \
  --bootstrap-servers "127.0.0.1:$kafka_port" --events-in "$events" --drain-seconds 600 >&2 || rc=$?
load_after=$(load)
# blocks in use, not the apparent size: Kafka preallocates its index files sparsely (10 MB each, dozens of partitions)
kafka_bytes=$(( $(du -sk "$cluster/kafka-data" 2>/dev/null | cut -f1 || echo 0) * 1024 ))
# the shared model as subtask 0 wrote it (one replica), and Flink's per-operator view of the latest checkpoint
snapshot=$(ls -1 "$work/snapshots"/model-*.gprec 2>/dev/null | sort | tail -n 1 || true)
snapshot_bytes=$([[ -n "$snapshot" ]] && stat -c %s "$snapshot" || echo 0)
rest="http://127.0.0.1:$rest_port"
latest=$(curl -sf --max-time 10 "$rest/jobs/$job/checkpoints" | sed -n 's/.*"latest":{"completed":{[^}]*"id":\([0-9]*\).*/\1/p' || true)
curl -sf --max-time 10 "$rest/jobs/$job" >"$out/job.json" || true
[[ -n "$latest" ]] && { curl -sf --max-time 10 "$rest/jobs/$job/checkpoints/details/$latest" >"$out/checkpoint-$latest.json" || true; }

# the summary: this run's settings, then the generator's and the sampler's reports as they wrote them
{
  printf '{\n  "command": "scripts/scale-run.sh --users %s --items %s --events %s --parallelism %s --model %s --batch %s --tm-memory %s --checkpoint-interval \\"%s\\"%s",\n' \
    "$users" "$items" "$events" "$parallelism" "$model" "$batch" "$tm_memory" "$checkpoint_interval" "${job_opts[*]+ -- ${job_opts[*]}}"
  printf '  "users": %s,\n  "items": %s,\n  "events": %s,\n  "parallelism": %s,\n  "model": "%s",\n  "batch": %s,\n' \
    "$users" "$items" "$events" "$parallelism" "$model" "$batch"
  printf '  "task_manager_memory": "%s",\n  "checkpoint_interval": "%s",\n  "job": "%s",\n' "$tm_memory" "$checkpoint_interval" "$job"
  printf '  "load_average_before": "%s",\n  "load_average_after": "%s",\n  "kafka_data_disk_bytes_at_end": %s,\n' "$load_before" "$load_after" "${kafka_bytes:-0}"
  printf '  "model_snapshot_bytes_at_end": %s,\n' "${snapshot_bytes:-0}"
  printf '  "finished_utc": "%s",\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '  "generate": %s,\n' "$(cat "$work/generate.json" 2>/dev/null || echo null)"
  printf '  "soak": %s\n}\n' "$(cat "$work/soak.json" 2>/dev/null || echo null)"
} >"$out/scale.json"
[[ $rc -eq 0 ]] || echo "$prog: the run did not pass (see above); logs in $cluster/log (kept with --keep-work)" >&2
echo "$prog: job $job; csv $out/scale.csv, plot $out/scale.png, summary $out/scale.json; load average $load_before -> $load_after" >&2
exit $rc
