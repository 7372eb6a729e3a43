#!/usr/bin/env bash
# Benchmark: tailing the same events in each format a registry holds — plain JSON, Avro, Protobuf,
# JSON Schema — with evctl, beside kcat reading the Protobuf topic's raw bytes, in one run against a
# sandbox (with its registry). Targets (issue 18): Protobuf and Avro tails at most 1.3x the JSON tail.
# Prints median wall time, CPU time and peak RSS. Usage: bench/formats.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19592}
broker=127.0.0.1:$port
registry_port=$((port + 10))
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port "$registry_port"
export EVCTL_REGISTRY_URL=http://127.0.0.1:$registry_port

echo "generating $records events…" >&2
make_events "$records" "$work/events.jsonl"
cat > "$work/order.avsc" <<'AVSC'
{"type": "record", "name": "Order", "namespace": "bench", "fields": [
  {"name": "orderId", "type": "string"}, {"name": "customer", "type": "string"}, {"name": "city", "type": "string"},
  {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}, {"name": "currency", "type": "string"},
  {"name": "total", "type": "double"}, {"name": "status", "type": "string"}, {"name": "at", "type": "string"}]}
AVSC
cat > "$work/order.proto" <<'PROTO'
syntax = "proto3";
package bench;
message Order {
  string order_id = 1; string customer = 2; string city = 3; string sku = 4; int32 qty = 5;
  string currency = 6; double total = 7; string status = 8; string at = 9;
}
PROTO
cat > "$work/order.json" <<'JSONSCHEMA'
{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {
  "orderId": {"type": "string"}, "customer": {"type": "string"}, "city": {"type": "string"}, "sku": {"type": "string"},
  "qty": {"type": "integer"}, "currency": {"type": "string"}, "total": {"type": "number"}, "status": {"type": "string"},
  "at": {"type": "string"}}, "required": ["orderId"]}
JSONSCHEMA
for t in f-json f-avro f-proto f-jsonschema; do "$evctl" topics create "$t" --partitions 3 >/dev/null 2>&1; done
echo "publishing the same events four ways…" >&2
"$evctl" publish f-json --file "$work/events.jsonl" 2>/dev/null
"$evctl" publish f-avro --file "$work/events.jsonl" -i jsonl --value-format avro --schema-file "$work/order.avsc" 2>/dev/null
"$evctl" publish f-proto --file "$work/events.jsonl" -i jsonl --value-format protobuf --schema-file "$work/order.proto" 2>/dev/null
"$evctl" publish f-jsonschema --file "$work/events.jsonl" -i jsonl --value-format json-schema --schema-file "$work/order.json" 2>/dev/null

# the tools take turns, one run each per round (this box's speed drifts within minutes)
names=("evctl tail JSON" "evctl tail Avro" "evctl tail Protobuf" "evctl tail JSON Schema" "kcat -C Protobuf (raw bytes)")
for n in "${names[@]}"; do : > "$work/m-$(key "$n")"; done
for i in $(seq "$runs"); do
  measure_once "$i" "evctl tail JSON" "$evctl" tail f-json --from beginning --to end --format '{value}'
  measure_once "$i" "evctl tail Avro" "$evctl" tail f-avro --from beginning --to end --format '{value}'
  measure_once "$i" "evctl tail Protobuf" "$evctl" tail f-proto --from beginning --to end --format '{value}'
  measure_once "$i" "evctl tail JSON Schema" "$evctl" tail f-jsonschema --from beginning --to end --format '{value}'
  measure_once "$i" "kcat -C Protobuf (raw bytes)" kcat -C -b "$broker" -t f-proto -o beginning -e -q
done

echo
echo "$records order events (9 fields), 3 partitions, sandbox broker and registry on loopback; median of $runs runs; $(nproc) cores"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
for n in "${names[@]}"; do row "$n"; done
json=$(cut -d' ' -f1 "$work/m-$(key "evctl tail JSON")" | median)
for n in "evctl tail Avro" "evctl tail Protobuf" "evctl tail JSON Schema"; do
  echo "$n / JSON tail: $(awk "BEGIN {printf \"%.2f\", $(cut -d' ' -f1 "$work/m-$(key "$n")" | median) / $json}")x (target <= 1.3x)"
done
