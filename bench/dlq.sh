#!/usr/bin/env bash
# Benchmark: a 100,000-record dead-letter topic (Kafka Connect headers, 4 exception classes) —
# evctl dlq inspect and dlq redrive beside evctl replay of the same topic and a plain kcat read.
# Prints median wall time, CPU time and peak RSS. Usage: bench/dlq.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-100000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19392}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state

command -v kcat >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q kcat >/dev/null; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1

echo "writing $records dead-letter records…" >&2
python3 - "$records" > "$work/dlq.jsonl" <<'PY'
import sys, json, random
random.seed(2)
errors = [("org.apache.kafka.connect.errors.DataException", "Converting byte[] to Kafka Connect data failed due to serialization error at offset %d"),
          ("java.sql.SQLTransientConnectionException", "Connection to db-%d refused"),
          ("java.lang.NullPointerException", "customer of order %d is null"),
          ("org.apache.kafka.common.errors.TimeoutException", "Timed out after %d ms")]
for i in range(int(sys.argv[1])):
    cls, msg = errors[i % 4]
    headers = [{"name": "__connect.errors.topic", "value": "orders"}, {"name": "__connect.errors.partition", "value": str(i % 3)},
               {"name": "__connect.errors.offset", "value": str(i)}, {"name": "__connect.errors.connector.name", "value": "jdbc-sink"},
               {"name": "__connect.errors.exception.class.name", "value": cls},
               {"name": "__connect.errors.exception.message", "value": msg % random.randint(1, 99999)},
               {"name": "__connect.errors.exception.stacktrace", "value": cls + ": boom\n\tat a.b.C.d(C.java:42)\n" * 3}]
    print(json.dumps({"partition": i % 3, "key": "order-%d" % i, "value": json.dumps({"orderId": i, "total": i % 100}), "headers": headers}))
PY
"$evctl" topics create dlq --partitions 3 >/dev/null 2>&1
"$evctl" topics create orders --partitions 3 >/dev/null 2>&1
"$evctl" publish dlq --file "$work/dlq.jsonl" --input envelope 2>/dev/null

measure "evctl dlq inspect" "$evctl" dlq inspect dlq
measure "kcat -C -e (read only)" kcat -C -b "$broker" -t dlq -o beginning -e -q
# each redrive run needs an unhandled DLQ: an exact copy per run, made beforehand
for i in $(seq "$runs"); do "$evctl" replay dlq --to-topic "dq-$i" --create-target --yes >/dev/null 2>&1; done
measure "evctl dlq redrive (all)" sh -c 'exec "$0" dlq redrive "dq-$RUN" --yes' "$evctl"
PREFIX=rp measure "evctl replay (same records)" sh -c 'exec "$0" replay dlq --to-topic "rp-$RUN" --yes --job-id "b-$RUN-$$"' "$evctl"

echo
echo "$records dead-letter records (Connect headers, ~$(( $(stat -c %s "$work/dlq.jsonl") / records )) bytes of envelope each), 3 partitions, sandbox broker; median of $runs runs; $(nproc) cores"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "evctl dlq inspect" "kcat -C -e (read only)" "evctl dlq redrive (all)" "evctl replay (same records)"; do
  row "$n"
done
