#!/usr/bin/env bash
# endpoints.sh: the same load over each of upcase's endpoints — plain TCP, TLS (on the JDK's engine and on
# BoringSSL), the Unix-domain socket and UDP — to see what TLS costs, what a Unix socket saves and what datagrams do
# beside a stream, in one run.
#
#   bench/endpoints.sh [--runs N] [--seconds S] [--connections C] [--port P]
#
# Three servers from target/upcase.jar (built if missing), line framing: one plain, on TCP port P and UDP port P (TCP
# and UDP ports are apart: the same number is two sockets); one with TLS on TCP port P+1 (the JDK's SSLEngine, the
# default; a throwaway CA and certificate made here with openssl, P-256) and a Unix socket; one with TLS on BoringSSL
# (upcase.tcp.ssl.engine=openssl) on TCP port P+2. UDP is on the plain server because it is plain too (no TLS over
# datagrams): TCP and UDP then run in the same JVM, on the same event loops.
# The load is the client's own `bin/upcase client bench` (every reply checked; over UDP `--udp`: a socket per
# connection, a datagram per request, a reply not back within 1 s counted lost and its slot refilled),
# pipeline 1 (request/reply: latency-bound) and 16 (throughput), one target at a time; rounds are interleaved
# (tcp, tls, tls-boringssl, unix, udp, tcp, ...) so the machine's slow and fast phases hit all five alike. The
# table shows medians over rounds with each round's rps in brackets, and each endpoint's rps relative to plain TCP
# (the median of each round's ratio: the phase a round ran in cancels out), then BoringSSL's rps relative to the
# JDK's engine, the same way. The server CPU column is the server process's CPU time over the bench call (its 2 s
# warmup included) per reply, the warmup's replies estimated at the measured rate: what each endpoint costs the
# server, which on 2 shared cores the rps alone hides (the client's work competes with it).
# Absolute numbers on a shared 2-core machine are noise (the client and the server share the cores; the client's
# TLS is the JDK's on every TLS row); the ratios are the figure.
# Needs: JDK 17+, openssl, python3. Defaults: 3 rounds, 5 s per measurement after 2 s of warmup, 4 connections:
# about 5 minutes. Ports: P (plain TCP and UDP, default 9310), P+1 (TLS) and P+2 (TLS on BoringSSL). Logs under
# ${BENCH_WORK:-/tmp/upcase-bench}/endpoints-*.
# Exit status: 0, or 1 when a server failed or some reply was wrong or missing (the errors column: errors and
# mismatches). Lost datagrams (the lost column, summed over rounds) are part of the figures, not a failure, unless
# a UDP measurement got no reply at all.
set -euo pipefail
runs=3 seconds=5 connections=4 port=9310
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/{/^#/p}' "$0"; exit 0 ;;
    *) echo "endpoints.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_WORK:-/tmp/upcase-bench}/endpoints-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$out"
upcase="$repo/bin/upcase"
[ -f "$repo/target/upcase.jar" ] || (cd "$repo" && ./mvnw -B -q package -DskipTests)

# --- a CA and a server certificate for 127.0.0.1, made for this run only ------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench-ca \
  -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$out/tls.key" -out "$out/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' > "$out/san.ext"
openssl x509 -req -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial -days 1 \
  -extfile "$out/san.ext" -out "$out/tls.crt" 2>/dev/null

# --- the three servers ----------------------------------------------------------------------------------------------
socket_dir=$(mktemp -d /tmp/upcase-sock.XXXXXX)   # short: a socket path may have 106 bytes at most
pids=()
cleanup() { local pid; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$socket_dir"; }
trap cleanup EXIT
common=(--upcase.tcp.framing=line --server.port=0 --spring.security.user.password=bench)
# the UDP bench sends ~100,000 datagrams a second from one address: over the per-source reply limit's default
"$upcase" "${common[@]}" --upcase.tcp.port="$port" --upcase.udp.enabled=true --upcase.udp.port="$port" \
  --upcase.udp.per-source-rate=10000000 > "$out/plain.log" 2>&1 &
pids+=($!)
"$upcase" "${common[@]}" --upcase.tcp.port=$((port + 1)) --upcase.unix.path="$socket_dir/upcase.sock" \
  --upcase.tcp.ssl.bundle=bench --spring.ssl.bundle.pem.bench.keystore.certificate="file:$out/tls.crt" \
  --spring.ssl.bundle.pem.bench.keystore.private-key="file:$out/tls.key" > "$out/secure.log" 2>&1 &
pids+=($!)
"$upcase" "${common[@]}" --upcase.tcp.port=$((port + 2)) --upcase.tcp.ssl.engine=openssl \
  --upcase.tcp.ssl.bundle=bench --spring.ssl.bundle.pem.bench.keystore.certificate="file:$out/tls.crt" \
  --spring.ssl.bundle.pem.bench.keystore.private-key="file:$out/tls.key" > "$out/boringssl.log" 2>&1 &
pids+=($!)
listening() {   # server log, what it must listen for
  for _ in $(seq 1200); do grep -q "Listening for $2" "$out/$1.log" && return; sleep 0.05; done
  echo "endpoints.sh: the $1 server did not start" >&2; tail "$out/$1.log" >&2; exit 1
}
listening plain 'TCP clients'; listening plain 'UDP datagrams'; listening secure ''; listening boringssl ''

target() {   # endpoint -> client options
  case $1 in
    tcp) echo "--port $port --framing line" ;;
    tls) echo "--port $((port + 1)) --ca $out/ca.crt --framing line" ;;
    tls-boringssl) echo "--port $((port + 2)) --ca $out/ca.crt --framing line" ;;
    unix) echo "--unix $socket_dir/upcase.sock --framing line" ;;
    udp) echo "--udp --port $port --timeout 1s" ;;   # a lost datagram holds its slot 1 s: far over any p99 here
  esac
}
server() {   # endpoint -> the pid of the server (a JVM: bin/upcase execs it) that answers it
  case $1 in
    tcp|udp) echo "${pids[0]}" ;;
    tls|unix) echo "${pids[1]}" ;;
    tls-boringssl) echo "${pids[2]}" ;;
  esac
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # the process's user + system time, in clock ticks
for round in $(seq "$runs"); do
  echo "round $round/$runs" >&2
  for pipeline in 1 16; do
    for endpoint in tcp tls tls-boringssl unix udp; do
      before=$(cpu_ticks "$(server "$endpoint")")
      # shellcheck disable=SC2046
      "$upcase" client bench $(target "$endpoint") --connections "$connections" \
        --pipeline "$pipeline" --warmup 2s --duration "${seconds}s" --json > "$out/$endpoint-p$pipeline-r$round.json" \
        2> "$out/$endpoint-p$pipeline-r$round.log" \
        || { echo "endpoints.sh: the bench over $endpoint failed:" >&2; tail -5 "$out/$endpoint-p$pipeline-r$round.log" >&2; exit 1; }
      echo "$before $(cpu_ticks "$(server "$endpoint")") $(getconf CLK_TCK)" > "$out/$endpoint-p$pipeline-r$round.cpu"
      echo "  $endpoint pipeline $pipeline: $(python3 -c 'import json,sys; s = json.load(open(sys.argv[1])); print(round(s["rps"]), "rps,", s["lost"], "lost")' "$out/$endpoint-p$pipeline-r$round.json")" >&2
    done
  done
done

python3 - "$out" "$runs" "$connections" "$seconds" <<'EOF'
import json, statistics, sys
wrong = 0
out, runs, connections, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
def load(endpoint, pipeline):
    return [json.load(open(f"{out}/{endpoint}-p{pipeline}-r{r}.json")) for r in range(1, runs + 1)]
def cpu_per_reply(endpoint, pipeline):
    """the server's CPU over the whole bench call (2 s warmup included) per reply, the replies of the warmup
    estimated at the measured rate: µs"""
    each = []
    for r, summary in enumerate(load(endpoint, pipeline), start=1):
        before, after, hz = (int(x) for x in open(f"{out}/{endpoint}-p{pipeline}-r{r}.cpu").read().split())
        each.append((after - before) / hz * 1e6 / (summary["rps"] * (seconds + 2)))
    return each
print(f"**upcase's endpoints, line framing (udp: a datagram a message), {connections} connections (udp: sockets)**, "
      f"medians of {runs} round(s)\n")
print("| endpoint | pipeline | rps | ÷ tcp | p50 µs | p99 µs | server CPU µs/reply | errors | lost |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
def ratios(endpoint, reference, pipeline):
    """each round's rps over the reference's in the same round: the machine's phase cancels out"""
    return [s["rps"] / r["rps"] for s, r in zip(load(endpoint, pipeline), load(reference, pipeline))]
for pipeline in (1, 16):
    for endpoint in ("tcp", "tls", "tls-boringssl", "unix", "udp"):
        runs_ = load(endpoint, pipeline)
        rps = statistics.median(s["rps"] for s in runs_)
        each = " / ".join(f"{s['rps']:,.0f}" for s in runs_)
        p50 = statistics.median(s["latencyMicros"]["p50"] for s in runs_)
        p99 = statistics.median(s["latencyMicros"]["p99"] for s in runs_)
        errors = sum(s["errors"] + s["mismatches"] for s in runs_)
        lost = sum(s["lost"] for s in runs_)
        wrong += errors
        ratio = statistics.median(ratios(endpoint, "tcp", pipeline))
        cpu = statistics.median(cpu_per_reply(endpoint, pipeline))
        print(f"| {endpoint} | {pipeline} | {rps:,.0f} [{each}] | {ratio:.2f}× | {p50:,.0f} | {p99:,.0f} | {cpu:.1f} "
              f"| {errors} | {lost:,} |")
print()
for pipeline in (1, 16):
    each = ratios("tls-boringssl", "tls", pipeline)
    cpu = [b / j for b, j in zip(cpu_per_reply("tls-boringssl", pipeline), cpu_per_reply("tls", pipeline))]
    print(f"tls-boringssl ÷ tls, pipeline {pipeline}: rps {statistics.median(each):.2f}× "
          f"[{' / '.join(f'{r:.2f}' for r in each)}], server CPU per reply {statistics.median(cpu):.2f}× "
          f"[{' / '.join(f'{r:.2f}' for r in cpu)}]")
sys.exit(1 if wrong else 0)
EOF
echo
echo "command: bench/endpoints.sh --runs $runs --seconds $seconds --connections $connections --port $port; $(java -version 2>&1 | head -1); nproc=$(nproc); $(date -u +%FT%TZ)"
echo "logs: $out"
