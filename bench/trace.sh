#!/usr/bin/env bash
# Benchmark: evctl trace over three topics of RECORDS records each (one id hidden in each: a header, a key, a JSON
# field) beside the pipeline a user would write — kcat reading each topic with keys and headers, through grep -F —
# then an --id-field search through Avro beside the same search on JSON. Prints median wall time, CPU time, peak
# RSS and evctl's scanned records/s. Usage: bench/trace.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19692}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state

command -v kcat >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q kcat >/dev/null; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port $((port + 10))
registry=http://127.0.0.1:$((port + 10))
id=trace-me-4711

echo "writing 3 x $records events (and $records Avro)…" >&2
make_events "$records" "$work/events.jsonl"
cat > "$work/order.avsc" <<'AVSC'
{"type":"record","name":"Order","namespace":"bench","fields":[
 {"name":"orderId","type":"string"},{"name":"customer","type":"string"},{"name":"city","type":"string"},
 {"name":"sku","type":"string"},{"name":"qty","type":"int"},{"name":"currency","type":"string"},
 {"name":"total","type":"double"},{"name":"status","type":"string"},{"name":"at","type":"string"}]}
AVSC
half=$((records / 2))
for t in flow-a flow-b flow-c flow-avro; do "$evctl" topics create "$t" --partitions 3 >/dev/null; done
one='{"orderId":"o-x","customer":"c-1","city":"Lyon","sku":"SKU-1","qty":1,"currency":"EUR","total":1.5,"status":"NEW","at":"2026-11-22T05:00:00.000Z"}'
for t in flow-a flow-b flow-c; do
  head -n "$half" "$work/events.jsonl" | "$evctl" publish "$t" --input jsonl --key-field orderId >/dev/null 2>&1
done
"$evctl" publish flow-a --value "$one" --key o-x -H "correlation-id=$id" >/dev/null 2>&1   # in a header
"$evctl" publish flow-b --value "$one" --key "$id" >/dev/null 2>&1                         # as the key
"$evctl" publish flow-c --value "${one/o-x/$id}" --key o-y >/dev/null 2>&1                 # in a field only
for t in flow-a flow-b flow-c; do
  tail -n "+$((half + 1))" "$work/events.jsonl" | "$evctl" publish "$t" --input jsonl --key-field orderId >/dev/null 2>&1
done
"$evctl" publish flow-avro --value-format avro --schema-file "$work/order.avsc" --registry-url "$registry" \
  -f <(head -n "$half" "$work/events.jsonl") >/dev/null 2>&1
"$evctl" publish flow-avro --value-format avro --schema-file "$work/order.avsc" --registry-url "$registry" \
  --value "${one/o-x/$id}" >/dev/null 2>&1
"$evctl" publish flow-avro --value-format avro --schema-file "$work/order.avsc" --registry-url "$registry" \
  -f <(tail -n "+$((half + 1))" "$work/events.jsonl") >/dev/null 2>&1

kcat_grep() { # what a user writes: every topic read whole with keys and headers, grep for the id
  for t in flow-a flow-b flow-c; do kcat -C -b "$broker" -t "$t" -e -q -f '%T %t %p %o %k %h %s\n'; done | grep -F "$id"
}
export -f kcat_grep; export broker id

measure "kcat -C … | grep -F (3 topics)" bash -c kcat_grep
measure "evctl trace (key, headers)" "$evctl" trace "$id" --topics flow-a,flow-b,flow-c --since 1d \
  --id-key --id-header correlation-id
grep -o '([0-9]* records/s)' "$work/err" | tail -1 | sed 's/^/  evctl trace key+headers: /' >&2
measure "evctl trace (key, headers, field)" "$evctl" trace "$id" --topics flow-a,flow-b,flow-c --since 1d \
  --id-key --id-header correlation-id --id-field orderId
grep -o '([0-9]* records/s)' "$work/err" | tail -1 | sed 's/^/  evctl trace with field: /' >&2
measure "evctl trace --id-field (JSON, 1 topic)" "$evctl" trace "$id" --topics flow-c --since 1d --id-field orderId
measure "evctl trace --id-field (Avro, 1 topic)" "$evctl" trace "$id" --topics flow-avro --since 1d \
  --id-field orderId --registry-url "$registry"
grep -o '([0-9]* records/s)' "$work/err" | tail -1 | sed 's/^/  evctl trace Avro field: /' >&2

echo
echo "trace over 3 x $records records (+1 each), $(nproc) cores, median of $runs:"
echo "| what                               | wall (s) | CPU (s)  | peak MiB  |"
echo "|------------------------------------|----------|----------|-----------|"
for n in "kcat -C … | grep -F (3 topics)" "evctl trace (key, headers)" "evctl trace (key, headers, field)" \
         "evctl trace --id-field (JSON, 1 topic)" "evctl trace --id-field (Avro, 1 topic)"; do
  row "$n"
done
