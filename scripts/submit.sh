#!/usr/bin/env bash
# Submits the job jar to a Flink cluster through its REST API, stops a job with a savepoint, lists jobs.
#
#   scripts/submit.sh [run] [--rest URL] [--jar FILE] [--parallelism N] [--entry-class CLASS]
#                     [--from-savepoint PATH [--allow-non-restored]] [-- --gprec.key value ...]
#       uploads the jar (POST /jars/upload), runs it (POST /jars/:id/run with the parallelism, entry
#       class and program args given explicitly) and prints the job id. Everything after -- goes to
#       the job as program args (io.gprec.stream.GprecJob takes --<config key> <value> pairs).
#   scripts/submit.sh stop --job ID --savepoint-dir DIR [--rest URL] [--timeout SECONDS]
#       stop-with-savepoint (POST /jobs/:id/stop), waits for it and prints the savepoint's path.
#   scripts/submit.sh status [--rest URL]
#       one line per job: id, state, name.
#
# Defaults: --rest http://127.0.0.1:8081 (or $GPREC_REST), --jar target/gprec-stream-job.jar,
# --parallelism 1, --entry-class io.gprec.stream.GprecJob. Needs curl.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prog="submit"
die() { echo "$prog: $*" >&2; exit 1; }
usage() { echo "$prog: $*" >&2; echo "usage: scripts/submit.sh [run|stop|status] [options] (see the header of the script)" >&2; exit 2; }

cmd=run
if [[ $# -gt 0 && "$1" != -* ]]; then cmd="$1"; shift; fi
case "$cmd" in run|stop|status) ;; *) usage "unknown command '$cmd'" ;; esac

rest="${GPREC_REST:-http://127.0.0.1:8081}" jar="$home/target/gprec-stream-job.jar" parallelism=1
entry=io.gprec.stream.GprecJob savepoint="" allow_non_restored=false job="" savepoint_dir="" timeout=300
program_args=()
need() { [[ $# -ge 2 && -n "$2" ]] || usage "$1 expects a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rest) need "$@"; rest="${2%/}"; shift 2 ;;
    --jar) need "$@"; jar="$2"; shift 2 ;;
    --parallelism) need "$@"; [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--parallelism expects a number >= 1, got '$2'"; parallelism="$2"; shift 2 ;;
    --entry-class) need "$@"; entry="$2"; shift 2 ;;
    --from-savepoint) need "$@"; savepoint="$2"; shift 2 ;;
    --allow-non-restored) allow_non_restored=true; shift ;;
    --job) need "$@"; [[ "$2" =~ ^[0-9a-f]{32}$ ]] || usage "--job expects a 32-hex-digit job id, got '$2'"; job="$2"; shift 2 ;;
    --savepoint-dir) need "$@"; savepoint_dir="$2"; shift 2 ;;
    --timeout) need "$@"; [[ "$2" =~ ^[1-9][0-9]*$ ]] || usage "--timeout expects seconds, got '$2'"; timeout="$2"; shift 2 ;;
    --) shift; program_args=("$@"); break ;;
    *) usage "unknown option $1" ;;
  esac
done
command -v curl >/dev/null || die "curl is needed"
[[ "$rest" =~ ^https?:// ]] || usage "--rest expects a URL like http://host:8081, got '$rest'"

# One request; prints the body. A connection failure or an HTTP error is one line with Flink's first error.
call() { # METHOD PATH [curl args...]
  local method="$1" path="$2" body code; shift 2
  body=$(curl -sS --max-time 300 -X "$method" -H 'Expect:' -w '\n%{http_code}' "$@" "$rest$path" 2>&1) \
    || die "cannot reach the Flink REST API at $rest ($(echo "$body" | head -n 1 | sed 's/^curl: ([0-9]*) //'))"
  code="${body##*$'\n'}" body="${body%$'\n'*}"
  if [[ "$code" != 2* ]]; then
    die "$method $path failed (HTTP $code): $(first_error "$body")"
  fi
  echo "$body"
}
# Flink's errors: {"errors":["message","<stack trace>"]}; the first line that says what went wrong.
first_error() {
  local e
  e=$(echo "$1" | sed -n 's/.*"errors":\["\([^"]*\(\\"[^"]*\)*\)".*/\1/p' | sed 's/\\n/\n/g; s/\\t/ /g; s/\\"/"/g')
  [[ -n "$e" ]] || { echo "$1" | head -c 300; return; }
  # a program's own failure is wrapped in several exceptions; its "gprec: ..." line is the useful one
  local gprec; gprec=$(echo "$e" | grep -m1 -o 'gprec: .*' || true)
  # else the innermost cause
  if [[ -n "$gprec" ]]; then echo "$gprec"
  elif grep -q '^Caused by: ' <<<"$e"; then grep '^Caused by: ' <<<"$e" | tail -n 1 | sed 's/^Caused by: //'
  else echo "$e" | head -n 1; fi
}
json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$2" | head -n 1; }

case "$cmd" in
  run)
    [[ -f "$jar" ]] || die "job jar not found: $jar (build it with: mvn -B verify -DskipTests)"
    echo "$prog: uploading $(basename "$jar") ($(( $(stat -c %s "$jar") / 1048576 )) MiB) to $rest ..." >&2
    up=$(call POST /jars/upload -F "jarfile=@$jar;type=application/x-java-archive")
    jar_id=$(field filename "$up"); jar_id="${jar_id##*/}"
    [[ -n "$jar_id" ]] || die "the upload did not return a jar id: $up"
    args_json=""
    for a in "${program_args[@]+"${program_args[@]}"}"; do args_json+="${args_json:+,}$(json_string "$a")"; done
    req="{\"entryClass\":$(json_string "$entry"),\"parallelism\":$parallelism,\"programArgsList\":[${args_json}]"
    if [[ -n "$savepoint" ]]; then req+=",\"savepointPath\":$(json_string "$savepoint"),\"allowNonRestoredState\":$allow_non_restored"; fi
    req+="}"
    echo "$prog: running $entry at parallelism $parallelism${savepoint:+ from savepoint $savepoint} ..." >&2
    out=$(call POST "/jars/$jar_id/run" -H 'Content-Type: application/json' -d "$req")
    job_id=$(field jobid "$out")
    [[ -n "$job_id" ]] || die "the run did not return a job id: $out"
    echo "$prog: submitted job $job_id; web UI: $rest/#/job/running/$job_id/overview" >&2
    echo "$job_id"
    ;;
  stop)
    [[ -n "$job" ]] || usage "stop needs --job ID"
    [[ -n "$savepoint_dir" ]] || usage "stop needs --savepoint-dir DIR (a directory the JobManager and TaskManagers can write)"
    out=$(call POST "/jobs/$job/stop" -H 'Content-Type: application/json' -d "{\"targetDirectory\":$(json_string "$savepoint_dir"),\"drain\":false}")
    trigger=$(field request-id "$out")
    [[ -n "$trigger" ]] || die "stop did not return a request id: $out"
    echo "$prog: stopping job $job with a savepoint into $savepoint_dir ..." >&2
    deadline=$((SECONDS + timeout))
    while :; do
      st=$(call GET "/jobs/$job/savepoints/$trigger")
      case "$(sed -n 's/.*"status":{"id":"\([A-Z_]*\)".*/\1/p' <<<"$st")" in
        COMPLETED)
          location=$(field location "$st")
          if [[ -z "$location" ]]; then
            die "the savepoint failed: $(sed -n 's/.*"stack-trace":"\([^\\]*\)\\n.*/\1/p' <<<"$st" | sed 's/^java.util.concurrent.CompletionException: //')"
          fi
          echo "$prog: job $job stopped; savepoint: $location" >&2
          echo "$location"
          exit 0 ;;
        IN_PROGRESS) ;;
        *) die "unexpected savepoint status: $st" ;;
      esac
      [[ $SECONDS -lt $deadline ]] || die "the savepoint of job $job did not complete within $timeout s"
      sleep 1
    done
    ;;
  status)
    out=$(call GET /jobs/overview)
    lines=$(grep -o '"jid":"[0-9a-f]*","name":"[^"]*","start-time":[0-9-]*,"end-time":[0-9-]*,"duration":[0-9-]*,"state":"[A-Z_]*"' <<<"$out" \
      | sed 's/"jid":"\([^"]*\)","name":"\([^"]*\)".*"state":"\([^"]*\)"/\1 \3 \2/' || true)
    if [[ -z "$lines" ]]; then echo "no jobs at $rest"; else echo "$lines"; fi
    ;;
esac
