#!/usr/bin/env bash
# Benchmark: start-up, evctl beside the Kafka tools on a sandbox, in one run — `--version`, listing
# topics, and reading the first record. Median wall time of N runs. Usage: bench/startup.sh [RUNS]
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19492}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1
"$evctl" topics create bench --partitions 3 >/dev/null 2>&1
"$evctl" publish bench --count 1000 --template '{"n":{{seq}}}' 2>/dev/null

# The commands take turns, one run each per round: this box's speed drifts by a quarter within
# minutes, and a tool timed in one block could land in a slow minute the others missed. The first
# $warmup rounds (WARMUP, default 3) are untimed: a broker that has just started serves its first
# requests from interpreted code while its compiler threads take the cores, and whichever tool
# came first paid for it. Users' brokers have been up for days.
names=("evctl --version" "evctl topics list" "kafka-topics --list" "evctl tail --from -1 --max 1" "console consumer --max-messages 1")
command_for() { # command_for NAME: sets cmd to NAME's command line
  case $1 in
    "evctl --version") cmd=("$evctl" --version) ;;
    "evctl topics list") cmd=("$evctl" topics list) ;;
    "kafka-topics --list") cmd=(java -cp "$tools_cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$broker" --list) ;;
    "evctl tail --from -1 --max 1") cmd=("$evctl" tail bench --from -1 --max 1) ;;
    "console consumer --max-messages 1") cmd=(java -cp "$tools_cp" org.apache.kafka.tools.consumer.ConsoleConsumer
      --bootstrap-server "$broker" --topic bench --from-beginning --max-messages 1) ;;
  esac
}
warmup=${WARMUP:-3}
for w in $(seq "$warmup"); do
  for n in "${names[@]}"; do
    command_for "$n"
    "${cmd[@]}" >/dev/null 2>&1 || true
  done
done
for n in "${names[@]}"; do
  : > "$work/m-$(key "$n")"
done
for i in $(seq "$runs"); do
  for n in "${names[@]}"; do
    command_for "$n"
    measure_once "$i" "$n" "${cmd[@]}"
  done
done

echo
echo "start-up on a sandbox broker; median of $runs runs after $warmup untimed rounds; $(nproc) cores; the evctl launcher uses AppCDS and C1 only"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "${names[@]}"; do
  row "$n"
done
