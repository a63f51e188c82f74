#!/usr/bin/env bash
# Validates docker/ without a Docker engine (CI step):
#   - docker/docker-compose.yml with Debian's docker-compose v1 (`config`), and that it does reject a bad key;
#   - docker/prometheus/prometheus.yml with `promtool check config`;
#   - the Grafana JSON files parse; the Dockerfile copies files that exist (the job jar after `mvn verify`).
# (The dashboard's metric names against the job's gauges: DockerFilesTest, in `mvn verify`.)
# The tools come from Debian packages fetched with `apt-get download` and unpacked with `dpkg -x` into
# $GPREC_TOOLS_DIR (default target/tools): nothing is installed system-wide.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prog="validate-docker"
die() { echo "$prog: $*" >&2; exit 1; }
tools="${GPREC_TOOLS_DIR:-$home/target/tools}"
root="$tools/root"
packages=(docker-compose prometheus python3-docker python3-dockerpty python3-docopt python3-dotenv python3-jsonschema
  python3-requests python3-texttable python3-websocket python3-cached-property python3-distutils python3-attr
  python3-pyrsistent python3-urllib3 python3-idna python3-certifi python3-chardet python3-charset-normalizer
  python3-six python3-packaging)

if [[ ! -x "$root/usr/bin/promtool" || ! -f "$root/usr/bin/docker-compose" ]]; then
  command -v apt-get >/dev/null && command -v dpkg >/dev/null || die "apt-get and dpkg are needed to fetch docker-compose and promtool (Debian packages)"
  mkdir -p "$tools/debs"
  echo "$prog: fetching ${packages[*]} (apt-get download) ..." >&2
  fetch() { (cd "$tools/debs" && apt-get download "${packages[@]}" >/dev/null 2>"$tools/apt.log"); }
  # a fresh machine may have no package lists yet: refresh them once (needs root), then retry
  if ! fetch && [[ $(id -u) -eq 0 ]]; then apt-get update -qq >/dev/null 2>&1 || true; fetch || true; fi
  ls "$tools"/debs/docker-compose_*.deb "$tools"/debs/prometheus_*.deb >/dev/null 2>&1 \
    || die "apt-get download failed: $(grep -v '^W:' "$tools/apt.log" | tail -n 1)"
  for deb in "$tools"/debs/*.deb; do dpkg -x "$deb" "$root"; done
fi
py=/usr/bin/python3
[[ -x "$py" ]] || py=$(command -v python3) || die "python3 is needed for docker-compose v1"
pyver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
compose() { PYTHONPATH="$root/usr/lib/python3/dist-packages:$root/usr/lib/python$pyver" "$py" "$root/usr/bin/docker-compose" "$@"; }

cd "$home"
out=$(compose -f docker/docker-compose.yml config -q 2>&1) || die "docker/docker-compose.yml is invalid: $out"
echo "$prog: docker/docker-compose.yml valid ($(compose -f docker/docker-compose.yml config --services | tr '\n' ' '))"
# the check must be able to fail: the same file with an unknown service key is rejected
bad="$tools/compose-bad.yml"
sed 's/^  kafka:$/  kafka:\n    no_such_key: 1/' docker/docker-compose.yml >"$bad"
if compose -f "$bad" --project-directory docker config -q >/dev/null 2>&1; then die "docker-compose accepted an unknown key: the validation proves nothing"; fi

"$root/usr/bin/promtool" check config docker/prometheus/prometheus.yml >/dev/null 2>"$tools/promtool.log" \
  || die "docker/prometheus/prometheus.yml is invalid: $(tail -n 2 "$tools/promtool.log" | tr '\n' ' ')"
echo "$prog: docker/prometheus/prometheus.yml valid (promtool check config)"

for f in docker/grafana/dashboards/*.json; do "$py" -m json.tool "$f" >/dev/null || die "$f is not valid JSON"; done
echo "$prog: Grafana dashboards parse"

grep -q '^FROM flink:2.2-java17$' docker/Dockerfile || die "docker/Dockerfile must build FROM flink:2.2-java17"
while read -r src; do
  [[ -e "$src" ]] || die "docker/Dockerfile copies $src, which does not exist (run mvn -B verify -DskipTests for the job jar)"
done < <(sed -n 's/^COPY \([^ ]*\) .*/\1/p' docker/Dockerfile)
echo "$prog: docker/Dockerfile copies only files that exist"
echo "$prog: ok"
