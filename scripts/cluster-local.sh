#!/usr/bin/env bash
# A real multi-process Flink session cluster on 127.0.0.1, from the Maven artifacts (flink-dist is
# not on Maven Central): one JobManager, N TaskManager JVMs and a Kafka broker JVM (KRaft), each with
# a pid file and a log under the work dir. RocksDB incremental checkpoints into <work dir>/checkpoints,
# Flink's Prometheus reporter on every Flink JVM, the gprec topics created on the broker.
#
#   scripts/cluster-local.sh start [--taskmanagers N] [--work-dir DIR] [--rest-port P] [--rpc-port P]
#                                  [--kafka-port P] [--kafka-controller-port P] [--prom-ports RANGE]
#                                  [--checkpoint-interval DURATION] [--topics T1,T2,...] [--conf KEY=VALUE ...]
#   scripts/cluster-local.sh status|stop|add-taskmanager [--work-dir DIR]
#   scripts/cluster-local.sh kill-taskmanager [--work-dir DIR] [--index N]    (kill -9: a crash)
#
# The work dir defaults to target/cluster-local (or $GPREC_CLUSTER_DIR); the later commands read the
# ports from <work dir>/cluster.env, written by start. Cluster settings: flink-conf/cluster-local.yaml; each
# --conf KEY=VALUE (repeatable) replaces or adds one of them for this cluster (e.g. a larger TaskManager).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$home/scripts/lib/kraft.sh"
prog="cluster-local"

die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "$prog: $*" >&2; echo "usage: scripts/cluster-local.sh start|stop|status|add-taskmanager|kill-taskmanager [options] (see the header of the script)" >&2; exit 2; }

[[ $# -ge 1 ]] || usage "missing command"
cmd="$1"; shift
case "$cmd" in start|stop|status|add-taskmanager|kill-taskmanager) ;; -h|--help) sed -n '2,16p' "$0"; exit 0 ;; *) usage "unknown command '$cmd'" ;; esac

work="${GPREC_CLUSTER_DIR:-$home/target/cluster-local}"
taskmanagers=1 rest_port=8081 rpc_port=6123 kafka_port=9092 controller_port=9093 prom_ports=9249-9260
extra_conf=() checkpoint_interval="10 s" topics="gprec.clicks,gprec.predictions,gprec.metrics,gprec.dead-letters,gprec.sync" index=""
stop_timeout="${GPREC_STOP_TIMEOUT:-30}" start_timeout="${GPREC_START_TIMEOUT:-120}"

need() { [[ $# -ge 2 && -n "$2" ]] || usage "$1 expects a value"; }
port() { [[ "$2" =~ ^[0-9]+$ && "$2" -ge 1 && "$2" -le 65535 ]] || usage "$1 expects a port number, got '$2'"; echo "$2"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --work-dir) need "$@"; work="$2" ;;
    --taskmanagers) need "$@"; [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--taskmanagers expects a count >= 1, got '$2'"; taskmanagers="$2" ;;
    --rest-port) need "$@"; rest_port=$(port "$1" "$2") ;;
    --rpc-port) need "$@"; rpc_port=$(port "$1" "$2") ;;
    --kafka-port) need "$@"; kafka_port=$(port "$1" "$2") ;;
    --kafka-controller-port) need "$@"; controller_port=$(port "$1" "$2") ;;
    --prom-ports) need "$@"; [[ "$2" =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || usage "--prom-ports expects ports like 9249-9260 or 9250,9251, got '$2'"; prom_ports="$2" ;;
    --checkpoint-interval) need "$@"; checkpoint_interval="$2" ;;
    --topics) need "$@"; topics="$2" ;;
    --conf) need "$@"; [[ "$2" =~ ^[a-z][a-zA-Z0-9._-]*=.+$ ]] || usage "--conf expects KEY=VALUE (a Flink config key), got '$2'"; extra_conf+=("$2") ;;
    --index) need "$@"; [[ "$2" =~ ^[0-9]+$ ]] || usage "--index expects a TaskManager number, got '$2'"; index="$2" ;;
    *) usage "unknown option $1" ;;
  esac
  shift 2
done
if [[ "$cmd" == start ]]; then mkdir -p "$work"; fi
if [[ ! -d "$work" ]]; then
  [[ "$cmd" == stop ]] && { echo "$prog: nothing to stop in $work"; exit 0; }
  die "no cluster in $work (run: scripts/cluster-local.sh start --work-dir $work)"
fi
work="$(cd "$work" && pwd)"
conf="$work/conf" logs="$work/log" pids="$work/pids"

# Flink on Java 17 needs flink-dist's list (its config.yaml's env.java.opts.all)
java17_opts=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
rest() { curl -sf --max-time 5 "http://127.0.0.1:$rest_port$1"; }

load_env() {
  [[ -f "$work/cluster.env" ]] || die "no cluster in $work (no cluster.env; run: scripts/cluster-local.sh start --work-dir $work)"
  # shellcheck disable=SC1091
  source "$work/cluster.env"
}

# The Flink classpath, resolved by Maven from scripts/cluster-local/pom.xml; cached until that pom changes.
flink_classpath() {
  local pom="$home/scripts/cluster-local/pom.xml" out="$home/target/cluster-local-classpath.txt"
  if [[ ! -s "$out" || "$pom" -nt "$out" ]]; then
    mkdir -p "$home/target"
    echo "$prog: resolving the Flink classpath with Maven ($pom) ..." >&2
    mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$out" >&2 || die "Maven could not resolve the Flink classpath ($pom)"
  fi
  cat "$out"
}

# The broker runs from the project's runtime classpath (kafka_2.13, as io.gprec.kafka.LocalKafka does).
project_classpath() {
  if [[ ! -f "$home/target/classpath.txt" || ! -f "$home/target/gprec-stream.jar" ]]; then
    echo "$prog: building the project first (mvn package -DskipTests) ..." >&2
    (cd "$home" && mvn -q -B package -DskipTests) >&2 || die "the build failed"
  fi
  echo "$home/target/gprec-stream.jar:$(cat "$home/target/classpath.txt")"
}

# Starts a JVM in its own session (so a Ctrl-C of the caller does not reach it), stdout/stderr to LOG.out.
launch() {
  local name="$1"; shift
  setsid "$java" "$@" >"$logs/$name.out" 2>&1 </dev/null &
  echo $! >"$pids/$name.pid"
}

wait_for() { # description, seconds, command...
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@"; do
    [[ $SECONDS -lt $deadline ]] || return 1
    sleep 0.5
  done
}

# Flink's own Prometheus reporter binds every interface: ours (scripts/cluster-local/LoopbackPrometheusReporterFactory.java)
# listens on metrics.reporter.prom.host. Compiled into <work dir>/reporter and put in front of the Flink classpath.
loopback_reporter() {
  local src="$home/scripts/cluster-local/LoopbackPrometheusReporterFactory.java" dir="$work/reporter" out
  if [[ ! -f "$dir/io/gprec/cluster/LoopbackPrometheusReporterFactory.class" || "$src" -nt "$dir/io/gprec/cluster/LoopbackPrometheusReporterFactory.class" ]]; then
    mkdir -p "$dir/META-INF/services"
    out=$("${JAVA_HOME:+$JAVA_HOME/bin/}javac" -nowarn -cp "$FLINK_CP" -d "$dir" "$src" 2>&1) || die "compiling $src failed: $(echo "$out" | head -n 3 | tr '\n' ' ')"
    echo io.gprec.cluster.LoopbackPrometheusReporterFactory >"$dir/META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory"
  fi
  FLINK_CP="$dir:$FLINK_CP"
}

bash_java_utils() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS -> two lines: JVM flags, dynamic properties
  local out
  out=$("$java" -cp "$FLINK_CP" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1) \
    || die "BashJavaUtils $1 failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
  echo "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://'
}

start_jobmanager() {
  local params jvm dyn
  params=$(bash_java_utils GET_JM_RESOURCE_PARAMS)
  jvm=$(echo "$params" | sed -n 1p) dyn=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086
  launch jobmanager "${java17_opts[@]}" $jvm -Dlog.file="$logs/jobmanager.log" \
    -Dlog4j.configurationFile="file:$conf/log4j.properties" -cp "$FLINK_CP" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" --executionMode cluster $dyn
}

registered_taskmanagers() { local j; j=$(rest /taskmanagers) || { echo 0; return; }; { grep -o '"id":"[^"]*"' <<<"$j" || true; } | wc -l; }

start_taskmanager() { # index; waits until the JobManager lists this TaskManager (its resource id is taskmanager-<index>)
  local i="$1" params jvm dyn
  params=$(bash_java_utils GET_TM_RESOURCE_PARAMS)
  jvm=$(echo "$params" | sed -n 1p) dyn=$(echo "$params" | sed -n 2p)
  # shellcheck disable=SC2086
  launch "taskmanager-$i" "${java17_opts[@]}" $jvm -Dlog.file="$logs/taskmanager-$i.log" \
    -Dlog4j.configurationFile="file:$conf/log4j.properties" -cp "$FLINK_CP" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" $dyn -D "taskmanager.resource-id=taskmanager-$i"
  wait_for "TaskManager $i" "$start_timeout" tm_registered "$i" \
    || die "TaskManager $i did not register with the JobManager within ${start_timeout} s (log: $logs/taskmanager-$i.log)"
  echo "$prog: taskmanager-$i running (pid $(cat "$pids/taskmanager-$i.pid"))"
}
tm_registered() {
  alive "$pids/taskmanager-$1.pid" || die "TaskManager $1 exited (log: $logs/taskmanager-$1.out, $logs/taskmanager-$1.log)"
  local j; j=$(rest /taskmanagers) || return 1
  grep -q "\"id\":\"taskmanager-$1\"" <<<"$j"
}

next_tm_index() {
  local max=0 f n
  for f in "$pids"/taskmanager-*.pid "$logs"/taskmanager-*.log; do
    [[ -e "$f" ]] || continue
    n="${f##*-}"; n="${n%%.*}"
    [[ $n -gt $max ]] && max=$n
  done
  echo $((max + 1))
}

write_config() {
  mkdir -p "$conf" "$logs" "$pids" "$work/checkpoints" "$work/tmp" "$work/kafka-data"
  local kv drop=()
  for kv in "${extra_conf[@]+"${extra_conf[@]}"}"; do drop+=(-e "^${kv%%=*}:"); done
  {
    if [[ ${#drop[@]} -gt 0 ]]; then grep -v "${drop[@]}" "$home/flink-conf/cluster-local.yaml"; else cat "$home/flink-conf/cluster-local.yaml"; fi
    for kv in "${extra_conf[@]+"${extra_conf[@]}"}"; do echo "${kv%%=*}: ${kv#*=}"; done
    cat <<EOF

# --- written by scripts/cluster-local.sh for this host ---
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
metrics.reporter.prom.host: 127.0.0.1
metrics.reporter.prom.port: $prom_ports
execution.checkpointing.dir: file://$work/checkpoints
execution.checkpointing.interval: $checkpoint_interval
io.tmp.dirs: $work/tmp
web.tmpdir: $work/tmp/web
gprec.kafka.bootstrap-servers: 127.0.0.1:$kafka_port
EOF
  } >"$conf/config.yaml"
  cat >"$conf/log4j.properties" <<'EOF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
EOF
  { kraft_server_properties "$kafka_port" "$controller_port" "$work/kafka-data"; echo "num.partitions=1"; } \
    >"$conf/kafka-server.properties"
  cat >"$conf/log4j2-kafka.properties" <<EOF
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = File
appender.file.name = File
appender.file.type = File
appender.file.fileName = $logs/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
EOF
  cat >"$work/cluster.env" <<EOF
rest_port=$rest_port
rpc_port=$rpc_port
kafka_port=$kafka_port
controller_port=$controller_port
prom_ports=$prom_ports
EOF
}

start_kafka() {
  local cp="$1" uuid out
  if [[ ! -f "$work/kafka-data/meta.properties" ]]; then
    uuid=$("$java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    out=$("$java" -Dlog4j2.configurationFile="file:$conf/log4j2-kafka.properties" -cp "$cp" kafka.tools.StorageTool format \
      -t "$uuid" -c "$conf/kafka-server.properties" 2>&1) || die "formatting the Kafka storage failed: $(echo "$out" | tail -n 2 | tr '\n' ' ')"
  fi
  launch kafka -Xmx512m -Dlog4j2.configurationFile="file:$conf/log4j2-kafka.properties" -cp "$cp" kafka.Kafka "$conf/kafka-server.properties"
  wait_for "Kafka" "$start_timeout" kafka_up || die "the Kafka broker did not listen on 127.0.0.1:$kafka_port within ${start_timeout} s (log: $logs/kafka.log, $logs/kafka.out)"
  echo "$prog: kafka running at 127.0.0.1:$kafka_port (pid $(cat "$pids/kafka.pid"))"
  [[ -z "$topics" ]] && return 0
  # one small program against the broker's Admin API: kafka_2.13 4.x has no TopicCommand
  out=$("$java" -cp "$cp" "$home/scripts/cluster-local/CreateTopics.java" "127.0.0.1:$kafka_port" "$topics" 2>&1) \
    || die "creating the topics $topics failed: $(echo "$out" | tail -n 1)"
  echo "$prog: topics $topics"
}
kafka_up() { alive "$pids/kafka.pid" || die "the Kafka broker exited (log: $logs/kafka.out, $logs/kafka.log)"; listening "$kafka_port"; }

jm_up() { alive "$pids/jobmanager.pid" || die "the JobManager exited (log: $logs/jobmanager.out, $logs/jobmanager.log)"; rest /overview >/dev/null; }

stop_one() { # pid file: SIGTERM, wait, then SIGKILL
  local f="$1" pid name
  name="$(basename "$f" .pid)"
  if ! alive "$f"; then rm -f "$f"; return 0; fi
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + stop_timeout))
  while kill -0 "$pid" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$prog: $name (pid $pid) still running after ${stop_timeout} s: kill -9" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
  echo "$prog: stopped $name"
}

case "$cmd" in
  start)
    command -v curl >/dev/null || die "curl is needed (to ask the JobManager's REST API)"
    for f in "$work"/pids/*.pid; do [[ -e "$f" ]] || continue; alive "$f" && die "a cluster is already running in $work ($(basename "$f" .pid), pid $(cat "$f")); stop it first"; done
    for p in "$rest_port:--rest-port" "$rpc_port:--rpc-port" "$kafka_port:--kafka-port" "$controller_port:--kafka-controller-port"; do
      listening "${p%%:*}" && die "port ${p%%:*} (${p#*:}) is in use on 127.0.0.1"
    done
    FLINK_CP=$(flink_classpath)
    kafka_cp=$(project_classpath)
    write_config
    loopback_reporter
    # a failed start (die, an error) leaves nothing running
    trap 'rc=$?; if [[ $rc -ne 0 ]]; then echo "$prog: start failed; stopping what was started" >&2; for f in "$pids"/*.pid; do stop_one "$f" >/dev/null 2>&1 || true; done; fi' EXIT
    start_kafka "$kafka_cp"
    start_jobmanager
    wait_for "JobManager" "$start_timeout" jm_up || die "the JobManager's REST API did not answer within ${start_timeout} s (log: $logs/jobmanager.log)"
    echo "$prog: jobmanager running, REST and web UI at http://127.0.0.1:$rest_port (pid $(cat "$pids/jobmanager.pid"))"
    for ((i = 1; i <= taskmanagers; i++)); do start_taskmanager "$(next_tm_index)"; done
    trap - EXIT
    echo "$prog: up; work dir $work (logs in $logs, checkpoints in $work/checkpoints)"
    ;;
  add-taskmanager)
    load_env
    alive "$pids/jobmanager.pid" || die "no JobManager running in $work"
    FLINK_CP=$(flink_classpath)
    loopback_reporter
    start_taskmanager "$(next_tm_index)"
    ;;
  kill-taskmanager)
    load_env
    if [[ -z "$index" ]]; then
      for f in $(ls "$pids"/taskmanager-*.pid 2>/dev/null | sort -t- -k2 -n); do alive "$f" && { index="${f##*-}"; index="${index%.pid}"; break; }; done
      [[ -n "$index" ]] || die "no TaskManager running in $work"
    fi
    f="$pids/taskmanager-$index.pid"
    alive "$f" || die "TaskManager $index is not running"
    pid=$(cat "$f")
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$f"
    echo "$prog: killed taskmanager-$index (pid $pid) with SIGKILL"
    ;;
  stop)
    [[ -d "$pids" ]] || { echo "$prog: nothing to stop in $work"; exit 0; }
    for f in "$pids"/taskmanager-*.pid; do [[ -e "$f" ]] && stop_one "$f"; done
    [[ -e "$pids/jobmanager.pid" ]] && stop_one "$pids/jobmanager.pid"
    [[ -e "$pids/kafka.pid" ]] && stop_one "$pids/kafka.pid"
    echo "$prog: stopped"
    ;;
  status)
    load_env
    rc=0
    for name in kafka jobmanager; do
      if alive "$pids/$name.pid"; then echo "$name: running (pid $(cat "$pids/$name.pid"))"; else echo "$name: not running"; rc=1; fi
    done
    for f in "$pids"/taskmanager-*.pid; do [[ -e "$f" ]] && { alive "$f" && echo "$(basename "$f" .pid): running (pid $(cat "$f"))" || echo "$(basename "$f" .pid): not running"; }; done
    if alive "$pids/jobmanager.pid"; then
      echo "REST: http://127.0.0.1:$rest_port ($(registered_taskmanagers) TaskManager(s) registered)"
      echo "jobs: $(rest /jobs/overview | grep -o '"name":"[^"]*","[^}]*"state":"[^"]*"' | sed 's/"name":"\([^"]*\)".*"state":"\([^"]*\)"/\1=\2/' | tr '\n' ' ')"
    fi
    echo "Kafka: 127.0.0.1:$kafka_port; Prometheus ports: $prom_ports; work dir: $work"
    exit $rc
    ;;
esac
