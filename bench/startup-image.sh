#!/usr/bin/env bash
# Start-up and footprint of container images: time from `podman run` to the first TCP reply, and the JVM's RSS
# 5 s later (idle), interleaved over rounds; prints each run and the medians. Companion of bench/startup.sh (the
# jar); the figures are in docs/performance.md, "Start-up and footprint". Run as root, with podman set up as
# deploy/container-test.sh does it (which also builds the images: IMAGE=localhost/upcase:jdk25 RUNTIME_JDK=25 …).
#
#   bench/startup-image.sh [ROUNDS] IMAGE...     e.g. bench/startup-image.sh 5 localhost/upcase:jdk25 localhost/upcase:jdk17
#
# Ports: TCP_PORT (28000), HTTP_PORT (28080). EXTRA_ARGS: podman run options, e.g. "--memory 512m".
set -euo pipefail
ROUNDS=${1:?usage: bench/startup-image.sh ROUNDS IMAGE...}
shift
TCP_PORT=${TCP_PORT:-28000}
HTTP_PORT=${HTTP_PORT:-28080}
NAME=upcase-startup-$$
conf_dir=$(mktemp -d)
cat > "$conf_dir/containers.conf" <<EOF
[engine]
runtime = "runc"

[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
EOF
export CONTAINERS_CONF=$conf_dir/containers.conf
trap 'podman rm -f -t 0 "$NAME" >/dev/null 2>&1; rm -rf "$conf_dir"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
first_reply() {
  local reply
  while true; do
    # Connect only once something listens: the port lies in Linux's ephemeral range, and connecting to a port
    # nobody listens on can pick that very port as the source and connect to itself, taking it from the server.
    if ss -Hltn "sport = :$TCP_PORT" | grep -q . && { exec 3<>"/dev/tcp/127.0.0.1/$TCP_PORT"; } 2>/dev/null; then
      printf bith >&3
      IFS= read -r -t 5 -N 4 reply <&3 || true
      exec 3<&- 3>&-
      [ "$reply" = BITH ] && return 0
    fi
    sleep 0.02
  done
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

results=$conf_dir/results
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$ROUNDS"); do
  for image in "$@"; do
    t0=$(now_ms)
    # shellcheck disable=SC2086
    podman run -d --name "$NAME" ${EXTRA_ARGS:-} -e SPRING_SECURITY_USER_PASSWORD=startup \
        -p "127.0.0.1:$TCP_PORT:8000" -p "127.0.0.1:$HTTP_PORT:8080" "$image" >/dev/null 2>&1
    timeout 120 bash -c "$(declare -f first_reply); TCP_PORT=$TCP_PORT first_reply" || echo "no reply from $image" >&2
    ms=$(( $(now_ms) - t0 ))
    sleep 5
    pid=$(podman inspect "$NAME" --format '{{.State.Pid}}')
    rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
    podman rm -f -t 30 "$NAME" >/dev/null 2>&1
    echo "$round $image $ms $rss" | tee -a "$results"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| image | podman run to first reply, ms (median of $ROUNDS) | idle RSS, MB (median) |"
echo "|---|---:|---:|"
for image in "$@"; do
  echo "| $image | $(awk -v v="$image" '$2 == v { print $3 }' "$results" | median) | $(awk -v v="$image" '$2 == v { print $4 }' "$results" | median) |"
done
