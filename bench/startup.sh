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

measure "evctl --version" "$evctl" --version
measure "evctl topics list" "$evctl" topics list
measure "kafka-topics --list" java -cp "$tools_cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$broker" --list
measure "evctl tail --from -1 --max 1" "$evctl" tail bench --from -1 --max 1
measure "console consumer --max-messages 1" java -cp "$tools_cp" org.apache.kafka.tools.consumer.ConsoleConsumer \
  --bootstrap-server "$broker" --topic bench --from-beginning --max-messages 1

echo
echo "start-up on a sandbox broker; median of $runs runs; $(nproc) cores; the evctl launcher uses AppCDS and C1 only"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "evctl --version" "evctl topics list" "kafka-topics --list" "evctl tail --from -1 --max 1" "console consumer --max-messages 1"; do
  row "$n"
done
