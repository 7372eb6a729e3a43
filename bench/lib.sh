# Shared by the bench scripts (sourced): needs $root, $work and $runs set by the caller.
# PREFIX=P measure ... creates a fresh 3-partition topic P-RUN before each run (RUN is exported).

# measure NAME CMD... : runs CMD $runs times, records "wall cpu rss" per run
measure() {
  local name=$1; shift
  : > "$work/m-$(key "$name")"
  for i in $(seq "$runs"); do
    measure_once "$i" "$name" "$@" || return 1
  done
}

# measure_once RUN NAME CMD... : runs CMD once, appends its "wall cpu rss" to NAME's record
measure_once() {
  local i=$1 name=$2; shift 2
  export RUN=$i
  [ -n "${PREFIX:-}" ] && "$evctl" topics create "$PREFIX-$i" --partitions 3 >/dev/null 2>&1
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2>"$work/err" || { echo "$name failed:" >&2; tail -3 "$work/err" >&2; return 1; }
  read -r wall user sys rss < "$work/t"
  echo "$wall $(awk "BEGIN {print $user + $sys}") $rss" >> "$work/m-$(key "$name")"
  lines=$(wc -l < "$work/out")
  echo "$name run $i: wall ${wall}s, $lines lines out" >&2
}
key() { echo "$1" | tr -c 'a-zA-Z0-9\n' '_'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
row() {
  local name=$1 f="$work/m-$(key "$1")"
  printf "| %-34s | %8s | %8s | %9s |\n" "$name" "$(cut -d' ' -f1 "$f" | median)" "$(cut -d' ' -f2 "$f" | median)" \
    "$(( $(cut -d' ' -f3 "$f" | median) / 1024 ))"
}


# make_events N FILE: N JSON order events of about 170 bytes (seeded: the same data every run)
make_events() {
python3 - "$1" > "$2" <<'PY'
import sys, random, json
random.seed(1)
cities = ["Lyon", "Porto", "Gdansk", "Utrecht", "Bilbao", "Turku", "Graz", "Brno"]
for i in range(int(sys.argv[1])):
    print(json.dumps({"orderId": "o-%08d" % i, "customer": "c-%04d" % random.randint(1, 9999),
                      "city": random.choice(cities), "sku": "SKU-%06d" % random.randint(0, 999999), "qty": random.randint(1, 9), "currency": "EUR",
                      "total": round(random.uniform(1, 999), 2), "status": random.choice(["NEW", "PAID", "SHIPPED"]),
                      "at": "2026-11-22T05:%02d:%02d.%03dZ" % (i // 60000 % 60, i // 1000 % 60, i % 1000)},
                     separators=(",", ":")))
PY
}

# bench_start PORT [SANDBOX-OPTION...]: builds once through ./evctl, sets $evctl (the packaged
# launcher: that is what gets timed) and $tools_cp (Kafka's own tools), starts a sandbox on PORT
# and, on exit, stops it and removes $work.
bench_start() {
  local port=$1
  shift
  "$root/evctl" --version >/dev/null
  evctl="$(ls -d "$root"/cli/target/evctl-*/evctl-*/ | head -n 1)bin/evctl"
  (cd "$root/bench" && mvn -B -q dependency:build-classpath -f tools-pom.xml -Dmdep.outputFile="$work/tools.cp" >/dev/null)
  tools_cp=$(cat "$work/tools.cp")
  trap bench_cleanup EXIT
  "$evctl" sandbox start --detach --port "$port" --secure-port $((port + 1)) "$@" >/dev/null
}

bench_cleanup() {
  "$evctl" sandbox stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
