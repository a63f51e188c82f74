#!/usr/bin/env bash
# Replay throughput next to Kafka's own producer benchmark, in one run, against one broker.
#
# Starts a standalone single-node Kafka broker JVM (KRaft, kafka.Kafka from the project's classpath) on
# 127.0.0.1, then for each of ROUNDS rounds:
#   1. scripts/gprec replay of the dataset into a fresh topic (acks=all, idempotent, linger 5 ms, 256 KiB batches)
#   2. org.apache.kafka.tools.ProducerPerformance (org.apache.kafka:kafka-tools 4.2.0) into another fresh topic with
#      the same number of records, a record size equal to replay's average key+value bytes and the same producer
#      settings
# and prints the median events/s of each and their ratio (target: replay >= 0.8x). Stops the broker at the end.
#
# Usage: scripts/bench-replay.sh [--data-dir DIR] [--schema FILE] [--rounds N] [--partitions P] [--report-json FILE]
#   --schema: a CSV dataset described by a schema file (e.g. one 'gprec generate --out DIR' wrote: DIR/schema.json),
#   so a long stream can be measured in its steady state rather than in a 2-3 s JIT warm-up
#   env: BROKER_PORT (19092), CONTROLLER_PORT (19093), GPREC_JAVA_OPTS
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$home/scripts/lib/kraft.sh"
data_dir="$home/../shared/datasets/ml-100k"
rounds=3
schema_args=()
partitions=1
report=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --schema) schema_args=(--schema "$2"); shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --report-json) report="$2"; shift 2 ;;
    *) echo "bench-replay: unknown option $1 (known: --data-dir --schema --rounds --partitions --report-json)" >&2; exit 2 ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "bench-replay: --rounds expects a positive integer, got '$rounds'" >&2; exit 2; }
[[ -d "$data_dir" ]] || { echo "bench-replay: data directory not found: $data_dir" >&2; exit 1; }
broker_port="${BROKER_PORT:-19092}"
controller_port="${CONTROLLER_PORT:-19093}"
servers="127.0.0.1:$broker_port"
work="$home/target/bench-replay"
rm -rf "$work"
mkdir -p "$work"

# The project's jar and classpath (the broker and gprec replay), and kafka-tools' classpath (ProducerPerformance).
if [[ ! -f "$home/target/gprec-stream.jar" || ! -f "$home/target/classpath.txt" ]]; then
  (cd "$home" && mvn -q -B package -DskipTests) >&2
fi
project_cp="$home/target/gprec-stream.jar:$(cat "$home/target/classpath.txt")"
cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.gprec</groupId><artifactId>bench-replay-tools</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>4.2.0</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
(cd "$work" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$work/tools-classpath.txt") >&2
tools_cp="$(cat "$work/tools-classpath.txt")"

# --- a standalone broker JVM -------------------------------------------------------------------------------
{ kraft_server_properties "$broker_port" "$controller_port" "$work/kafka-logs"; echo "auto.create.topics.enable=false"; } \
  > "$work/server.properties"
cluster_id="$(java -cp "$project_cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
java -cp "$project_cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$work/server.properties" >"$work/format.log" 2>&1
setsid java -Xmx1g -cp "$project_cp" kafka.Kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
broker_pid=$!
stop_broker() {
  kill -TERM -- "-$broker_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$broker_pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL -- "-$broker_pid" 2>/dev/null || true
}
trap stop_broker EXIT
topics() { java -cp "$tools_cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$servers" "$@"; }
for _ in $(seq 1 60); do
  if topics --list >/dev/null 2>&1; then break; fi
  kill -0 "$broker_pid" 2>/dev/null || { echo "bench-replay: the broker died; see $work/broker.log" >&2; exit 1; }
  sleep 1
done
echo "broker up on $servers (pid $broker_pid, log $work/broker.log)" >&2

# --- the rounds ----------------------------------------------------------------------------------------------
replay_rates=()
perf_rates=()
for round in $(seq 1 "$rounds"); do
  topics --create --topic "bench.replay.$round" --partitions "$partitions" --replication-factor 1 >/dev/null
  GPREC_JAVA_OPTS="${GPREC_JAVA_OPTS:--Xmx2g}" "$home/scripts/gprec" replay --data-dir "$data_dir" ${schema_args[@]+"${schema_args[@]}"} \
      --bootstrap-servers "$servers" --topic "bench.replay.$round" --report-json "$work/replay-$round.json" \
      >"$work/replay-$round.txt"
  produced=$(sed -n 's/.*"produced" : \([0-9]*\).*/\1/p' "$work/replay-$round.json")
  rate=$(sed -n 's/.*"events_per_second" : \([0-9.]*\).*/\1/p' "$work/replay-$round.json")
  size=$(sed -n 's/.*"avg_record_bytes" : \([0-9.]*\).*/\1/p' "$work/replay-$round.json")
  size=$(printf '%.0f' "$size")
  replay_rates+=("$rate")

  topics --create --topic "bench.perf.$round" --partitions "$partitions" --replication-factor 1 >/dev/null
  java -Xmx1g -cp "$tools_cp" org.apache.kafka.tools.ProducerPerformance --topic "bench.perf.$round" \
      --num-records "$produced" --record-size "$size" --throughput -1 \
      --producer-props bootstrap.servers="$servers" acks=all enable.idempotence=true linger.ms=5 batch.size=262144 \
          compression.type=none >"$work/perf-$round.txt" 2>&1
  perf=$(grep 'records sent' "$work/perf-$round.txt" | tail -1 | sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p')
  [[ -n "$perf" ]] || { echo "bench-replay: no result from ProducerPerformance; see $work/perf-$round.txt" >&2; exit 1; }
  perf_rates+=("$perf")
  printf 'round %d: replay %s events/s, ProducerPerformance %s records/s (%s records of %s bytes)\n' \
      "$round" "$rate" "$perf" "$produced" "$size"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
replay_median=$(median "${replay_rates[@]}")
perf_median=$(median "${perf_rates[@]}")
ratio=$(awk -v r="$replay_median" -v p="$perf_median" 'BEGIN {printf "%.2f", r / p}')
printf 'median: replay %.0f events/s, ProducerPerformance %.0f records/s, ratio %s (target >= 0.8)\n' \
    "$replay_median" "$perf_median" "$ratio"
if [[ -n "$report" ]]; then
  mkdir -p "$(dirname "$report")"
  printf '{"replay_events_per_second": %.0f, "producer_perf_records_per_second": %.0f, "ratio": %s, "rounds": %d, "record_bytes": %s, "records": %s, "partitions": %s}\n' \
      "$replay_median" "$perf_median" "$ratio" "$rounds" "$size" "$produced" "$partitions" >"$report"
fi
