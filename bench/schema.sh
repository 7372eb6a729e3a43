#!/usr/bin/env bash
# Schema benchmark on the sandbox (broker + registry), in one run:
#  - `evctl schema check` of 200 subjects against the registry (each evaluated locally at its level)
#  - tail of RECORDS Avro records through the registry beside the JSON tail of the same events
# Usage: bench/schema.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-schema-bench.XXXXXX)
port=${BENCH_PORT:-19192}
rport=${BENCH_REGISTRY_PORT:-18181}
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox
"$root/evctl" --version >/dev/null
evctl="$(ls -d "$root"/cli/target/evctl-*/evctl-*/ | head -n 1)bin/evctl"
cleanup() { "$evctl" sandbox stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$evctl" sandbox start --detach --port "$port" --secure-port $((port + 1)) --registry-port "$rport" 2>/dev/null
registry=http://127.0.0.1:$rport

# 200 subjects, each with one registered version, and a candidate file per subject
mkdir -p "$work/schemas"
printf 'schemas:\n  - files: "schemas/*.avsc"\n' > "$work/evctl-schemas.yaml"
for i in $(seq -w 1 200); do
  v1="{\"type\":\"record\",\"name\":\"Event$i\",\"namespace\":\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\"}]}"
  body=$(python3 -c 'import json,sys; print(json.dumps({"schema": sys.argv[1]}))' "$v1")
  curl -sf -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' --data "$body" "$registry/subjects/event$i-value/versions" >/dev/null
  echo "{\"type\":\"record\",\"name\":\"Event$i\",\"namespace\":\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"long\"},{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}" > "$work/schemas/event$i.avsc"
done

measure() { # name, command...
  local name=$1; shift
  : > "$work/m"
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2>"$work/err" || { echo "$name failed:" >&2; tail -3 "$work/err" >&2; return 1; }
    read -r wall user sys rss < "$work/t"
    echo "$wall $(awk "BEGIN {print $user + $sys}") $rss" >> "$work/m"
    echo "$name run $i: ${wall}s, $(wc -l < "$work/out") lines out" >&2
  done
  med() { cut -d' ' -f"$1" "$work/m" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  printf "| %-70s | %8s | %8s | %9s |\n" "$name" "$(med 1)" "$(med 2)" "$(( $(med 3) / 1024 ))"
}

# the same 200 subjects in a git repository with three committed versions each (the third adds a
# field with a default), and a merged feature branch: what `--against git:` reads
git_repo=$work/repo
mkdir -p "$git_repo/schemas"
(
  cd "$git_repo" && git init -q -b main && git config user.email bench@example.com && git config user.name bench
  for v in 1 2 3; do
    for i in $(seq -w 1 200); do
      extra=""; [ "$v" -ge 2 ] && extra=",{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"}"
      [ "$v" -ge 3 ] && extra="$extra,{\"name\":\"b\",\"type\":\"int\",\"default\":0}"
      echo "{\"type\":\"record\",\"name\":\"Event$i\",\"namespace\":\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}$extra]}" > "schemas/event$i.avsc"
    done
    git add -A && git commit -q -m "v$v"
  done
  for i in $(seq -w 1 200); do
    echo "{\"type\":\"record\",\"name\":\"Event$i\",\"namespace\":\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"a\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0},{\"name\":\"c\",\"type\":\"long\",\"default\":0}]}" > "schemas/event$i.avsc"
  done
  printf 'schemas:\n  - files: "schemas/*.avsc"\n' > evctl-schemas.yaml
)

echo "generating $records events…" >&2
python3 - "$records" > "$work/events.jsonl" <<'PY'
import sys, random, json
random.seed(1)
for i in range(int(sys.argv[1])):
    print(json.dumps({"orderId": "o-%08d" % i, "customer": "c-%04d" % random.randint(1, 9999), "sku": "SKU-%06d" % random.randint(0, 999999),
                      "qty": random.randint(1, 9), "total": round(random.uniform(1, 999), 2), "status": random.choice(["NEW", "PAID", "SHIPPED"])},
                     separators=(",", ":")))
PY
cat > "$work/order.avsc" <<'AVSC'
{"type":"record","name":"Order","namespace":"bench","fields":[{"name":"orderId","type":"string"},{"name":"customer","type":"string"},
 {"name":"sku","type":"string"},{"name":"qty","type":"int"},{"name":"total","type":"double"},{"name":"status","type":"string"}]}
AVSC
"$evctl" topics create json-orders --partitions 3 >/dev/null 2>&1
"$evctl" topics create avro-orders --partitions 3 >/dev/null 2>&1
"$evctl" publish json-orders --file "$work/events.jsonl" 2>/dev/null
"$evctl" publish avro-orders --file "$work/events.jsonl" -i jsonl --value-format avro --schema-file "$work/order.avsc" 2>/dev/null

echo
echo "$(nproc) cores; sandbox broker and registry on loopback; median of $runs runs"
echo
printf "| %-70s | %8s | %8s | %9s |\n" "command" "wall s" "cpu s" "peak MiB"
printf "|%s|%s|%s|%s|\n" "------------------------------------------------------------------------" "----------" "----------" "-----------"
(cd "$work" && measure "schema check, 200 subjects vs registry" "$evctl" schema check --registry-url "$registry")
(cd "$git_repo" && measure "schema check, 200 subjects x 3 versions vs git:HEAD (FULL_TRANSITIVE)" "$evctl" schema check --against git:HEAD --level FULL_TRANSITIVE)
(cd "$git_repo" && measure "git log + show per file and version (what it replaces)" sh -c 'for f in schemas/*.avsc; do for c in $(git log --first-parent --format=%H --reverse HEAD -- "$f"); do git show "$c:$f" >/dev/null; done; done')
measure "tail $records JSON records --format '{value}'" "$evctl" tail json-orders --from beginning --to end --format '{value}'
measure "tail $records Avro records --format '{value}'" "$evctl" tail avro-orders --from beginning --to end --format '{value}' --registry-url "$registry"
