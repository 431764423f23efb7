#!/usr/bin/env bash
# Builds the Dockerfile with podman and checks the running image through its published ports:
#   a TCP round trip in two framings (raw, then a restart with --upcase.tcp.framing=line), readiness UP, the
#   process's non-root uid, `podman healthcheck run`, the CLI mode (`podman run --rm IMAGE client ...`), one
#   version in the image label, /actuator/info (with the git commit) and the CLI's --version, /actuator/sbom for
#   credentials only, a graceful SIGTERM stop (exit 143) with no ERROR line in the log, and TLS on BoringSSL
#   (upcase.tcp.ssl.engine=openssl: its native library loads in the image) answering the CLI's --tls; it prints the
#   time from `podman run` to the first reply and the JVM's RSS.
# Exit status 0 only when every check held; 1 when one failed; 2 when this machine cannot run it (said in one line).
#
# Made for a Debian machine that reaches Debian's packages and Maven Central but no container registry (our CI):
# it installs podman and friends when missing (as root, with apt-get), assembles the base image locally with
# mmdebstrap (cached across runs), and builds with JAR_FROM=prebuilt from the jar ./mvnw packages on the host,
# so that the image build needs no network (--network=none). With a registry, `docker build -t upcase .` is all.
#
#   deploy/container-test.sh                  package the jar, build, run, check
#   deploy/container-test.sh --skip-package   use target/upcase.jar as it is (CI: right after ./mvnw -B verify)
#   deploy/container-test.sh --from-source    build as a user with a registry would (JAR_FROM=source: Maven runs
#                                             inside the build, without network, on a JDK base image assembled
#                                             here, against the host's ~/.m2 mounted read-only and filled by
#                                             dependency:go-offline); such an image has no git commit
#
# Environment: TCP_PORT / HTTP_PORT (host ports to publish; 28000 / 28080), IMAGE (localhost/upcase:test),
# RUNTIME_JDK (25, the Dockerfile's default, from a jlink'ed runtime of $JDK25_HOME; or 17, Debian's),
# RUNTIME_IMAGE (a local JRE image to build on instead; by default localhost/upcase-base-jre:25 or :17, made here
# when missing), BUILD_IMAGE (a JDK 17 image for --from-source; localhost/upcase-base-jdk:17).
set -uo pipefail
cd "$(dirname "$0")/.."

TCP_PORT=${TCP_PORT:-28000}
HTTP_PORT=${HTTP_PORT:-28080}
IMAGE=${IMAGE:-localhost/upcase:test}
RUNTIME_IMAGE=${RUNTIME_IMAGE:-}
RUNTIME_JDK=${RUNTIME_JDK:-25}
JDK25_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BUILD_IMAGE=${BUILD_IMAGE:-localhost/upcase-base-jdk:17}
NAME=upcase-container-test-$$
PASSWORD=container-test
SKIP_PACKAGE=false
FROM_SOURCE=false
for arg in "$@"; do
  case "$arg" in
    --skip-package) SKIP_PACKAGE=true ;;
    --from-source) FROM_SOURCE=true ;;
    *) echo "container-test: unknown argument '$arg' (accepted: --skip-package, --from-source)" >&2; exit 2 ;;
  esac
done

SCRIPT=container-test
. deploy/checks.sh

# --- 1. Tools ----------------------------------------------------------------------------------------------------
install_missing podman runc netavark aardvark-dns iptables slirp4netns catatonit uidmap mmdebstrap curl unzip openssl
[ "$(id -u)" = 0 ] || cannot "rootful podman is needed (this machine's cgroups and ulimits rule out rootless); run as root"

# Private podman settings this sandbox needs (../shared/notes/containers.md): runc (crun fails on hybrid cgroups)
# and ulimits it is allowed to set.
conf_dir=$(mktemp -d)
cat > "$conf_dir/containers.conf" <<EOF
[engine]
runtime = "runc"

[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=32768:32768"]
EOF
export CONTAINERS_CONF=$conf_dir/containers.conf
# Without systemd, podman cannot schedule health checks (they run on demand, below) and says so on every run, stop
# and rm: noise, filtered out.
podman() { command podman "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
cleanup() {
  podman rm -f -t 0 "$NAME" >/dev/null 2>&1
  rm -rf "$conf_dir"
}
trap cleanup EXIT

# --- 2. Base image and jar ---------------------------------------------------------------------------------------
base_image() { # base_image NAME PACKAGES [HOOK...]: a Debian bookworm root file system as a local image
  local name=$1 packages=$2
  shift 2
  podman image exists "$name" && return
  echo "assembling $name with mmdebstrap (Debian bookworm minbase + $packages; a minute or two)"
  mmdebstrap --quiet --variant=minbase --include="$packages" "$@" bookworm - \
      | podman import --quiet --change "ENV JAVA_HOME=/opt/java/openjdk" \
          --change "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
          - "$name" >/dev/null \
      || { command podman rmi -f "$name" >/dev/null 2>&1; cannot "mmdebstrap could not assemble $name"; }
}
# The runtime: JDK 25 like the Dockerfile's default (eclipse-temurin:25-jre), as a jlink'ed runtime of the JDK 25
# our machines have beside Debian's 17 (Debian 12 packages none); JDK 17 from Debian's packages where it is missing
# or RUNTIME_JDK=17 asks for it.
if [ "$RUNTIME_JDK" = 25 ] && [ -x "$JDK25_HOME/bin/jlink" ]; then
  RUNTIME_IMAGE=${RUNTIME_IMAGE:-localhost/upcase-base-jre:25}
  if ! podman image exists "$RUNTIME_IMAGE"; then
    "$JDK25_HOME/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.jfr,jdk.jfr,jdk.crypto.ec,jdk.zipfs,jdk.naming.dns,jdk.net \
        --strip-debug --no-man-pages --no-header-files --generate-cds-archive --output "$conf_dir/openjdk" >/dev/null \
        || cannot "jlink could not make a runtime from $JDK25_HOME"
    base_image "$RUNTIME_IMAGE" curl,ca-certificates --customize-hook='mkdir -p "$1/opt/java"' \
        --customize-hook="copy-in $conf_dir/openjdk /opt/java"
  fi
else
  [ "$RUNTIME_JDK" = 17 ] || echo "note  no JDK 25 at $JDK25_HOME: testing on JDK 17"
  RUNTIME_IMAGE=${RUNTIME_IMAGE:-localhost/upcase-base-jre:17}
  base_image "$RUNTIME_IMAGE" openjdk-17-jre-headless,curl
fi
if [ "$FROM_SOURCE" = true ]; then
  base_image "$BUILD_IMAGE" openjdk-17-jdk-headless
  # The build runs Maven offline against this ~/.m2: fill it with everything the Dockerfile's go-offline step asks.
  ./mvnw -B -q dependency:go-offline >/dev/null || { echo "FAIL  ./mvnw dependency:go-offline on the host"; exit 1; }
  build_args=(--build-arg JAR_FROM=source --build-arg BUILD_IMAGE="$BUILD_IMAGE"
      -v "$HOME/.m2:/root/.m2:ro")
else
  build_args=(--build-arg JAR_FROM=prebuilt)
fi
if [ "$SKIP_PACKAGE" = false ]; then
  ./mvnw -B -q package -DskipTests || { echo "FAIL  ./mvnw package"; exit 1; }
fi
[ -f target/upcase.jar ] || cannot "target/upcase.jar is missing (run without --skip-package)"
version=$(unzip -p target/upcase.jar META-INF/build-info.properties 2>/dev/null | sed -n 's/^build.version=//p')
commit=$(unzip -p target/upcase.jar BOOT-INF/classes/git.properties 2>/dev/null | sed -n 's/^git.commit.id.abbrev=//p')
[ -n "$version" ] || cannot "target/upcase.jar has no META-INF/build-info.properties"

# --- 3. Build ----------------------------------------------------------------------------------------------------
# --format docker keeps HEALTHCHECK and STOPSIGNAL (the OCI format drops them); --network=none: nothing is fetched.
echo "building $IMAGE (upcase $version, commit ${commit:-none})"
build_start=$(now_ms)
podman build --format docker --network=none \
    "${build_args[@]}" --build-arg RUNTIME_IMAGE="$RUNTIME_IMAGE" --build-arg VERSION="$version" \
    -t "$IMAGE" . > "$conf_dir/build.log" 2>&1 || { tail -30 "$conf_dir/build.log"; echo "FAIL  podman build"; exit 1; }
echo "built in $(( ($(now_ms) - build_start) / 1000 )) s: $(podman image inspect "$IMAGE" --format '{{.Size}}' | numfmt --to=iec) bytes"
check "image label org.opencontainers.image.version = $version" \
    test "$(podman image inspect "$IMAGE" --format '{{index .Config.Labels "org.opencontainers.image.version"}}')" = "$version"
check "image stop signal SIGTERM" test "$(podman image inspect "$IMAGE" --format '{{.Config.StopSignal}}')" = SIGTERM
check "image has a HEALTHCHECK" test -n "$(podman image inspect "$IMAGE" --format '{{.Config.Healthcheck}}')"

# --- 4. Helpers over the published ports -------------------------------------------------------------------------
# One TCP exchange with bash's /dev/tcp: send $1 (printf format), read $2 bytes, print them.
exchange() {
  local send=$1 count=$2 reply=""
  exec 3<>"/dev/tcp/127.0.0.1/$TCP_PORT" || return 1
  printf "$send" >&3
  IFS= read -r -t 5 -N "$count" reply <&3
  exec 3<&- 3>&-
  printf '%s' "$reply"
}
http() { curl -s -m 5 "$@"; }
start() { # start [args...]: run the image detached, wait for its first reply, print the time it took
  local t0 reply attempt
  # The host ports lie below Linux's ephemeral range (32768-60999), so no outgoing connection can hold them (48080,
  # inside it, was once held for over a minute right after the test suite); a few tries still cover a slow podman.
  for attempt in 1 2 3 4 5; do
    podman rm -f -t 0 "$NAME" >/dev/null 2>&1
    t0=$(now_ms)
    podman run -d --name "$NAME" --stop-timeout 30 -e SPRING_SECURITY_USER_PASSWORD="$PASSWORD" "${RUN_OPTIONS[@]}" \
        -p "127.0.0.1:$TCP_PORT:8000" -p "127.0.0.1:$HTTP_PORT:8080" "$IMAGE" "$@" >/dev/null && break
    [ "$attempt" = 5 ] && return 1
    echo "podman run failed (attempt $attempt); trying again in 5 s"
    sleep 5
  done
  while [ $(( $(now_ms) - t0 )) -lt 60000 ]; do
    if [ -n "$FIRST_REQUEST" ]; then
      reply=$(exchange "$FIRST_REQUEST" "$FIRST_REPLY_BYTES" 2>/dev/null) && [ -n "$reply" ] && break
      sleep 0.02
    else # TLS: no plain-text exchange; listening is the sign
      podman logs "$NAME" 2>&1 | grep -q 'Listening for' && reply=listening && break
      sleep 0.2
    fi
  done
  [ -n "${reply:-}" ] || { podman logs "$NAME" 2>&1 | tail -20; return 1; }
  echo "podman run to first reply: $(( $(now_ms) - t0 )) ms"
}
RUN_OPTIONS=()   # more `podman run` options for the next start
stop() { # stop: SIGTERM, no ERROR line, exit status 143 (the JVM's answer to SIGTERM)
  local t0 code pid
  pid=$(podman inspect "$NAME" --format '{{.State.Pid}}')
  echo "JVM RSS before the stop: $(awk '/^VmRSS:/ { printf "%.0f MB", $2 / 1024 }' "/proc/$pid/status")"
  t0=$(now_ms)
  podman stop -t 30 "$NAME" >/dev/null
  code=$(podman inspect "$NAME" --format '{{.State.ExitCode}}')
  check "stopped by SIGTERM in $(( $(now_ms) - t0 )) ms, exit status $code (143 expected)" test "$code" = 143
  check "no ERROR line in the log" bash -c "! podman logs '$NAME' 2>&1 | grep -E '(^| )ERROR '"
  check "the log shows the graceful shutdown" bash -c "podman logs '$NAME' 2>&1 | grep -q 'Commencing graceful shutdown'"
  podman rm "$NAME" >/dev/null
}

# --- 5. Raw framing (the default) --------------------------------------------------------------------------------
FIRST_REQUEST=bith FIRST_REPLY_BYTES=4
if start; then
  ok "raw framing: container answers on 127.0.0.1:$TCP_PORT"
  check "raw framing: bith -> BITH" test "$(exchange 'bith' 4)" = BITH
  for _ in $(seq 100); do http -o /dev/null -f "127.0.0.1:$HTTP_PORT/actuator/health/readiness" && break; sleep 0.1; done
  check "readiness UP" bash -c "curl -s -m 5 127.0.0.1:$HTTP_PORT/actuator/health/readiness | grep -q '\"status\":\"UP\"}\$'"
  uid=$(podman exec "$NAME" awk '/^Uid:/ { print $2 }' /proc/1/status)
  check "the JVM (PID 1) runs as uid $uid, not root" test "${uid:-0}" != 0
  check "podman healthcheck run: healthy" podman healthcheck run "$NAME"
  info=$(http "127.0.0.1:$HTTP_PORT/actuator/info")
  check "/actuator/info: version $version" grep -q "\"version\":\"$version\"" <<<"$info"
  if [ "$FROM_SOURCE" = true ]; then
    echo "note  /actuator/info: a source build has no git commit (the build context has no .git)"
  elif [ -n "$commit" ]; then
    check "/actuator/info: git commit $commit" grep -q "\"id\":\"$commit\"" <<<"$info"
  else
    fail "/actuator/info: no git commit in the jar (was it built outside a git checkout?)"
  fi
  check "/actuator/sbom needs credentials" test "$(http -o /dev/null -w '%{http_code}' "127.0.0.1:$HTTP_PORT/actuator/sbom")" = 401
  check "/actuator/sbom/application with credentials: CycloneDX" bash -c \
      "curl -s -m 5 -u 'operator:$PASSWORD' 127.0.0.1:$HTTP_PORT/actuator/sbom/application | grep -q '\"bomFormat\" *: *\"CycloneDX\"'"
  cli=$(podman run --rm --network host "$IMAGE" client --host 127.0.0.1 --port "$TCP_PORT" --message bith 2>/dev/null)
  check "CLI mode: podman run --rm IMAGE client --message bith -> BITH" test "$cli" = BITH
  cli_version=$(podman run --rm "$IMAGE" client --version 2>/dev/null)
  check "CLI --version: $cli_version" grep -q "^upcase $version" <<<"$cli_version"
  # idle: the image's flags give start-up's memory back (a periodic collection, the native-heap trim; Dockerfile)
  sleep 15
  echo "JVM RSS after 15 s idle: $(awk '/^VmRSS:/ { printf "%.0f MB", $2 / 1024 }' \
      "/proc/$(podman inspect "$NAME" --format '{{.State.Pid}}')/status")"
  stop
else
  fail "raw framing: no reply within 60 s of podman run"
fi

# --- 6. Line framing: the same image restarted with a setting after its name ------------------------------------
FIRST_REQUEST='bith\n' FIRST_REPLY_BYTES=5
if start --upcase.tcp.framing=line; then
  ok "line framing: container answers on 127.0.0.1:$TCP_PORT"
  check "line framing: bith, bath -> BITH, BATH" test "$(exchange 'bith\nbath\n' 10)" = $'BITH\nBATH'
  stop
else
  fail "line framing: no reply within 60 s of podman run"
fi

# --- 7. TLS on BoringSSL: its native library loads in the image, the CLI's --tls talks to it ----------------------
tls_dir=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tls_dir/tls.key" -out "$tls_dir/tls.crt" 2>/dev/null
chmod 755 "$tls_dir" && chmod 644 "$tls_dir/tls.key" "$tls_dir/tls.crt"   # a throwaway key, read by uid 10001
RUN_OPTIONS=(-v "$tls_dir:/tls:ro")
FIRST_REQUEST=''
if start --upcase.tcp.framing=line --upcase.tcp.ssl.bundle=t --upcase.tcp.ssl.engine=openssl \
    --spring.ssl.bundle.pem.t.keystore.certificate=file:/tls/tls.crt \
    --spring.ssl.bundle.pem.t.keystore.private-key=file:/tls/tls.key; then
  check "TLS: the log says BoringSSL" bash -c "podman logs '$NAME' 2>&1 | grep -q \"SSL bundle 't' (BoringSSL)\""
  cli=$(podman run --rm --network host -v "$tls_dir:/tls:ro" "$IMAGE" client --tls --ca /tls/tls.crt \
      --host 127.0.0.1 --port "$TCP_PORT" --framing line --message bith 2>"$tls_dir/cli.err")
  [ "$cli" = BITH ] || { echo "the client said: $cli"; tail -5 "$tls_dir/cli.err"; }
  check "TLS on BoringSSL: client --tls --message bith -> BITH" test "$cli" = BITH
  stop
else
  fail "TLS on BoringSSL: not listening within 60 s of podman run"
fi
RUN_OPTIONS=()
rm -rf "$tls_dir"

if [ "$failures" -gt 0 ]; then
  echo "container-test: $failures check(s) failed"
  exit 1
fi
echo "container-test: all checks passed"
