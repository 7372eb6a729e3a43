#!/usr/bin/env bash
# Benchmark: evctl beside kcat and Kafka's console tools on the same 1,000,000 JSON events in
# one run, against a sandbox started for the run. Prints median wall time, CPU time (user+sys)
# and peak RSS of each. Usage: bench/run.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19092}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox

need() { command -v "$1" >/dev/null 2>&1 || { [ "$(id -u)" = 0 ] && apt-get install -y -q "$2" >/dev/null; }; }
need kcat kcat
[ -x /usr/bin/time ] || need time time
command -v kcat >/dev/null || { echo "kcat is needed: apt-get install kcat" >&2; exit 1; }

. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1

echo "generating $records JSON events…" >&2
make_events "$records" "$work/events.jsonl"
avg=$(( $(stat -c %s "$work/events.jsonl") / records ))

"$evctl" topics create bench --partitions 3 >/dev/null 2>&1
"$evctl" publish bench --file "$work/events.jsonl" 2>/dev/null

# --- tail: read the whole topic to /dev/null-equivalent files
measure "evctl tail --format '{value}'" "$evctl" tail bench --from beginning --to end --format '{value}'
measure "evctl tail -o envelope" "$evctl" tail bench --from beginning --to end -o envelope
measure "kcat -C -e" kcat -C -b "$broker" -t bench -o beginning -e -q
measure "kafka-console-consumer" java -cp "$tools_cp" org.apache.kafka.tools.consumer.ConsoleConsumer \
  --bootstrap-server "$broker" --topic bench --from-beginning --max-messages "$records"

# --- publish: the same file into a fresh 3-partition topic per run (RUN numbers the topic)
PREFIX=pe measure "evctl publish --file" sh -c 'exec "$0" publish "pe-$RUN" --file "$1"' "$evctl" "$work/events.jsonl"
PREFIX=pk measure "kcat -P -l" sh -c 'exec kcat -P -b "$0" -t "pk-$RUN" -l "$1"' "$broker" "$work/events.jsonl"
PREFIX=pc measure "kafka-console-producer" sh -c 'exec java -cp "$0" org.apache.kafka.tools.ConsoleProducer \
  --bootstrap-server "$1" --topic "pc-$RUN" --producer-property acks=all < "$2"' "$tools_cp" "$broker" "$work/events.jsonl"
for p in pe pk pc; do
  n=$("$evctl" topics describe "$p-1" -o json | python3 -c 'import sys,json; print(sum(p["endOffset"] for p in json.load(sys.stdin)["partitions"]))')
  [ "$n" = "$records" ] || echo "warning: $p-1 holds $n records, expected $records" >&2
done

echo
echo "$records JSON events of about $avg bytes, 3 partitions, sandbox broker on loopback; median of $runs runs; $(nproc) cores"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "evctl tail --format '{value}'" "evctl tail -o envelope" "kcat -C -e" "kafka-console-consumer" \
         "evctl publish --file" "kcat -P -l" "kafka-console-producer"; do
  row "$n"
done
