#!/usr/bin/env bash
# Benchmark: copying 1,000,000 records topic to topic on a sandbox — evctl replay (exact:
# transactional, and at-least-once) beside the `kcat -C -e | kcat -P` pipe and the Kafka console
# consumer | producer pipe (both lossy: keys, headers, timestamps and partitions are dropped).
# Prints median wall time, CPU time and peak RSS of each. Then one job on a 12-partition topic of
# the same records run by 1, 2 and 4 workers (--join processes, and --parallel threads of one).
# Usage: bench/replay.sh [RECORDS] [RUNS]; BENCH_ONLY=workers skips the first table.
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
"$evctl" topics create bench12 --partitions 12 >/dev/null 2>&1
"$evctl" publish bench12 --file "$work/events.jsonl" 2>/dev/null

# workers N: N evctl processes joining one job (a fresh job and 12-partition target per run); exits non-zero unless all do
workers() {
  local n=$1 job="bench-w$1-$RUN-$$" pids=""
  "$evctl" topics create "w$n-$RUN" --partitions 12 >/dev/null 2>&1
  for i in $(seq "$n"); do
    "$evctl" replay bench12 --to-topic "w$n-$RUN" --job-id "$job" --join --yes >/dev/null 2>"$work/w$n-$i.err" &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p" || return 1; done
}
export -f workers
export evctl work
workers_table() {
  measure "replay, 1 process (no --join)" sh -c '"$evctl" topics create "s1-$RUN" --partitions 12 >/dev/null 2>&1; exec "$evctl" replay bench12 --to-topic "s1-$RUN" --yes --job-id "bench-s1-$RUN-$$"'
  measure "--join, 1 worker" bash -c 'workers 1'
  measure "--join, 2 processes" bash -c 'workers 2'
  measure "--join, 4 processes" bash -c 'workers 4'
  measure "--parallel 2 (threads, 1 process)" sh -c '"$evctl" topics create "p2-$RUN" --partitions 12 >/dev/null 2>&1; exec "$evctl" replay bench12 --to-topic "p2-$RUN" --yes --parallel 2 --job-id "bench-p2-$RUN-$$"'
  measure "--parallel 4 (threads, 1 process)" sh -c '"$evctl" topics create "p4-$RUN" --partitions 12 >/dev/null 2>&1; exec "$evctl" replay bench12 --to-topic "p4-$RUN" --yes --parallel 4 --job-id "bench-p4-$RUN-$$"'
  for t in s1 w1 w2 w4 p2 p4; do
    n=$("$evctl" topics describe "$t-1" -o json | python3 -c 'import sys,json; print(sum(p["endOffset"] for p in json.load(sys.stdin)["partitions"]))')
    echo "$t-1 end offsets sum: $n (transaction markers count too)" >&2
  done
  echo
  echo "one job, $records records, 12 partitions, by 1, 2 and 4 workers; median of $runs runs; $(nproc) cores: the workers share"
  echo "the cores with each other and with the broker, so this shows the cost of coordination more than the speed-up."
  echo "cpu and peak: all the job's processes together (cpu summed; peak of the largest)"
  echo
  printf "| %-34s | %8s | %8s | %9s |\n" "workers" "wall s" "cpu s" "peak MiB"
  printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
  for n in "replay, 1 process (no --join)" "--join, 1 worker" "--join, 2 processes" "--join, 4 processes" \
           "--parallel 2 (threads, 1 process)" "--parallel 4 (threads, 1 process)"; do
    row "$n"
  done
}
if [ "${BENCH_ONLY:-}" = workers ]; then
  workers_table
  exit 0
fi

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

echo
workers_table
