#!/usr/bin/env bash
# Benchmark: evctl dups on RECORDS JSON events with 1 % duplicates (publish --duplicates 0.01), beside the pipeline a
# user would write — kcat reading the topic, jq taking the id, sort | uniq -d — and dups past a small --memory
# (spilled to disk). Prints median wall time, CPU time and peak RSS. Usage: bench/dups.sh [RECORDS] [RUNS]
set -euo pipefail
records=${1:-1000000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd -P)
work=$(mktemp -d /tmp/evctl-bench.XXXXXX)
port=${BENCH_PORT:-19792}
broker=127.0.0.1:$port
export EVCTL_CONFIG=$work/config.yaml EVCTL_SANDBOX_DIR=$work/sandbox EVCTL_STATE_DIR=$work/state

command -v kcat >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q kcat >/dev/null; }
command -v jq >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q jq >/dev/null; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
. "$root/bench/lib.sh"
bench_start "$port" --registry-port -1

echo "publishing $records events with 1 % duplicates…" >&2
"$evctl" topics create events --partitions 3 >/dev/null
"$evctl" publish events --count "$records" --seed 1 --duplicates 0.01 \
  --template '{"eventId":"{{uuid}}","customer":"c-{{int 1 9999}}","sku":"SKU-{{int 0 999999}}","qty":{{int 1 9}},"total":{{decimal 1 999 2}},"status":"{{choice NEW|PAID|SHIPPED}}"}' \
  -o json > "$work/published.json" 2>/dev/null
injected=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['injected']['duplicates'])" "$work/published.json")
echo "injected $injected duplicates" >&2

pipeline() { kcat -C -b "$broker" -t events -e -q -f '%s\n' | jq -r .eventId | sort | uniq -d; }
# dups exits 1 when it finds a duplicate, as it will here: that is its answer, not a failure
dups() { "$evctl" dups events --id-field eventId -o json "$@" || [ $? -eq 1 ]; }
export -f pipeline dups; export broker evctl

measure "kcat | jq | sort | uniq -d" bash -c pipeline
found_pipeline=$(wc -l < "$work/out")
measure "evctl dups --id-field eventId" bash -c dups
found_evctl=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['duplicatedIds'])" "$work/out")
measure "evctl dups (--memory 8m: spilled)" bash -c 'dups --memory 8m'
found_spilled=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['duplicatedIds'], d['spilled'])" "$work/out")
echo "duplicated ids: injected $injected, pipeline $found_pipeline, evctl $found_evctl, spilled $found_spilled" >&2

echo
echo "dups over $records records (+$injected copies), $(nproc) cores, median of $runs:"
echo "| what                               | wall (s) | CPU (s)  | peak MiB  |"
echo "|------------------------------------|----------|----------|-----------|"
for n in "kcat | jq | sort | uniq -d" "evctl dups --id-field eventId" "evctl dups (--memory 8m: spilled)"; do row "$n"; done
echo "duplicated ids found: injected $injected, pipeline $found_pipeline, evctl $found_evctl, spilled $found_spilled"
