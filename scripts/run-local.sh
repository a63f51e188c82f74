#!/usr/bin/env bash
# The one-command local run: a real Kafka broker (KRaft, in-process) and a Flink MiniCluster with
# flink-conf/config.yaml; replays ML-100K (or --data-dir DIR) into Kafka in event-time order, trains
# GPRec online until the data is consumed, prints rolling AUC as it goes and a summary at the end.
# Stops everything it started, also on Ctrl-C. Options: scripts/gprec run --help
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/gprec" run "$@"
