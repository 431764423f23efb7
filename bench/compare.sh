#!/usr/bin/env bash
# compare.sh: upcase beside two reference servers on this machine, same load, one table.
#
#   bench/compare.sh [--runs N] [--scenarios LIST] [--seconds S] [--warmup S] [--upcase-opts "JVM FLAGS"]
#                    [--port P] [--quick]
#
# The servers: upcase (target/upcase.jar, built if missing or older than the sources), Netty with a bare
# pipeline (bench/ref/NettyUpper.java, one event-loop thread) and a C epoll server (bench/ref/epoll_upper.c, one
# thread). The load: bench/LoadGen.java, which checks every reply byte for byte. All three are compiled here, from
# this repository (javac, cc; Netty's jars come from the upcase jar), into $BENCH_WORK/build.
# Rounds are interleaved (upcase, Netty, epoll, upcase, ...) so that the machine's slow and fast phases hit all of
# them alike; the table shows medians over rounds, each round's rps in brackets, and the ratio to Netty. Absolute
# numbers on a shared 2-core machine are noise; the ratios are the figure.
#
# Scenarios: a 1 conn 32 B lines | b 50 conns 32 B lines | c 1000 conns | d 50 conns 4 KiB lines |
#            e hold 10,000 idle (KB/conn) | f1, f50 raw framing, 1 and 50 conns; plus startup (with any line
#            scenario): time from `java -jar` to the first answered request, and RSS 2 s later, before the load.
# --quick: a smoke run that checks that everything works, not a measurement: 1 round (unless --runs), 0.2 s
#          warmup + 0.5 s per scenario, c with 100 connections, e holding 200, RSS 0.5 s after start.
# Needs: JDK 17+, cc, python3 (the table). Defaults: 3 rounds, all scenarios, 1 s warmup + 3 s per scenario, port
# 9300: about 8 minutes. Output: the table on stdout; logs and raw results under $BENCH_WORK (default
# /tmp/upcase-bench). Exit status: 0, or 1 when a server failed or some reply was wrong.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
runs="" scenarios=a,b,c,d,e,f1,f50 seconds=3 warmup=1 port=9300 quick=false
upcase_opts=${UPCASE_JAVA_OPTS:--Xms64m -Xmx1g}
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;          --scenarios) scenarios=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;    --warmup) warmup=$2; shift 2 ;;
    --upcase-opts) upcase_opts=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;          --quick) quick=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
c_conns=1000 hold=10000 hold_seconds=5 settle=2
if $quick; then
  seconds=0.5 warmup=0.2 c_conns=100 hold=200 hold_seconds=0.5 settle=0.5 runs=${runs:-1}
fi
runs=${runs:-3}
for s in ${scenarios//,/ }; do
  case $s in a|b|c|d|e|f1|f50) ;; *) echo "compare.sh: unknown scenario $s (a,b,c,d,e,f1,f50)" >&2; exit 2 ;; esac
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true          # the hold scenario needs > 10,000 descriptors

# ---- build: the jar, the load generator, the reference servers ---------------------------------------------------
# shellcheck source=bench/build.sh
source "$here/build.sh"
work=${BENCH_WORK:-/tmp/upcase-bench}

out=$work/compare-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$out"
failed=0

has() { [[ ",$scenarios," == *",$1,"* ]]; }
pick() { local s=() x; for x in "$@"; do if has "$x"; then s+=("$x"); fi; done; echo "${s[*]}"; }
line_scen=$(pick a b d c e)                                # hold (e) last: its connections would inflate RSS
raw_scen=$(pick f1 f50)
all_scen=$(pick a f1 b f50 d c e)

spec() {   # scenario -> LoadGen arguments
  case $1 in
    a)   echo "--conns 1 --size 32 --framing lf" ;;
    b)   echo "--conns 50 --size 32 --framing lf" ;;
    c)   echo "--conns $c_conns --size 32 --framing lf" ;;
    d)   echo "--conns 50 --size 4096 --framing lf" ;;
    e)   echo "--hold $hold --size 32 --framing lf" ;;
    f1)  echo "--conns 1 --size 32 --framing raw" ;;
    f50) echo "--conns 50 --size 32 --framing raw" ;;
  esac
}

started=()
cleanup() { local pid; for pid in "${started[@]}"; do stop_pid "$pid"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
start_server() {   # name command... -> prints the pid once the port accepts connections
  local name=$1 pid; shift
  if listening; then echo "compare.sh: port $port is in use (choose another with --port)" >&2; return 1; fi
  setsid "$@" >"$out/$name.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 3600); do
    if listening; then echo "$pid"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "compare.sh: $name did not start:" >&2; tail -20 "$out/$name.log" >&2; return 1; }
    sleep 0.05
  done
  echo "compare.sh: $name did not listen on $port within 180 s" >&2
  stop_pid "$pid"
  return 1
}
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# every load-generator connection comes from 127.0.0.1: the per-peer limit (1,000 by default) would refuse the
# 1,001st of scenarios c and e, so it is raised to the endpoint's own limit
upcase_cmd() { echo java $upcase_opts -jar "$jar" --upcase.tcp.port="$port" --upcase.tcp.framing="$1" \
  --upcase.tcp.max-connections-per-peer=16000 --server.port=0 --spring.security.user.password=bench; }
netty_cmd() { echo java -Xms64m -Xmx1g -Dio.netty.leakDetection.level=disabled -cp "$netty_cp" NettyUpper \
  --port "$port" --framing "$1" --threads 1; }

measure() {   # server-name round pid scenarios... : one LoadGen run per scenario, its RESULT line kept
  local name=$1 round=$2 pid=$3 s args log result; shift 3
  for s in "$@"; do
    log=$out/$name-r$round-$s.log
    # shellcheck disable=SC2207
    args=(--port "$port" $(spec "$s") --server-pid "$pid")
    if [ "$s" = e ]; then args+=(--seconds "$hold_seconds"); else args+=(--warmup "$warmup" --seconds "$seconds"); fi
    timeout 300 java -Xms256m -Xmx1g -cp "$build" LoadGen "${args[@]}" >"$log" 2>&1 || failed=1
    result=$(grep '^RESULT' "$log" | tail -1 || true)
    echo "run=$round scenario=$s ${result:-RESULT missing=1}" >> "$out/${name%%-*}.txt"
    echo "  $name $s: $(grep -o 'rps=[0-9]*\|srv_kb_per_conn=[0-9.]*' <<<"${result:-no result, see $log}" || echo "no result, see $log")" >&2
  done
}

answers() { local reply; reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'bith\n' >&3 && read -r -t 2 line <&3 \
  && echo "$line") 2>/dev/null) && [ "$reply" = BITH ]; }

serve() {   # server-name round scenarios command... : start, (startup figures), measure, stop
  local name=$1 round=$2 scen=$3 pid t0 rss; shift 3
  [ -n "$scen" ] || return 0
  t0=$(date +%s%N)
  pid=$(start_server "$name" "$@") || { failed=1; return 0; }
  started+=("$pid")
  if [[ $name == *-line || $name == *-lf ]]; then
    # startup: from the command to the first right reply, and RSS $settle s later, before any load
    until answers; do
      kill -0 "$pid" 2>/dev/null || { echo "compare.sh: $name exited" >&2; failed=1; return 0; }
      sleep 0.01
    done
    echo "server=${name%%-*} startup_ms=$(( ($(date +%s%N) - t0) / 1000000 ))" > "$out/startup.tmp"
  fi
  sleep "$settle"                                       # settle before the RSS baseline
  if [ -f "$out/startup.tmp" ]; then
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    echo "$(cat "$out/startup.tmp") idle_rss_kb=$rss" >> "$out/startup.txt" && rm "$out/startup.tmp"
  fi
  # shellcheck disable=SC2086
  measure "$name" "$round" "$pid" $scen
  stop_pid "$pid"
}

for r in $(seq "$runs"); do
  echo "round $r/$runs" >&2
  # shellcheck disable=SC2046
  serve upcase-line "$r" "$line_scen" $(upcase_cmd line)
  # shellcheck disable=SC2046
  serve upcase-raw "$r" "$raw_scen" $(upcase_cmd raw)
  # shellcheck disable=SC2046
  serve netty-lf "$r" "$line_scen" $(netty_cmd lf)
  # shellcheck disable=SC2046
  serve netty-raw "$r" "$raw_scen" $(netty_cmd raw)
  serve epoll "$r" "$all_scen" "$build/epoll_upper" "$port"
done

python3 "$here/ratios.py" "$out" | tee "$out/table.md"
{ echo; echo "command: bench/compare.sh --runs $runs --scenarios $scenarios --seconds $seconds --warmup $warmup$($quick && echo ' --quick')";
  echo "upcase JVM: $upcase_opts; $(java -version 2>&1 | head -1); nproc=$(nproc); $(date -u +%FT%TZ)"; echo "logs: $out"; } | tee -a "$out/table.md"
exit "$failed"
