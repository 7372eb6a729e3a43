#!/usr/bin/env bash
# Benchmark: copying 1,000,000 records topic to topic on a sandbox — evctl replay (exact:
# transactional, and at-least-once) beside the `kcat -C -e | kcat -P` pipe and the Kafka console
# consumer | producer pipe (both lossy: keys, headers, timestamps and partitions are dropped).
# Prints median wall time, CPU time and peak RSS of each. Usage: bench/replay.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19192}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state

command -v kcat >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q kcat >/dev/null; }
command -v kcat >/dev/null || { echo "kcat is needed: apt-get install kcat" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }

. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1

echo "generating and publishing $records events…" >&2
make_events "$records" "$work/events.jsonl"
"$evctl" topics create bench --partitions 3 >/dev/null 2>&1
"$evctl" publish bench --file "$work/events.jsonl" 2>/dev/null

PREFIX=rt measure "evctl replay (exactly once)" sh -c 'exec "$0" replay bench --to-topic "rt-$RUN" --yes --job-id "bench-rt-$RUN-$$"' "$evctl"
PREFIX=ra measure "evctl replay --no-transactions" sh -c 'exec "$0" replay bench --to-topic "ra-$RUN" --yes --no-transactions --job-id "bench-ra-$RUN-$$"' "$evctl"
PREFIX=rk measure "kcat -C -e | kcat -P" sh -c 'kcat -C -b "$0" -t bench -o beginning -e -q | kcat -P -b "$0" -t "rk-$RUN"' "$broker"
PREFIX=rc measure "console consumer | producer" sh -c 'java -cp "$0" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$1" \
  --topic bench --from-beginning --max-messages "$2" 2>/dev/null | java -cp "$0" org.apache.kafka.tools.ConsoleProducer \
  --bootstrap-server "$1" --topic "rc-$RUN" --producer-property acks=all' "$tools_cp" "$broker" "$records"

for p in rt ra rk rc; do
  n=$("$evctl" topics describe "$p-1" -o json | python3 -c 'import sys,json; print(sum(p["endOffset"] for p in json.load(sys.stdin)["partitions"]))')
  echo "$p-1 end offsets sum: $n (transaction markers count too)" >&2
done

echo
echo "$records records of about $(( $(stat -c %s "$work/events.jsonl") / records )) bytes, 3 partitions, sandbox broker on loopback; median of $runs runs; $(nproc) cores"
echo "peak MiB: of the whole pipeline's largest process for pipes (GNU time, max RSS of the children)"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "evctl replay (exactly once)" "evctl replay --no-transactions" "kcat -C -e | kcat -P" "console consumer | producer"; do
  row "$n"
done
