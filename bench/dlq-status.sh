#!/usr/bin/env bash
# Benchmark: evctl dlq status on a cluster of TOPICS topics, a tenth of them DLQs (Connect headers, RECORDS
# dead letters each, half redriven), the rest ordinary topics with a few records: how long finding and
# summarizing every DLQ takes, beside listing the topics alone. Usage: bench/dlq-status.sh [TOPICS] [RECORDS] [RUNS]
set -euo pipefail
topics=${1:-200}
records=${2:-1000}
runs=${3:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19892}
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1

dlqs=$((topics / 10))
echo "creating $topics topics ($dlqs DLQs of $records dead letters, half redriven)…" >&2
python3 - "$records" > "$work/dead.jsonl" <<'PY'
import sys, json
for i in range(int(sys.argv[1])):
    print(json.dumps({"key": "k-%d" % i, "value": json.dumps({"n": i}), "headers": [
        {"name": "__connect.errors.topic", "value": "orders"}, {"name": "__connect.errors.partition", "value": "0"},
        {"name": "__connect.errors.offset", "value": str(i)},
        {"name": "__connect.errors.exception.class.name", "value": ["java.lang.NullPointerException", "org.apache.kafka.connect.errors.DataException"][i % 2]},
        {"name": "__connect.errors.exception.message", "value": "bad record %d" % i}]}))
PY
"$evctl" topics create redriven --partitions 3 >/dev/null
for i in $(seq 1 "$topics"); do
  if [ $((i % 10)) -eq 0 ]; then
    t=$(printf 'svc-%03d-dlt' "$i")
    "$evctl" topics create "$t" --partitions 3 >/dev/null
    "$evctl" publish "$t" -f "$work/dead.jsonl" --input jsonl --key-field key --value-field value --headers-field headers >/dev/null 2>&1
    "$evctl" dlq redrive "$t" --to-topic redriven --error-class NullPointerException --yes >/dev/null 2>&1
  else
    t=$(printf 'svc-%03d' "$i")
    "$evctl" topics create "$t" --partitions 3 >/dev/null
    "$evctl" publish "$t" --count 10 --template '{"n":{{seq}}}' >/dev/null 2>&1
  fi
done

measure "evctl topics list" "$evctl" topics list
measure "evctl dlq status (find all)" "$evctl" dlq status
measure "evctl dlq status (20 named)" "$evctl" dlq status $(seq -f 'svc-%03g-dlt' 10 10 "$topics")
tail -3 "$work/out" >&2

echo
echo "dlq status on $topics topics ($dlqs DLQs of $records records, half handled), $(nproc) cores, median of $runs:"
echo "| what                               | wall (s) | CPU (s)  | peak MiB  |"
echo "|------------------------------------|----------|----------|-----------|"
for n in "evctl topics list" "evctl dlq status (find all)" "evctl dlq status (20 named)"; do row "$n"; done
