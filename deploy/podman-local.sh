#!/usr/bin/env bash
# Build and run the upcase Dockerfile with podman on a Debian 12 machine that reaches Debian's packages and
# Maven Central but no container registry. Run as root from the repository root:  bash podman-build-notes.txt
# (Each section can also be pasted by hand.) Tested 2026-11-28: podman 4.3.1, runc, netavark.
set -euo pipefail

# 1. Engine and tools (once per machine). iptables is required by netavark; netcat-openbsd for the probe.
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y podman runc netavark aardvark-dns iptables slirp4netns \
    catatonit uidmap mmdebstrap netcat-openbsd curl

# 2. Private podman settings this sandbox needs: runc (crun fails on hybrid cgroups) and ulimits it may set.
mkdir -p /tmp/podman-conf
cat > /tmp/podman-conf/containers.conf <<EOF
[engine]
runtime = "runc"

[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
EOF
export CONTAINERS_CONF=/tmp/podman-conf/containers.conf

# 3. Base images without a registry: Debian bookworm rootfs built locally and imported (~80 s each).
#    They stand in for eclipse-temurin:17-jdk / eclipse-temurin:17-jre (the Dockerfile's defaults).
podman image exists localhost/debian-jdk:17 || \
    mmdebstrap --variant=minbase --include=openjdk-17-jdk-headless bookworm - | podman import - localhost/debian-jdk:17
podman image exists localhost/debian-jre:17 || \
    mmdebstrap --variant=minbase --include=openjdk-17-jre-headless,curl bookworm - | podman import - localhost/debian-jre:17

# 4. Build (~30 s with a warm ~/.m2). --format docker keeps HEALTHCHECK (OCI format drops it);
#    --network=none + MAVEN_FLAGS=-o + ~/.m2 mounted read-only = offline, reproducible Maven build.
#    ~/.m2 must already hold the project's dependencies and the wrapper's Maven 3.9.11
#    (~/.m2/wrapper/dists/...): one `./mvnw -B package -DskipTests` on the host fills it.
#    With network access and public images, a plain `docker build -t upcase .` is enough.
podman build --format docker --network=none \
    --build-arg BUILD_IMAGE=localhost/debian-jdk:17 \
    --build-arg RUNTIME_IMAGE=localhost/debian-jre:17 \
    --build-arg MAVEN_FLAGS=-o \
    -v "$HOME/.m2:/root/.m2:ro" \
    -t localhost/upcase:dev .
podman image inspect localhost/upcase:dev --format '{{.Size}} bytes; healthcheck: {{.Config.Healthcheck.Test}}'

# 5. Run, and time container start -> first TCP reply.
podman rm -f upcase-test >/dev/null 2>&1 || true
t0=$(date +%s.%N)
podman run -d --name upcase-test -p 127.0.0.1:18000:8000 -p 127.0.0.1:18080:8080 localhost/upcase:dev
python3 - "$t0" <<'PY'
import socket, sys, time
t0 = float(sys.argv[1])
while time.time() - t0 < 60:
    try:
        with socket.create_connection(("127.0.0.1", 18000), timeout=1) as s:
            s.sendall(b"bith")
            if s.recv(64) == b"BITH":
                print(f"start to first reply: {time.time() - t0:.2f} s"); break
    except OSError:
        pass
    time.sleep(0.05)
else:
    sys.exit("no reply within 60 s")
PY
podman logs upcase-test 2>&1 | grep -E 'Started |Picked up'

# 6. Probes.
printf 'bith' | nc -q1 127.0.0.1 18000; echo                   # -> BITH
curl -s 127.0.0.1:18080/actuator/health; echo                  # -> {"status":"UP",...}
podman healthcheck run upcase-test && echo "healthcheck: exit 0 (healthy)"
#    (no systemd here, so podman never runs the HEALTHCHECK on its own and logs a harmless error about it)

# 7. Stop: SIGTERM, the JVM shuts down gracefully; exit code 143 is normal.
time podman stop -t 20 upcase-test
podman inspect upcase-test --format 'exit code: {{.State.ExitCode}}'
podman rm upcase-test

# 8. Arguments after the image name reach the application; JVM flags via JAVA_TOOL_OPTIONS.
podman run -d --name upcase-line -p 127.0.0.1:18001:8000 \
    -e JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    localhost/upcase:dev --upcase.tcp.framing=line
for i in $(seq 1 100); do out=$(printf 'bith\nbath\n' | nc -q1 -w2 127.0.0.1 18001 || true); [ -n "$out" ] && break; sleep 0.2; done
echo "$out"                                                     # -> BITH / BATH
podman logs upcase-line 2>&1 | grep -E 'Picked up|framing' | head -3
podman stop -t 20 upcase-line && podman rm upcase-line
