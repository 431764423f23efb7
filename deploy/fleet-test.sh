#!/usr/bin/env bash
# A fleet on one machine, with the real parts an operator uses where Kubernetes is not at hand: three replicas of
# the packaged jar on loopback, HAProxy in front (deploy/haproxy/haproxy.cfg: health checks on readiness, retries,
# PROXY protocol v2 to the replicas) and Prometheus scraping all three (the job of deploy/prometheus.yml, with the
# rules of deploy/prometheus-rules.yml). Then, with the client's bench (`client bench --reconnect`: reconnect on
# end-of-stream or reset, resend what had no reply, as docs/operations.md tells clients to do):
#   (a) steady state: the bench through HAProxy, then against one replica directly (the throughput figure);
#   (b) a rolling restart under load: each replica in turn gets SIGTERM, exits, starts again, becomes ready and is
#       marked UP by HAProxy, while the bench runs through HAProxy the whole time: zero wrong replies, zero
#       requests without an answer; SIGTERM-to-exit, HAProxy's mark DOWN/UP times, p99 against steady state;
#   (c) the same rolling restart with upcase.tcp.lame-duck=0, and the difference (HAProxy's connect errors and
#       retries, the bench's reconnects and resends);
#   (d) one replica SIGKILLed under load: HAProxy routes around it, the bench recovers; what was lost in flight
#       (resent) is counted, printed and bounded;
#   (e) the admin API of each replica shows the bench's own addresses (its client ports), not HAProxy's;
#   (f) every PromQL expression of deploy/grafana/*.json (template variables resolved) returns data from
#       Prometheus, and the fleet's totals there agree with what the bench counted;
#   (g) deploy/prometheus-rules.yml passes `promtool check rules`, loads, and every rule evaluates against the
#       live data.
# Exit status 0 only when every check held; 1 when one failed; 2 when this machine cannot run it (one line why).
#
#   deploy/fleet-test.sh                       package the jar, run everything
#   deploy/fleet-test.sh --skip-package        use target/upcase.jar as it is (CI: after ./mvnw -B verify)
#   deploy/fleet-test.sh --no-proxy-protocol   replicas without upcase.tcp.proxy-protocol, HAProxy without
#                                              send-proxy-v2; (e) is then skipped (and says so)
#
# Made for a Debian machine, as root: installs haproxy, prometheus (for promtool too), socat, jq and curl with
# apt-get when missing. Ports (all on 127.0.0.1): BASE_PORT (29000) is HAProxy's; replica i (1-3) listens on
# BASE_PORT+10i for TCP and BASE_PORT+10i+1 for HTTP; the direct-bench replica on BASE_PORT+40/41; Prometheus on
# BASE_PORT+90. Environment: BASE_PORT, CONNECTIONS (8), PIPELINE (4), JAVA (java), READY_TIMEOUT (300 s for a
# replica to start), KEEP=1 keeps the work directory (logs of every process) for a look afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."

BASE_PORT=${BASE_PORT:-29000}
CONNECTIONS=${CONNECTIONS:-8}
PIPELINE=${PIPELINE:-4}
JAVA=${JAVA:-java}
READY_TIMEOUT=${READY_TIMEOUT:-300} # seconds a replica may take to start (a machine shared with other work is slow)
SCRAPE=1 # seconds: Prometheus' scrape interval here (15 s in deploy/prometheus.yml), so that a short test sees many
PASSWORD=fleet-test
SKIP_PACKAGE=false
PROXY_PROTOCOL=true
for arg in "$@"; do
  case "$arg" in
    --skip-package) SKIP_PACKAGE=true ;;
    --no-proxy-protocol) PROXY_PROTOCOL=false ;;
    *) echo "fleet-test: unknown argument '$arg' (accepted: --skip-package, --no-proxy-protocol)" >&2; exit 2 ;;
  esac
done
LB_PORT=$BASE_PORT
PROM_PORT=$((BASE_PORT + 90))
DIRECT=4 # the replica benched directly (not behind HAProxy, not scraped)
tcp_port() { echo $((BASE_PORT + 10 * $1)); }
http_port() { echo $((BASE_PORT + 10 * $1 + 1)); }

SCRIPT=fleet-test
. deploy/checks.sh
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

# --- 1. Tools and jar --------------------------------------------------------------------------------------------
install_missing haproxy prometheus socat jq curl
for tool in haproxy prometheus promtool socat jq curl ss "$JAVA"; do
  command -v "$tool" >/dev/null 2>&1 || cannot "$tool is not on the PATH"
done
for port in "$LB_PORT" "$PROM_PORT" $(for i in 1 2 3 $DIRECT; do tcp_port "$i"; http_port "$i"; done); do
  ss -Hltn "sport = :$port" | grep -q . && cannot "port $port is taken (choose another BASE_PORT)"
done
if [ "$SKIP_PACKAGE" = false ]; then
  ./mvnw -B -q package -DskipTests || { echo "FAIL  ./mvnw package"; exit 1; }
fi
[ -f target/upcase.jar ] || cannot "target/upcase.jar is missing (run without --skip-package)"

work=$(mktemp -d /tmp/upcase-fleet.XXXXXX)
cp target/upcase.jar "$work/upcase.jar" # a copy: replicas restart from it while target/ may be rebuilt
JAR=$work/upcase.jar
declare -A PID=()        # replica number -> process id
declare -A LAME_DUCK=()  # replica number -> its upcase.tcp.lame-duck
HAPROXY_PID='' PROM_PID=''
cleanup() {
  local pid
  for pid in "${PID[@]}" $HAPROXY_PID $PROM_PID; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
t_start=$(now_ms)

# --- 2. Replicas -------------------------------------------------------------------------------------------------
# start_replica N LAME_DUCK [PROXY]: the packaged jar in the background (line framing: the bench pipelines)
start_replica() {
  local n=$1 lame_duck=$2 proxy=${3:-$PROXY_PROTOCOL} options=()
  [ "$proxy" = true ] && options+=(--upcase.tcp.proxy-protocol=true)
  "$JAVA" -Xms64m -Xmx256m -XX:+UseSerialGC -jar "$JAR" --upcase.tcp.port="$(tcp_port "$n")" \
      --server.port="$(http_port "$n")" --upcase.tcp.framing=line --upcase.tcp.lame-duck="$lame_duck" \
      --spring.security.user.password="$PASSWORD" "${options[@]}" >> "$work/replica$n.log" 2>&1 &
  PID[$n]=$!
  LAME_DUCK[$n]=$lame_duck
}
ready() { curl -s -o /dev/null -m 2 -w '%{http_code}' "127.0.0.1:$(http_port "$1")/actuator/health/readiness" | grep -q 200; }
wait_ready() { # wait_ready N: until readiness answers 200 (READY_TIMEOUT s at most)
  local deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 ))
  while ! ready "$1"; do
    kill -0 "${PID[$1]}" 2>/dev/null || { echo "replica $1 exited:"; tail -20 "$work/replica$1.log"; return 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "replica $1 not ready in $READY_TIMEOUT s:"; tail -20 "$work/replica$1.log"; return 1; }
    sleep 0.2
  done
}
t0=$(now_ms)
for n in 1 2 3; do start_replica "$n" 5s; done
start_replica "$DIRECT" 5s false
for n in 1 2 3 "$DIRECT"; do wait_ready "$n" || { echo "FAIL  replica $n did not start"; exit 1; }; done
startup_ms=$(( $(now_ms) - t0 ))
echo "4 replicas ready in $(secs "$startup_ms") s (proxy protocol: $PROXY_PROTOCOL; replica $DIRECT only for the direct bench)"

# --- 3. HAProxy: the shipped configuration, with this machine's addresses ----------------------------------------
# Changed on a copy, and only these: the frontend's address, the stats socket's path, no syslog (the log goes to a
# file), maxconn within this shell's open-files limit, and the three server lines.
sed -e "s|^\(    bind \).*|\1127.0.0.1:$LB_PORT|" \
    -e "s|stats socket /run/haproxy/admin.sock|stats socket $work/haproxy.sock|" \
    -e "s|^    log /dev/log local0 info|    log stdout format raw local0 info|" \
    -e "s|^\(    maxconn \).*|\1$(( $(ulimit -n) / 2 - 100 ))|" \
    -e "/^    server upcase[0-9]/d" deploy/haproxy/haproxy.cfg > "$work/haproxy.cfg"
[ "$PROXY_PROTOCOL" = true ] || sed -i 's/ send-proxy-v2//' "$work/haproxy.cfg"
for n in 1 2 3; do
  echo "    server upcase$n 127.0.0.1:$(tcp_port "$n") check port $(http_port "$n")" >> "$work/haproxy.cfg"
done
haproxy -c -q -f "$work/haproxy.cfg" || { echo "FAIL  haproxy -c rejects the configuration"; exit 1; }
haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
HAPROXY_PID=$!
haproxy_cmd() { echo "$1" | socat -t 2 stdio "unix-connect:$work/haproxy.sock" 2>/dev/null; }
# state N: UP or DOWN as HAProxy sees replica N (srv_op_state 2 = running)
state() { haproxy_cmd "show servers state upcase" | awk -v s="upcase$1" '$4 == s { print ($6 == 2 ? "UP" : "DOWN") }'; }
wait_state() { # wait_state N UP|DOWN TIMEOUT_MS: prints the milliseconds it took
  local t0 deadline
  t0=$(now_ms); deadline=$(( t0 + $3 ))
  until [ "$(state "$1")" = "$2" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
  echo $(( $(now_ms) - t0 ))
}
# HAProxy's own counters for the backend: connect errors, retries, redispatches (cumulative)
haproxy_errors() {
  haproxy_cmd "show stat" | awk -F, '$1 == "upcase" && $2 == "BACKEND" { print "econ=" $14 " eresp=" $15 " wretr=" $16 " wredis=" $17 }'
}
for n in 1 2 3; do wait_state "$n" UP 30000 >/dev/null || { echo "FAIL  HAProxy does not mark upcase$n UP"; exit 1; }; done
ok "HAProxy $(haproxy -v | awk 'NR == 1 { print $3 }') on 127.0.0.1:$LB_PORT: upcase1-3 UP (checks on /actuator/health/readiness)"

# --- 4. Prometheus: the shipped job, with the three targets ------------------------------------------------------
# Changed on a copy: the targets, the scrape interval ($SCRAPE s), and the rules file loaded.
{
  echo "global: { evaluation_interval: ${SCRAPE}s }"
  echo "rule_files: [\"$(pwd)/deploy/prometheus-rules.yml\"]"
  sed -e "s|targets: \[\"127.0.0.1:8080\"\]|targets: [\"127.0.0.1:$(http_port 1)\", \"127.0.0.1:$(http_port 2)\", \"127.0.0.1:$(http_port 3)\"]|" \
      -e "s|scrape_interval: 15s|scrape_interval: ${SCRAPE}s|" deploy/prometheus.yml
} > "$work/prometheus.yml"
grep -q "$(http_port 3)" "$work/prometheus.yml" || { echo "FAIL  deploy/prometheus.yml: no targets line to adapt"; exit 1; }
check "promtool check rules deploy/prometheus-rules.yml" bash -c "promtool check rules deploy/prometheus-rules.yml > '$work/promtool.out' 2>&1"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --web.listen-address="127.0.0.1:$PROM_PORT" \
    --log.level=warn > "$work/prometheus.log" 2>&1 &
PROM_PID=$!
PROM=http://127.0.0.1:$PROM_PORT
for _ in $(seq 300); do curl -sf -o /dev/null "$PROM/-/ready" && break; sleep 0.1; done
promql() { # promql EXPR [TIME]: the API's JSON answer
  curl -s -m 10 "$PROM/api/v1/query" --data-urlencode "query=$1" ${2:+--data-urlencode "time=$2"}
}
targets_up() { promql 'sum(up{job="upcase"})' | jq -r '.data.result[0].value[1] // 0'; }
for _ in $(seq 100); do [ "$(targets_up)" = 3 ] && break; sleep 0.2; done
check "Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 { print $3 }') scrapes 3 targets (job upcase, every ${SCRAPE}s)" test "$(targets_up)" = 3

# --- 5. The bench --------------------------------------------------------------------------------------------------
# bench NAME PORT DURATION [options]: the client's bench with --reconnect, JSON summary in $work/NAME.json, its
# progress lines in $work/NAME.err; in the background (BENCH_PID).
bench() {
  local name=$1 port=$2 duration=$3; shift 3
  "$JAVA" -jar "$JAR" client --port "$port" --framing line --timeout 10s bench --connections "$CONNECTIONS" \
      --pipeline "$PIPELINE" --duration "$duration" --reconnect --json "$@" > "$work/$name.json" 2> "$work/$name.err" &
  BENCH_PID=$!
}
field() { jq -r "$2" "$work/$1.json" 2>/dev/null; }
summary() { # summary NAME: one line of what the bench counted
  echo "$(field "$1" '.requests') requests measured ($(field "$1" '.rps | floor')/s), p50 $(field "$1" '.latencyMicros.p50') us," \
       "p99 $(field "$1" '.latencyMicros.p99') us, max $(field "$1" '.latencyMicros.max') us; errors $(field "$1" '.errors')," \
       "wrong replies $(field "$1" '.mismatches'), unanswered $(field "$1" '.reconnect.unanswered')," \
       "reconnects $(field "$1" '.reconnect.reconnects'), resent $(field "$1" '.reconnect.resent')," \
       "answered $(field "$1" '.reconnect.answered')"
}
interval_p99() { # interval_p99 NAME: the median and the worst of the p99 of each second (the progress lines)
  sed -n 's/.* p99 \([0-9,]*\) us.*/\1/p' "$work/$1.err" | tr -d , | sort -n \
      | awk '{ v[NR] = $1 } END { if (NR) printf "median %d us, worst %d us over %d one-second intervals", v[int((NR + 1) / 2)], v[NR], NR }'
}
clean_run() { # clean_run NAME EXIT: the bench exited 0 with no wrong reply and no request unanswered
  [ "$2" = 0 ] && [ "$(field "$1" '.mismatches')" = 0 ] && [ "$(field "$1" '.errors')" = 0 ] \
      && [ "$(field "$1" '.reconnect.unanswered')" = 0 ]
}
bench_ports() { # the local ports of the bench's connections to HAProxy
  ss -Htnp state established "dport = :$LB_PORT" | grep "pid=$BENCH_PID," | awk '{ sub(/.*:/, "", $3); print $3 }' | sort -n
}
admin_peers() { # the peers (address:port) the admin API of replicas 1-3 lists on their tcp endpoints
  for n in 1 2 3; do
    curl -s -m 15 -u "operator:$PASSWORD" "127.0.0.1:$(http_port "$n")/actuator/connections?endpoint=tcp&limit=1000" \
        | jq -r '.connections[].peer'
  done
}

echo
echo "== (a) steady state: $CONNECTIONS connections x $PIPELINE in flight, 32-byte lines, through HAProxy, then direct"
# 5 s of warm-up: the replicas have not served a request yet, and the JIT of four JVMs competes for the CPU
bench steady "$LB_PORT" 8s --warmup 5s
# (e) while it runs: the replicas see the bench's own client ports
for _ in $(seq 600); do [ "$(bench_ports | wc -l)" -ge "$CONNECTIONS" ] && break; sleep 0.1; done
# the replicas list a connection once HAProxy has connected and sent its header, and a loaded machine can be slow
# to answer the admin API: compare until both sides agree (or 30 s have passed)
deadline=$(( $(now_ms) + 30000 ))
while true; do
  bench_side=$(bench_ports)
  replica_peers=$(admin_peers)
  replica_side=$(sed 's/.*://' <<<"$replica_peers" | sort -n)
  [ -n "$bench_side" ] && [ "$bench_side" = "$replica_side" ] && break
  [ "$(now_ms)" -lt "$deadline" ] || break
  sleep 1
done
replica_hosts=$(sed 's/:[0-9]*$//' <<<"$replica_peers" | sort -u | tr '\n' ' ')
wait "$BENCH_PID"; steady_exit=$?
steady_end=$(date +%s)
check "steady state through HAProxy: $(summary steady)" clean_run steady "$steady_exit"
bench direct "$(tcp_port "$DIRECT")" 8s --warmup 5s
wait "$BENCH_PID"; direct_exit=$?
check "steady state, one replica direct: $(summary direct)" clean_run direct "$direct_exit"
kill -TERM "${PID[$DIRECT]}"; wait "${PID[$DIRECT]}" 2>/dev/null; unset "PID[$DIRECT]"
echo "throughput: $(field steady '.rps | floor') requests/s through HAProxy to 3 replicas, $(field direct '.rps | floor')/s to one" \
     "replica direct ($(awk -v a="$(field steady .rps)" -v b="$(field direct .rps)" 'BEGIN { printf "%.2f", a / b }') x; one machine, 2 cores shared by all)"

echo
echo "== (e) client addresses behind HAProxy"
if [ "$PROXY_PROTOCOL" = true ]; then
  check "the replicas' admin API lists exactly the bench's $(echo "$bench_side" | wc -w) client ports as peers (address ${replica_hosts% }), not HAProxy's" \
      test -n "$bench_side" -a "$bench_side" = "$replica_side"
  [ "$bench_side" = "$replica_side" ] || echo "      bench: $(echo $bench_side); replicas: $(echo $replica_side)"
else
  echo "skip  --no-proxy-protocol: the replicas see HAProxy's addresses (the bench's ports $(echo "$bench_side" | wc -w), the replicas' peers another $(echo "$replica_side" | wc -w) ports)"
fi

echo
echo "== (f) the dashboard's queries against Prometheus"
sleep $((2 * SCRAPE + 1)) # the scrape after the load, and one more
at=$((steady_end - 2))   # inside the load: the rate() windows hold it
rate_interval="$((4 * SCRAPE))s" # Grafana's \$__rate_interval: 4 x the scrape interval (at least)
dash_total=0; dash_empty=0
while IFS= read -r expr; do
  resolved=${expr//\$__rate_interval/$rate_interval}
  resolved=${resolved//\$instance/.+} # the dashboard's "All" (allValue .+)
  answer=$(promql "$resolved" "$at")
  dash_total=$((dash_total + 1))
  if [ "$(jq -r '.status' <<<"$answer")" != success ] || [ "$(jq '.data.result | length' <<<"$answer")" = 0 ]; then
    dash_empty=$((dash_empty + 1))
    echo "      no data: $resolved -> $(jq -c '.error // .data.result' <<<"$answer")"
  fi
done < <(jq -r '.. | objects | select(has("expr")) | .expr' deploy/grafana/*.json | sort -u)
check "all $dash_total distinct PromQL expressions of deploy/grafana/*.json return data ($dash_empty empty)" test "$dash_empty" = 0
total() { promql "$1" | jq -r '.data.result[0].value[1] // "none"' | sed 's/\..*//'; }
prom_opened=$(total 'sum(upcase_connections_opened_total{job="upcase"})')
prom_replies=$(total 'sum(upcase_messages_out_total{job="upcase"})')
prom_requests=$(total 'sum(upcase_messages_in_total{job="upcase"})')
bench_opened=$(field steady '.reconnect.opened')
bench_answered=$(field steady '.reconnect.answered')
check "fleet total connections opened (Prometheus) $prom_opened = bench's $bench_opened" test "$prom_opened" = "$bench_opened"
check "fleet total replies (Prometheus) $prom_replies = requests $prom_requests = bench's answered $bench_answered" \
    test "$prom_replies" = "$bench_answered" -a "$prom_requests" = "$bench_answered"

echo
echo "== (g) the alerting rules against the live data"
rules=$(curl -s -m 10 "$PROM/api/v1/rules")
rules_total=$(jq '[.data.groups[].rules[]] | length' <<<"$rules")
rules_ok=$(jq '[.data.groups[].rules[] | select(.health == "ok" and .lastEvaluation != "0001-01-01T00:00:00Z")] | length' <<<"$rules")
check "Prometheus loaded $rules_total rules from deploy/prometheus-rules.yml, $rules_ok evaluated without error" \
    test "$rules_total" = "$(grep -c '^ *- alert:' deploy/prometheus-rules.yml)" -a "$rules_ok" = "$rules_total"
rules_errors=0
while IFS= read -r expr; do
  answer=$(promql "$expr")
  [ "$(jq -r .status <<<"$answer")" = success ] || { rules_errors=$((rules_errors + 1)); echo "      error: $expr -> $(jq -c .error <<<"$answer")"; }
done < <(jq -r '.data.groups[].rules[].query' <<<"$rules")
firing=$(jq -r '[.data.groups[].rules[] | select(.state != "inactive") | .name] | join(", ")' <<<"$rules")
check "every rule's expression evaluates through the query API ($rules_errors errors); pending or firing: ${firing:-none}" \
    test "$rules_errors" = 0 -a -z "$firing"

# --- 6. Rolling restarts -----------------------------------------------------------------------------------------
# rolling NAME NEXT_LAME_DUCK: SIGTERM each replica in turn while the bench runs through HAProxy; each comes back
# with upcase.tcp.lame-duck=NEXT_LAME_DUCK. The bench's duration covers the three restarts with room.
rolling() {
  local name=$1 next=$2 n t0 t_down t_exit code t_ready t_up duration before
  # per replica: SIGTERM to exit up to lame duck (5 s) + shutdown-grace (20 s) — a connection that always has a
  # request in flight, like the bench's, is closed only at the grace — then its start beside the bench, HAProxy's
  # rise and the pause between replicas
  duration=$(( 3 * (25 + 2 * startup_s + 10) + 5 ))
  before=$(haproxy_errors)
  bench "$name" "$LB_PORT" "${duration}s" --warmup 1s
  sleep 3
  for n in 1 2 3; do
    t0=$(now_ms)
    kill -TERM "${PID[$n]}"
    t_down=''
    while kill -0 "${PID[$n]}" 2>/dev/null; do
      [ -z "$t_down" ] && [ "$(state "$n")" = DOWN ] && t_down=$(( $(now_ms) - t0 ))
      sleep 0.05
    done
    wait "${PID[$n]}"; code=$?
    t_exit=$(( $(now_ms) - t0 ))
    # what a client sees happens at the SIGTERM and the drain: the bench must still be running when the last exits
    kill -0 "$BENCH_PID" 2>/dev/null || fail "$name: the bench ended before upcase$n had exited (a slow machine: the restarts took longer than estimated)"
    if [ -z "$t_down" ]; then # still UP in HAProxy when the process exited
      t_down=$(wait_state "$n" DOWN 10000) && t_down=$(( t_down + t_exit )) || t_down=-1
    fi
    start_replica "$n" "$next"
    wait_ready "$n" || { fail "$name: replica $n did not come back"; return; }
    t_ready=$(( $(now_ms) - t0 ))
    t_up=$(wait_state "$n" UP 30000) || { fail "$name: HAProxy did not mark upcase$n UP again"; return; }
    echo "      upcase$n (lame duck ${LAME_DUCK_BEFORE[$n]}): SIGTERM -> marked DOWN $(secs "$t_down") s, exit $(secs "$t_exit") s (status $code);" \
         "restarted, ready at $(secs "$t_ready") s, marked UP $(secs "$t_up") s later"
    [ "$code" = 143 ] || fail "$name: upcase$n exited with status $code (143 expected)"
    LAME_DUCK_BEFORE[$n]=$next
    sleep 2
  done
  wait "$BENCH_PID"; BENCH_EXIT=$?
  echo "      HAProxy backend counters before: $before; after: $(haproxy_errors)"
}
declare -A LAME_DUCK_BEFORE=([1]=5s [2]=5s [3]=5s)
# How long one replica takes to start here, roughly (four started together took startup_ms; one alone, beside the
# bench, about 0.3 to 0.4 of that): the bench of a rolling restart covers three restarts with room (see rolling).
startup_s=$(( startup_ms * 2 / 5 / 1000 ))
[ "$startup_s" -lt 8 ] && startup_s=8
[ "$startup_s" -gt 150 ] && startup_s=150

echo
echo "== (b) rolling restart under load, upcase.tcp.lame-duck=5s (HAProxy: inter 2s, fastinter 500ms, fall 2)"
rolling rolling 0s
check "rolling restart, lame duck 5s: $(summary rolling)" clean_run rolling "$BENCH_EXIT"
echo "      p99 over the whole run: $(field steady '.latencyMicros.p99') us steady, $(field rolling '.latencyMicros.p99') us with the" \
     "restarts (max $(field steady '.latencyMicros.max') / $(field rolling '.latencyMicros.max') us)"
echo "      p99 of each second: steady $(interval_p99 steady); with the restarts $(interval_p99 rolling)"

echo
echo "== (c) rolling restart under load, upcase.tcp.lame-duck=0"
rolling rolling0 5s
check "rolling restart, lame duck 0: no wrong reply: $(summary rolling0)" test "$(field rolling0 '.mismatches')" = 0
echo "      difference, lame duck 5s -> 0: reconnects $(field rolling '.reconnect.reconnects') -> $(field rolling0 '.reconnect.reconnects')," \
     "resent $(field rolling '.reconnect.resent') -> $(field rolling0 '.reconnect.resent')," \
     "unanswered $(field rolling '.reconnect.unanswered') -> $(field rolling0 '.reconnect.unanswered')," \
     "p99 $(field rolling '.latencyMicros.p99') -> $(field rolling0 '.latencyMicros.p99') us, worst second's p99" \
     "$(interval_p99 rolling | sed 's/.*worst \([0-9]*\).*/\1/') -> $(interval_p99 rolling0 | sed 's/.*worst \([0-9]*\).*/\1/') us"

echo
echo "== (d) one replica SIGKILLed under load"
before=$(haproxy_errors)
bench kill "$LB_PORT" 16s --warmup 1s
for _ in $(seq 600); do [ "$(bench_ports | wc -l)" -ge "$CONNECTIONS" ] && break; sleep 0.1; done
sleep 3
# the replica with the most of the bench's connections now (HAProxy's current sessions per server)
victim=$(haproxy_cmd "show stat" | awk -F, '$1 == "upcase" && $2 ~ /^upcase[0-9]$/ { print $5, substr($2, 7) }' | sort -rn | awk 'NR == 1 { print $2 }')
victim_sessions=$(haproxy_cmd "show stat" | awk -F, -v s="upcase$victim" '$1 == "upcase" && $2 == s { print $5 }')
t0=$(now_ms)
kill -KILL "${PID[$victim]}"; wait "${PID[$victim]}" 2>/dev/null; unset "PID[$victim]"
t_down=$(wait_state "$victim" DOWN 15000) || t_down=none
wait "$BENCH_PID"; kill_exit=$?
echo "      upcase$victim SIGKILLed with $victim_sessions of the bench's connections: HAProxy marked it DOWN after $(secs "${t_down/none/0}") s;" \
     "HAProxy backend counters before: $before; after: $(haproxy_errors)"
bound=$(( 2 * CONNECTIONS * PIPELINE ))
check "SIGKILL: the bench recovered: $(summary kill)" clean_run kill "$kill_exit"
check "SIGKILL: the killed replica's $victim_sessions connections reconnected: $(field kill '.reconnect.reconnects') reconnects" \
    test "$victim_sessions" -gt 0 -a "$(field kill '.reconnect.reconnects')" -ge "$victim_sessions"
check "SIGKILL: lost in flight and resent: $(field kill '.reconnect.resent') (bound: 2 x connections x pipeline = $bound)" \
    test "$(field kill '.reconnect.resent')" -le "$bound" -a "$t_down" != none

echo
echo "fleet-test: $(secs $(( $(now_ms) - t_start ))) s"
if [ "$failures" -gt 0 ]; then
  echo "fleet-test: $failures check(s) failed"
  KEEP=1
  exit 1
fi
echo "fleet-test: all checks passed"
