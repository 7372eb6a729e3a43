#!/usr/bin/env bash
# Benchmark: `evctl schema check` of 200 subjects of mixed types (70 Avro, 70 Protobuf, 60 JSON
# Schema) against the sandbox registry, evaluated here and (--remote) by the registry.
# Target (issue 18): the local check of all 200 within 3 s. Usage: bench/schema-mixed.sh [RUNS]
set -euo pipefail
runs=${1:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19692}
registry_port=$((port + 10))
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port "$registry_port"
registry=http://127.0.0.1:$registry_port
export EVCTL_REGISTRY_URL=$registry

register() { # subject type text
  body=$(python3 -c 'import json,sys; print(json.dumps({"schemaType": sys.argv[1], "schema": sys.argv[2]}))' "$2" "$3")
  curl -sf -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' --data "$body" "$registry/subjects/$1/versions" >/dev/null
}
mkdir -p "$work/schemas"
for i in $(seq -w 1 70); do
  register "avro$i-value" AVRO "{\"type\":\"record\",\"name\":\"A$i\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"
  echo "{\"type\":\"record\",\"name\":\"A$i\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\",\"default\":0}]}" \
    > "$work/schemas/avro$i.avsc"
  register "proto$i-value" PROTOBUF "syntax = \"proto3\";
package b$i;
message P { string id = 1; }"
  printf 'syntax = "proto3";\npackage b%s;\nmessage P {\n  string id = 1;\n  int64 n = 2;\n}\n' "$i" > "$work/schemas/proto$i.proto"
done
for i in $(seq -w 1 60); do
  register "json$i-value" JSON '{"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false}'
  echo '{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"}},"additionalProperties":false}' \
    > "$work/schemas/json$i.json"
done
printf 'schemas:\n  - files: "schemas/*.avsc"\n  - files: "schemas/*.proto"\n  - files: "schemas/*.json"\n' > "$work/evctl-schemas.yaml"

measure "schema check 200 mixed (local)" "$evctl" schema check --schemas "$work/evctl-schemas.yaml"
measure "schema check 200 mixed (--remote)" "$evctl" schema check --schemas "$work/evctl-schemas.yaml" --remote
echo
echo "200 subjects (70 Avro, 70 Protobuf, 60 JSON Schema), one registered version each, sandbox registry on loopback; median of $runs runs; $(nproc) cores"
echo
printf "| %-34s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------" "----------" "----------" "-----------"
row "schema check 200 mixed (local)"
row "schema check 200 mixed (--remote)"
