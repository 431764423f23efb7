#!/usr/bin/env bash
# compare.sh: upcase beside the reference servers (Netty, C epoll) on this machine, same load, one table.
#
#   bench/compare.sh [--runs N] [--scenarios LIST] [--seconds S] [--warmup S] [--upcase-opts "JVM FLAGS"]
#
# Every server is driven by the same load generator (the shared bench's LoadGen, which verifies every reply byte
# for byte) through the shared bench's run.sh, in interleaved rounds (upcase, Netty, epoll, upcase, ...) so that
# the machine's slow and fast phases hit all of them alike; the table shows medians over rounds and the ratio to
# Netty from the same rounds. Absolute numbers on a shared 2-core machine are noise; the ratios are the figure.
#
# Scenarios (run.sh): a 1 conn 32 B lines | b 50 conns 32 B lines | c 1000 conns | d 50 conns 4 KiB |
#                     e hold 10,000 idle (KB/conn) | f1, f50 raw framing 1 and 50 conns; plus startup: time from
#                     `java -jar` to the first answered request, and RSS once idle.
# Needs: the shared bench folder (../shared/bench beside this repository, or SHARED_BENCH=DIR), JDK 17+, gcc,
# python3. Defaults: 3 rounds, all scenarios, 1 s warmup + 3 s measurement per scenario: about 8 minutes.
# Output: the table on stdout; logs and raw results under $BENCH_WORK (default /tmp/upcase-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${SHARED_BENCH:-$repo/../shared/bench}
runs=3 scenarios=a,b,c,d,e,f1,f50 seconds=3 warmup=1
upcase_opts=${UPCASE_JAVA_OPTS:--Xms64m -Xmx1g}
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;          --scenarios) scenarios=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;    --warmup) warmup=$2; shift 2 ;;
    --upcase-opts) upcase_opts=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -x "$shared/bench" ] || { echo "compare.sh: no shared bench at $shared (set SHARED_BENCH)" >&2; exit 2; }
export BENCH_WORK=${BENCH_WORK:-/tmp/upcase-bench}
ulimit -n "$(ulimit -Hn)"

jar=$repo/target/upcase.jar
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$repo" && ./mvnw -B -q package -DskipTests) >&2
fi
work=$BENCH_WORK                                        # the shared bench is read-only: work on a copy
mkdir -p "$work" && cp -ru "$shared"/. "$work"/ && chmod -R u+w "$work"
[ -x "$work/ref/epoll_echo" ] && [ -f "$work/ref/netty/target/netty-upper.jar" ] || "$work/ref/build.sh" >&2
stamp=$(date -u +%Y%m%dT%H%M%S)
out=$work/compare-$stamp
mkdir -p "$out"
port=9300

has() { [[ ",$scenarios," == *",$1,"* ]]; }
pick() { local s=() x; for x in "$@"; do has "$x" && s+=("$x"); done; local IFS=,; echo "${s[*]}"; }
line_scen=$(pick a b c d e); raw_scen=$(pick f1 f50)
bench_args=(--runs 1 --seconds "$seconds" --warmup "$warmup" --port "$port")

start_upcase() {   # framing -> pid, once the port answers
  setsid java $upcase_opts -jar "$jar" --upcase.tcp.port="$port" --upcase.tcp.framing="$1" \
    --server.port=0 --spring.security.user.password=bench >"$out/upcase-$1.log" 2>&1 </dev/null &
  local pid=$! i
  for i in $(seq 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$pid"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$out/upcase-$1.log" >&2; return 1; }
    sleep 0.05
  done
  return 1
}
stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
results_of() { ls -d "$work"/logs/"$1"-* 2>/dev/null | tail -1; }

run_upcase() {   # round
  local framing scen pid
  for framing in line raw; do
    scen=$([ "$framing" = line ] && echo "$line_scen" || echo "$raw_scen")
    [ -n "$scen" ] || continue
    pid=$(start_upcase "$framing")
    sleep 1
    "$work/run.sh" "127.0.0.1:$port" --pid "$pid" --scenarios "$scen" --label "upcase-$framing-r$1" "${bench_args[@]}" >/dev/null
    stop_pid "$pid"
    cat "$(results_of "upcase-$framing-r$1")/results.txt" >> "$out/upcase.txt"
  done
}
run_ref() {   # kind round
  local kind=$1 scen
  if [ "$kind" = netty ]; then
    [ -n "$line_scen" ] && "$work/run.sh" netty --scenarios "$line_scen" --label "netty-r$2" "${bench_args[@]}" -- --threads 1 >/dev/null \
      && cat "$(results_of "netty-r$2")/results.txt" >> "$out/netty.txt"
    [ -n "$raw_scen" ] && "$work/run.sh" netty-raw --scenarios "$raw_scen" --label "netty-raw-r$2" "${bench_args[@]}" -- --threads 1 >/dev/null \
      && cat "$(results_of "netty-raw-r$2")/results.txt" >> "$out/netty.txt"
  else
    scen=$(pick a b c d e f1 f50)
    "$work/run.sh" epoll --scenarios "$scen" --label "epoll-r$2" "${bench_args[@]}" >/dev/null \
      && cat "$(results_of "epoll-r$2")/results.txt" >> "$out/epoll.txt"
  fi
}

startup() {   # "name" command... -> prints ms to first reply, and RSS (KB) 2 s later
  local name=$1; shift
  local t0 pid t1 rss
  t0=$(date +%s%N)
  setsid "$@" >"$out/startup-$name.log" 2>&1 </dev/null &
  pid=$!
  until python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2)
s.sendall(b"bith\n"); s.settimeout(2)
sys.exit(0 if s.recv(16).startswith(b"BITH") else 1)
PY
  do kill -0 "$pid" 2>/dev/null || { echo "startup $name: process died" >&2; return 1; }; sleep 0.01; done
  t1=$(date +%s%N)
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  stop_pid "$pid"
  echo "server=$name startup_ms=$(( (t1 - t0) / 1000000 )) idle_rss_kb=$rss" >> "$out/startup.txt"
}

for r in $(seq "$runs"); do
  echo "round $r/$runs" >&2
  run_upcase "$r"
  run_ref netty "$r"
  run_ref epoll "$r"
  startup upcase java $upcase_opts -jar "$jar" --upcase.tcp.port="$port" --upcase.tcp.framing=line --server.port=0 \
    --spring.security.user.password=bench
  startup netty java -Xms64m -Xmx1g -jar "$work/ref/netty/target/netty-upper.jar" --port "$port" --framing lf --threads 1
done

python3 "$here/ratios.py" "$out" | tee "$out/table.md"
{ echo; echo "command: bench/compare.sh --runs $runs --scenarios $scenarios --seconds $seconds --warmup $warmup";
  echo "upcase JVM: $upcase_opts; $(java -version 2>&1 | head -1); nproc=$(nproc); $(date -u +%FT%TZ)"; echo "logs: $out"; } | tee -a "$out/table.md"
