#!/usr/bin/env bash
# Runbook: rebuild a consumer's state from a point in time — adapt the STOP/START commands to
# your deployment. It relies only on evctl's exit codes and -o json (parsed with jq).
#
#   examples/rebuild-consumer.sh GROUP TOPIC SINCE                  # rewind GROUP on TOPIC to SINCE
#   examples/rebuild-consumer.sh GROUP TOPIC SINCE REBUILD_TOPIC    # or copy TOPIC from SINCE into REBUILD_TOPIC
#
# SINCE is an ISO-8601 time (2026-11-21T06:00:00Z). Exit codes used: 0 done, 5 group still
# active (reset) or copy stopped before the end (replay: re-running resumes it).
set -euo pipefail
group=$1 topic=$2 since=$3 rebuild=${4:-}
stop_consumers=${STOP_CONSUMERS:-"echo 'stop the consumers of $group now (set STOP_CONSUMERS)'"}
start_consumers=${START_CONSUMERS:-"echo 'start the consumers of $group again (set START_CONSUMERS)'"}
lag() { evctl groups describe "$group" -o json | jq '[.partitions[] | select(.topic == "'"$topic"'") | .lag // 0] | add // 0'; }

echo "1. stop the consumers"
sh -c "$stop_consumers"

if [ -z "$rebuild" ]; then
  echo "2. plan, then rewind $group on $topic to $since once the group is empty"
  evctl groups reset "$group" --topic "$topic" --to time "$since" --dry-run -o json | jq -c '.partitions[] | {partition, current, target, lagAfter}'
  set +e
  result=$(evctl groups reset "$group" --topic "$topic" --to time "$since" --wait-inactive 5m --yes -o json)
  code=$?
  set -e
  if [ "$code" = 5 ]; then echo "the group still has members after 5 minutes: nothing was changed" >&2; exit 5; fi
  [ "$code" = 0 ] || exit "$code"
  snapshot=$(echo "$result" | jq -r .snapshot)
  echo "   undo snapshot: $snapshot"
else
  echo "2. copy $topic from $since into $rebuild (exactly once; re-run resumes)"
  evctl replay "$topic" --from "$since" --to-topic "$rebuild" --create-target --dry-run -o json | jq -c '.plan | {records, bytes}'
  for attempt in 1 2 3; do
    set +e
    evctl replay "$topic" --from "$since" --to-topic "$rebuild" --create-target --yes -o json > /tmp/replay-$$.json
    code=$?
    set -e
    [ "$code" = 0 ] && break
    [ "$code" = 5 ] || [ "$code" = 3 ] || exit "$code"
    echo "   copy interrupted (exit $code), resuming…" >&2
  done
  [ "$code" = 0 ] || exit "$code"
  jq -c '{job, copied, filtered, seconds}' /tmp/replay-$$.json
  snapshot=""
fi

echo "3. start the consumers and watch the lag fall"
sh -c "$start_consumers"
[ -n "$snapshot" ] || exit 0
previous=$(lag)
for check in $(seq 1 30); do
  sleep 10
  now=$(lag)
  echo "   lag $now"
  [ "$now" = 0 ] && { echo "caught up"; exit 0; }
  if [ "$now" -ge "$previous" ] && [ "$check" -ge 6 ]; then
    echo "4. the lag is not falling: stop the consumers and undo" >&2
    sh -c "$stop_consumers"
    evctl groups reset "$group" --undo "$snapshot" --wait-inactive 5m --yes
    exit 1
  fi
  previous=$now
done
