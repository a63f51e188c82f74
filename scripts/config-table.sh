#!/usr/bin/env bash
# Bad configuration, case by case: runs each bad job setting (a config.yaml with one key changed, through
# `gprec run --conf-dir`) and each bad CLI flag of run / replay / generate / dashboard / soak through scripts/gprec,
# and prints a markdown table: the input, the one-line message on stderr, the exit code (2 = usage error).
# Every case must fail before anything starts (no broker, no job). Used for docs/RELIABILITY.md.
#
#   scripts/config-table.sh > table.md
set -uo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gprec="$home/scripts/gprec"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GPREC_JAVA_OPTS="${GPREC_JAVA_OPTS:--Xmx512m}"

row() { # input shown, command...
  local shown="$1" out rc msg; shift
  out=$("$@" 2>&1 >/dev/null </dev/null); rc=$?
  msg=$(printf '%s\n' "$out" | grep -v '^\s*$' | tail -n 1)
  printf '| %s | `%s` | %s |\n' "$shown" "${msg//|/\\|}" "$rc"
}

# config.yaml = flink-conf/config.yaml with KEY set to VALUE (the line replaced, or appended)
job_case() {
  local key="$1" value="$2" dir="$work/conf-$RANDOM$RANDOM"
  mkdir -p "$dir"
  if grep -q "^$key:" "$home/flink-conf/config.yaml"; then
    awk -v k="$key" -v v="$value" 'index($0, k ":") == 1 { print k ": " v; next } { print }' "$home/flink-conf/config.yaml" >"$dir/config.yaml"
  else
    { cat "$home/flink-conf/config.yaml"; echo "$key: $value"; } >"$dir/config.yaml"
  fi
  row "\`$key: $value\`" "$gprec" run --no-dashboard --synthetic --conf-dir "$dir"
}

echo "| input | message | exit code |"
echo "|---|---|---|"
job_case gprec.trainer.batch-size 0
job_case gprec.trainer.batch-size many
job_case gprec.trainer.groups 0
job_case gprec.trainer.max-wait "-5 s"
job_case gprec.trainer.model GPREC2
job_case gprec.trainer.strategy dp2
job_case gprec.metrics.window 0
job_case gprec.metrics.every -1
job_case gprec.trainer.fail-after-events -1
job_case gprec.kafka.stop-at-offset -2
job_case gprec.kafka.bounded maybe
job_case gprec.kafka.bootstrap-servers localhost
job_case gprec.kafka.bootstrap-servers 127.0.0.1:70000
job_case gprec.kafka.clicks-topic "'bad topic!'"
job_case gprec.kafka.predictions-topic gprec.clicks
job_case gprec.kafka.group-id "''"
job_case gprec.data.schema-file /nonexistent/schema.json
job_case gprec.trainer.snapshot-dir "$home/pom.xml"
job_case gprec.dashboard.port 70000
job_case gprec.dashboard.history 0
job_case gprec.trainer.batchsize 128
job_case gprec.kafka.properties.bootstrap.servers x:1
job_case gprec.kafka.properties.isolation.level read_uncommitted

row '`run --batch 0`' "$gprec" run --batch 0
row '`run --model gprec2`' "$gprec" run --model gprec2
row '`run --checkpoint-interval 0s`' "$gprec" run --checkpoint-interval 0s
row '`run --checkpoint-interval soon`' "$gprec" run --checkpoint-interval soon
row '`run --limit -1`' "$gprec" run --limit -1
row '`run --rate -5`' "$gprec" run --rate -5
row '`run --dashboard-port 70000`' "$gprec" run --dashboard-port 70000
row '`run --synthetic --synthetic-events 0`' "$gprec" run --synthetic --synthetic-events 0
row '`run --data-dir /nonexistent`' "$gprec" run --data-dir /nonexistent
row '`run --conf-dir /nonexistent`' "$gprec" run --conf-dir /nonexistent
row '`replay --bootstrap-servers localhost`' "$gprec" replay --bootstrap-servers localhost
row "\`replay --topic 'a b'\`" "$gprec" replay --topic 'a b'
row '`replay --rate 0`' "$gprec" replay --rate 0
row '`replay --partitions 0`' "$gprec" replay --partitions 0
row '`replay --order sideways`' "$gprec" replay --order sideways
row '`replay --limit -1`' "$gprec" replay --limit -1
row '`generate --kafka localhost --topic t`' "$gprec" generate --kafka localhost --topic t
row "\`generate --kafka 127.0.0.1:9092 --topic 'a b'\`" "$gprec" generate --kafka 127.0.0.1:9092 --topic 'a b'
row '`generate --kafka 127.0.0.1:9092 --topic t --rate 0`' "$gprec" generate --kafka 127.0.0.1:9092 --topic t --rate 0
row '`generate --out x --rate 100`' "$gprec" generate --out "$work/x" --rate 100
row '`generate --out x --users 0`' "$gprec" generate --out "$work/x" --users 0
row '`generate --out x --ctr 1.5`' "$gprec" generate --out "$work/x" --ctr 1.5
row '`generate --out x --events -1`' "$gprec" generate --out "$work/x" --events -1
row '`dashboard --port 70000`' "$gprec" dashboard --port 70000
row '`dashboard --bind 999.1.1.1`' "$gprec" dashboard --bind 999.1.1.1
row '`dashboard --history 0`' "$gprec" dashboard --history 0
row '`dashboard --bootstrap-servers kafka`' "$gprec" dashboard --bootstrap-servers kafka
row '`soak --from-csv x --threshold -1`' "$gprec" soak --from-csv "$work/x.csv" --threshold -1
row '`soak --rest http://127.0.0.1:1 --job xyz`' "$gprec" soak --rest http://127.0.0.1:1 --job xyz
