# Container image for upcase: a TCP service (port 8000) that answers every message uppercased, with
# Actuator on HTTP port 8080.
#
#   docker build -t upcase .
#   docker run -d --name upcase -p 8000:8000 -p 8080:8080 upcase [--upcase.tcp.framing=line ...]
#   docker stop upcase                       # SIGTERM; the image's stop timeout should exceed shutdown-grace (20s):
#   docker run --stop-timeout 30 ...         # docker's default is 10s (Kubernetes: terminationGracePeriodSeconds)
#
# Build arguments:
#   BUILD_IMAGE    JDK 17+ image with a Debian/Ubuntu userland, used to compile (default eclipse-temurin:17-jdk)
#   RUNTIME_IMAGE  JRE 17+ image with a Debian/Ubuntu userland, used to run  (default eclipse-temurin:25-jre:
#                  the jar is Java 17 bytecode, and JDK 25's AOT cache starts it faster than JDK 17's CDS; see
#                  docs/performance.md, "Start-up and footprint"; eclipse-temurin:17-jre works too)
#   JAR_FROM       where upcase.jar comes from:
#                    source    (default) compiled here from src/ with the project's Maven wrapper
#                    prebuilt  target/upcase.jar from the build context, built beforehand on the host with
#                              `./mvnw -B package`; it carries the git commit (the context has no .git), and the
#                              build needs neither network nor Maven (deploy/container-test.sh builds this way)
#   MAVEN_FLAGS    extra Maven flags for JAR_FROM=source. Without network, mount a filled local repository
#                  instead (podman/buildah: -v "$HOME/.m2:/root/.m2:ro" after `./mvnw dependency:go-offline` on
#                  the host): Maven then finds everything locally. Avoid "-o": the SBOM plugin refuses offline mode,
#                  and the jar would have no SBOM.
#
# Run-time settings:
#   JAVA_TOOL_OPTIONS  JVM flags; defaults below. Setting it replaces the defaults (not those of jvm.args: the
#                      start-up cache and, where the JDK has it, the native-heap trim).
#   JDK_JAVA_OPTIONS   extra JVM flags added on top of the defaults (these win where both set a flag).
#   UPCASE_TCP_*, SERVER_*, MANAGEMENT_*  any Spring Boot property, as environment variables; or pass
#                  --property=value arguments after the image name.

ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre
ARG JAR_FROM=source

# ---------------------------------------------------------------------------------------------------------
# JAR_FROM=source: compile with the project's Maven wrapper.
# ---------------------------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS jar-source
ARG MAVEN_FLAGS=""
WORKDIR /build

# The wrapper and the POM first: the dependency download below is its own layer and is reused for as
# long as pom.xml and .mvn/ do not change. (go-offline does not catch every plugin dependency; whatever
# it misses is fetched by the package step.)
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN chmod +x mvnw \
 && ./mvnw -B -ntp ${MAVEN_FLAGS} dependency:go-offline

COPY src/ src/
# Tests are left to CI (they bind real sockets); this stage only packages.
RUN ./mvnw -B -ntp ${MAVEN_FLAGS} package -DskipTests

# ---------------------------------------------------------------------------------------------------------
# JAR_FROM=prebuilt: the jar the host built (a JRE is enough to split it into layers below).
# ---------------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS jar-prebuilt
WORKDIR /build
COPY target/upcase.jar target/upcase.jar

# ---------------------------------------------------------------------------------------------------------
# Split the fat jar into Spring Boot's layers, taken from the stage JAR_FROM names (BuildKit, i.e. docker 23+,
# and buildah/podman build only that one).
# ---------------------------------------------------------------------------------------------------------
FROM jar-${JAR_FROM} AS jar
RUN java -Djarmode=tools -jar target/upcase.jar extract --layers --destination /build/extracted

# ---------------------------------------------------------------------------------------------------------
# Runtime stage: JRE only, non-root, layers ordered from least to most often changed.
# ---------------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
# The same version as the jar's build-info (/actuator/info) and the CLI's --version; deploy/container-test.sh
# passes the POM's version and checks that all three agree.
ARG VERSION=unknown

LABEL org.opencontainers.image.title="upcase" \
      org.opencontainers.image.description="TCP service that answers every message uppercased (Spring Boot)" \
      org.opencontainers.image.version="${VERSION}"

# curl is needed by the HEALTHCHECK; eclipse-temurin's JRE images ship it, slimmer bases may not.
# A fixed, high UID/GID (not 1000: Ubuntu 24.04 images already have "ubuntu" there) suits runAsNonRoot.
RUN set -eux; \
    if ! command -v curl >/dev/null 2>&1; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl ca-certificates; \
        apt-get clean; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 upcase; \
    useradd --uid 10001 --gid upcase --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin upcase

WORKDIR /app
# Files stay owned by root: the application user can read but not modify them. The extracted layout (upcase.jar
# plus lib/) is what the AOT cache and class-data sharing need: the launcher's nested jars cannot be archived.
COPY --from=jar /build/extracted/dependencies/ ./
COPY --from=jar /build/extracted/spring-boot-loader/ ./
COPY --from=jar /build/extracted/snapshot-dependencies/ ./
COPY --from=jar /build/extracted/application/ ./

# application.properties binds both endpoints to loopback; inside a container they must listen on all
# interfaces, or published ports reach nothing. The JVM flags are set before the training run below, so that it
# records with the flags every start uses. Besides the heap's ceiling and the exit on OutOfMemoryError, they give
# an idle replica's memory back (docs/performance.md, "Idle memory"): start-up leaves a heap sized for the few
# hundred MB it allocated, so when no collection has run for 5 s G1 runs one concurrently (JEP 346; ignored by the
# serial collector that the JVM picks for a small pod) and, with the free-ratio bounds, shrinks the heap to what is
# live plus at most 30 %; no effect under load, where collections run anyway, and no measured cost per message.
ENV UPCASE_TCP_HOST=0.0.0.0 \
    SERVER_ADDRESS=0.0.0.0 \
    LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:G1PeriodicGCInterval=5000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

# A training run (the context starts, then exits) records what the application loads, and every start maps it
# instead of loading, verifying and linking those classes again (docs/performance.md, "Start-up and footprint",
# has the measured gain). On JDK 24+ that is an AOT cache (JEP 483/514/515: classes loaded and linked, plus method
# profiles on 25), on older JDKs a class-data-sharing archive; the flag that uses it goes to jvm.args, which the
# ENTRYPOINT reads. Both are only valid for these exact jars and this JVM; a JVM that cannot use one warns and
# starts without it. On JDKs that have it (21.0.1+, 22+), jvm.args also returns the C library's freed memory every
# 5 s (-XX:TrimNativeHeapInterval: start-up leaves some 30 MB of freed native memory in glibc's arenas); it is
# there, not in JAVA_TOOL_OPTIONS, because JDK 17 refuses the flag.
RUN set -eu; \
    training="-Dspring.context.exit=onRefresh -jar upcase.jar --upcase.tcp.port=0 --server.port=0 \
        --spring.security.user.password=training"; \
    flags="$(java -XX:+PrintFlagsFinal -version 2>/dev/null)"; \
    if echo "$flags" | grep -q ' AOTCacheOutput '; then \
        java -XX:AOTCacheOutput=upcase.aot $training > /dev/null; \
        echo "-XX:AOTCache=upcase.aot" > jvm.args; \
    else \
        java -XX:ArchiveClassesAtExit=upcase.jsa $training > /dev/null; \
        echo "-XX:SharedArchiveFile=upcase.jsa" > jvm.args; \
    fi; \
    if echo "$flags" | grep -q ' TrimNativeHeapInterval '; then \
        echo "-XX:TrimNativeHeapInterval=5000" >> jvm.args; \
    fi

USER 10001:10001
EXPOSE 8000 8080

# Liveness, not the whole health: a listener an operator paused or drained (Admin API) is not broken, and a
# container runtime that acts on "unhealthy" must not restart it for that. Shell form so that SERVER_PORT, if
# overridden, is honoured; "|| exit 1" maps every curl failure to "unhealthy" (exit status 2 is reserved).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/liveness" || exit 1

# SIGTERM (also the default, stated so that no base image changes it) starts the graceful shutdown: readiness
# goes DOWN, new connections are refused, open ones get up to upcase.tcp.shutdown-grace (20s) to be answered.
# Give the stop that long and more: `docker run --stop-timeout 30`, `docker stop -t 30`, Kubernetes'
# terminationGracePeriodSeconds (deploy/kubernetes); docker's default of 10s would SIGKILL a draining server.
STOPSIGNAL SIGTERM

# Exec form: the JVM is PID 1 and receives SIGTERM directly (graceful stop; exit status 143 is normal).
# Arguments after the image name are appended and reach the application, e.g. --upcase.tcp.framing=line;
# `client ...` runs the client CLI instead.
ENTRYPOINT ["java", "@/app/jvm.args", "-jar", "upcase.jar"]
