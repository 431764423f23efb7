#!/usr/bin/env bash
# Start-up and footprint of the packaged jar: time from launching the JVM to the first TCP reply, and the RSS
# 5 s later (idle), for several ways of running it, interleaved over rounds; prints each run and the medians.
# (docs/performance.md, "Start-up and footprint", has the figures and how they were made.)
#
#   bench/startup.sh [ROUNDS] [VARIANT...]     e.g. bench/startup.sh 5            (all variants, 5 rounds)
#                                                   bench/startup.sh 3 jdk17 jdk25-aot
#
# Variants (JDK 25 from JDK25_HOME, default /usr/lib/jvm/temurin-25-jdk-amd64):
#   jdk17            java -jar upcase.jar (JDK 17, the JVM's defaults)
#   jdk17-small      the same with -XX:+UseSerialGC -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=64m
#   jdk17-cds        extracted jar + a CDS archive from a training run (what the image does on JDK 17)
#   jdk17-cds-small  both
#   jdk25            java -jar on JDK 25
#   jdk25-aot        extracted jar + JDK 25's AOT cache (JEP 483/514/515) from a training run
#   jdk25-aot-small  both
#   spring-aot       JDK 17, -Dspring.aot.enabled=true, on a jar built with Spring AOT (process-aot) given as
#                    SPRING_AOT_JAR (not the project's default build; docs/performance.md says how it was made)
#   spring-aot-25    that jar extracted, on JDK 25 with an AOT cache from a training run with Spring AOT on
# A variant may carry extra options after its name, in one argument: JVM options (-X..., -D...) go before -jar,
# the others to the application, e.g. 'jdk25-aot --spring.main.web-application-type=none' (the management side
# off) or 'jdk25-aot -XX:+UseSerialGC'.
#
# Per run: wall time from launching the JVM to the first reply; the JVM's CPU time (user + system, all threads)
# until then, which a machine shared with other work inflates much less than the wall time; and, 5 s later (idle),
# its RSS and threads.
# Ports: TCP_PORT (38000), HTTP_PORT (38080). The jar: UPCASE_JAR, default target/upcase.jar (./mvnw -B package
# -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

JAR=$(readlink -f "${UPCASE_JAR:-target/upcase.jar}")
ROUNDS=${1:-5}
shift || true
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(jdk17 jdk17-small jdk17-cds jdk17-cds-small jdk25 jdk25-aot jdk25-aot-small)
TCP_PORT=${TCP_PORT:-38000}
HTTP_PORT=${HTTP_PORT:-38080}
JDK17=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/java
JDK25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
SMALL=(-XX:+UseSerialGC -Xmx256m -Xss512k -XX:ReservedCodeCacheSize=64m)
APP_ARGS=(--upcase.tcp.port="$TCP_PORT" --server.port="$HTTP_PORT" --spring.security.user.password=startup)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The extracted layout (upcase.jar + lib/) that CDS and the AOT cache need, and one training run per JDK: the
# context starts and exits at once (spring.context.exit=onRefresh), the JVM records what it loaded.
prepare() {
  "$JDK17" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
  [ "$(basename "$JAR")" = upcase.jar ] || mv "$WORK/app/$(basename "$JAR")" "$WORK/app/upcase.jar"
  (cd "$WORK/app" && "$JDK17" -XX:ArchiveClassesAtExit=app17.jsa -Dspring.context.exit=onRefresh -jar upcase.jar \
      --upcase.tcp.port=0 --server.port=0 --spring.security.user.password=training >/dev/null 2>&1)
  (cd "$WORK/app" && "$JDK25" -XX:AOTCacheOutput=app25.aot -Dspring.context.exit=onRefresh -jar upcase.jar \
      --upcase.tcp.port=0 --server.port=0 --spring.security.user.password=training >/dev/null 2>&1)
  ls -la "$WORK/app"/app17.jsa "$WORK/app"/app25.aot | awk '{ printf "training: %s %d MB\n", $NF, $5 / 1048576 }' >&2
  if [[ " ${VARIANTS[*]} " == *" spring-aot-25"* ]]; then
    "$JDK17" -Djarmode=tools -jar "${SPRING_AOT_JAR:?set SPRING_AOT_JAR}" extract --destination "$WORK/saot" >/dev/null
    [ "$(basename "$SPRING_AOT_JAR")" = upcase.jar ] || mv "$WORK/saot/$(basename "$SPRING_AOT_JAR")" "$WORK/saot/upcase.jar"
    "$JDK25" -Dspring.aot.enabled=true -XX:AOTCacheOutput="$WORK/saot/app25.aot" -Dspring.context.exit=onRefresh \
      -jar "$WORK/saot/upcase.jar" --upcase.tcp.port=0 --server.port=0 --spring.security.user.password=training \
      >/dev/null 2>&1
  fi
}

command_of() { # the command line of a variant: its base, then its own JVM options
  local base=${1%% *} extra=() opt
  # shellcheck disable=SC2206
  [[ $1 == *" "* ]] && extra=(${1#* })
  for opt in "${extra[@]}"; do [[ $opt == --* ]] || JVM_EXTRA+=("$opt"); done
  command_base "$base"
}
app_extra() { # the application arguments of a variant
  local extra=() opt
  # shellcheck disable=SC2206
  [[ $1 == *" "* ]] && extra=(${1#* })
  for opt in "${extra[@]}"; do [[ $opt != --* ]] || echo "$opt"; done
}
command_base() {
  case "$1" in
    jdk17) echo "$JDK17" -jar "$JAR" ;;
    jdk17-small) echo "$JDK17" "${SMALL[@]}" -jar "$JAR" ;;
    jdk17-cds) echo "$JDK17" -XX:SharedArchiveFile=app17.jsa -jar upcase.jar ;;
    jdk17-cds-small) echo "$JDK17" "${SMALL[@]}" -XX:SharedArchiveFile=app17.jsa -jar upcase.jar ;;
    jdk25) echo "$JDK25" -jar "$JAR" ;;
    jdk25-aot) echo "$JDK25" -XX:AOTCache=app25.aot -jar upcase.jar ;;
    jdk25-aot-small) echo "$JDK25" "${SMALL[@]}" -XX:AOTCache=app25.aot -jar upcase.jar ;;
    spring-aot) echo "$JDK17" -Dspring.aot.enabled=true -jar "${SPRING_AOT_JAR:?set SPRING_AOT_JAR}" ;;
    spring-aot-25) echo "$JDK25" -Dspring.aot.enabled=true -XX:AOTCache="$WORK/saot/app25.aot" -jar "$WORK/saot/upcase.jar" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

first_reply() { # wait for "bith" -> "BITH" on the TCP port
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

run_once() { # run_once VARIANT: prints "ms cpu_ms rss_mb threads"
  local t0 ms pid rss cpu threads cmd app=()
  JVM_EXTRA=()
  command_of "$1" >/dev/null
  # shellcheck disable=SC2207
  cmd=($(command_of "$1"))
  mapfile -t app < <(app_extra "$1")
  t0=$(now_ms)
  (cd "$WORK/app" && exec "${cmd[0]}" "${JVM_EXTRA[@]}" "${cmd[@]:1}" "${APP_ARGS[@]}" "${app[@]}") \
    >"$WORK/run.log" 2>&1 &
  pid=$!
  timeout 120 bash -c "$(declare -f first_reply); TCP_PORT=$TCP_PORT first_reply" || { echo "no reply" >&2; kill "$pid"; return 1; }
  ms=$(( $(now_ms) - t0 ))
  cpu=$(awk '{ sub(/.*\) /, ""); print ($12 + $13) * 10 }' "/proc/$pid/stat") # utime + stime, ticks of 10 ms
  sleep 5
  rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ms $cpu $rss $threads"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

prepare
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$ROUNDS"); do
  for variant in "${VARIANTS[@]}"; do
    result=$(run_once "$variant") || continue
    echo "$round|$variant|$result" | tee -a "$WORK/results"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo
echo "| variant | first reply, ms (median of $ROUNDS) | CPU until then, ms | idle RSS, MB | threads |"
echo "|---|---:|---:|---:|---:|"
column() { awk -F'|' -v v="$1" -v c="$2" '$2 == v { split($3, f, " "); print f[c] }' "$WORK/results" | median; }
for variant in "${VARIANTS[@]}"; do
  echo "| $variant | $(column "$variant" 1) | $(column "$variant" 2) | $(column "$variant" 3) | $(column "$variant" 4) |"
done
