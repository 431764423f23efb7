#!/usr/bin/env bash
# cpu.sh: the server's CPU time per message, A/B between builds or settings of upcase, beside the Netty reference,
# interleaved. Made for a shared machine: rps there is noise (other work takes the cores), but the CPU a server
# spends per reply barely moves with load, so that is the figure, as a ratio within each round.
#
#   bench/cpu.sh [--rounds N] [--seconds S] [--warmup S] [--scenarios b,f50] [--port P] [--java PATH]
#                [--netty-threads N] VARIANT...
#
# VARIANT is LABEL=JAR, optionally followed by arguments after a comma, spaces between them: JVM options (-X...,
# -D...) go before -jar, the rest to the server:
#   bench/cpu.sh base=/tmp/base.jar new=target/upcase.jar
#   bench/cpu.sh two=target/upcase.jar one=target/upcase.jar,--upcase.tcp.event-loop-threads=1
#   bench/cpu.sh g1=target/upcase.jar serial=target/upcase.jar,-XX:+UseSerialGC
# Without a VARIANT: upcase=target/upcase.jar (built if missing or older than the sources).
#
# Each round starts every variant and the Netty reference (bench/ref/NettyUpper.java, --netty-threads event loops,
# default 1; upcase's default is one per processor: compare like with like) afresh for each
# scenario (b: 50 connections x 32 B lines, f50: the same raw, a/f1: one connection), drives it with bench/LoadGen.java
# (--warmup S, then --seconds S measured; every reply checked) and reads the server's CPU time (utime + stime of the
# whole process, /proc/PID/stat) over the measured window: µs of CPU per reply = srv_cpu ÷ rps. The variants' order
# alternates between rounds (A B, B A, ...), with Netty first in odd rounds and last in even ones, so that a trend in
# the machine's load falls on all of them alike. Summary: per scenario, each variant's medians, the median of the
# per-round ratios to Netty (CPU per reply, rps, p99) and to the first variant, and each round's ratio in brackets.
# Defaults: 5 rounds, b and f50, 3 s warmup + 5 s, port 9300, JDK 17 (java on PATH); the JVM: -Xms64m -Xmx1g as in
# compare.sh. Output: the table on stdout, logs under $BENCH_WORK (default /tmp/upcase-bench)/cpu-TIME/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=5 seconds=5 warmup=3 scenarios=b,f50 port=9300 java=java netty_threads=1
variants=()
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;      --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;      --scenarios) scenarios=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;          --java) java=$2; shift 2 ;;
    --netty-threads) netty_threads=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
    -*) echo "cpu.sh: unknown option $1" >&2; exit 2 ;;
    *=*) variants+=("$1"); shift ;;
    *) echo "cpu.sh: a variant is LABEL=JAR[,ARGS]: $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=bench/build.sh
source "$here/build.sh"
[ ${#variants[@]} -gt 0 ] || variants=("upcase=$jar")
out=${BENCH_WORK:-/tmp/upcase-bench}/cpu-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$out"
failed=0

spec() {
  case $1 in
    a) echo "--conns 1 --size 32 --framing lf" ;;   b) echo "--conns 50 --size 32 --framing lf" ;;
    f1) echo "--conns 1 --size 32 --framing raw" ;; f50) echo "--conns 50 --size 32 --framing raw" ;;
    *) echo "cpu.sh: unknown scenario $1 (a, b, f1, f50)" >&2; exit 2 ;;
  esac
}
framing() { case $1 in a|b) echo line ;; *) echo raw ;; esac; }
for s in ${scenarios//,/ }; do spec "$s" >/dev/null; done

pid=""
trap '[ -z "$pid" ] || stop' EXIT
trap 'exit 130' INT TERM
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
stop() {
  kill "$pid" 2>/dev/null || { pid=""; return 0; }
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || { pid=""; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true; pid=""
}
run() {   # run ROUND LABEL SCENARIO COMMAND...: one server, one LoadGen run, one result line
  local round=$1 label=$2 s=$3 log result; shift 3
  if listening; then echo "cpu.sh: port $port is in use (--port)" >&2; exit 1; fi
  log=$out/r$round-$label-$s
  setsid "$@" >"$log.server.log" 2>&1 </dev/null &
  pid=$!
  until listening; do
    kill -0 "$pid" 2>/dev/null || { echo "cpu.sh: $label did not start, see $log.server.log" >&2; failed=1; pid=""; return 0; }
    sleep 0.05
  done
  # shellcheck disable=SC2046
  "$java" -Xms256m -Xmx1g -cp "$build" LoadGen --port "$port" $(spec "$s") --server-pid "$pid" \
    --warmup "$warmup" --seconds "$seconds" >"$log.loadgen.log" 2>&1 || failed=1
  stop
  result=$(grep '^RESULT' "$log.loadgen.log" | tail -1 || true)
  echo "round=$round variant=$label scenario=$s load=$(cut -d' ' -f1 /proc/loadavg) ${result#RESULT }" >> "$out/results.txt"
  echo "  round $round $label $s: $(grep -o 'rps=[0-9]*\|srv_cpu=[0-9.]*\|errors=[0-9]*' <<<"$result" | paste -sd' ')" >&2
}
netty() { run "$1" netty "$2" "$java" -Xms64m -Xmx1g -Dio.netty.leakDetection.level=disabled -cp "$netty_cp" NettyUpper \
  --port "$port" --framing "$([ "$(framing "$2")" = line ] && echo lf || echo raw)" --threads "$netty_threads"; }
upcase() {   # upcase ROUND VARIANT SCENARIO
  local label=${2%%=*} rest=${2#*=} v_jar args=() jvm=() app=() arg
  v_jar=${rest%%,*}
  # shellcheck disable=SC2206
  [[ $rest == *,* ]] && args=(${rest#*,})
  for arg in "${args[@]}"; do if [[ $arg == -[XD]* ]]; then jvm+=("$arg"); else app+=("$arg"); fi; done
  run "$1" "$label" "$3" "$java" -Xms64m -Xmx1g "${jvm[@]}" -jar "$v_jar" --upcase.tcp.port="$port" \
    --upcase.tcp.framing="$(framing "$3")" --server.port=0 --spring.security.user.password=bench "${app[@]}"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $("$java" -version 2>&1 | head -1)" | tee "$out/machine.txt" >&2
for r in $(seq "$rounds"); do
  order=("${variants[@]}")
  if [ $((r % 2)) -eq 0 ]; then
    order=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do order+=("${variants[i]}"); done
  fi
  for s in ${scenarios//,/ }; do
    [ $((r % 2)) -eq 1 ] && netty "$r" "$s"
    for v in "${order[@]}"; do upcase "$r" "$v" "$s"; done
    [ $((r % 2)) -eq 0 ] && netty "$r" "$s"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt" >&2
labels=$(for v in "${variants[@]}"; do echo -n "${v%%=*} "; done)
python3 "$here/cpu_table.py" "$out/results.txt" netty $labels | tee "$out/table.md"
echo "command: bench/cpu.sh --rounds $rounds --seconds $seconds --warmup $warmup --scenarios $scenarios --netty-threads $netty_threads ${variants[*]}" | tee -a "$out/table.md"
echo "logs: $out" | tee -a "$out/table.md"
exit "$failed"
