#!/usr/bin/env bash
# spring-aot-jar.sh [OUT]: builds upcase with Spring AOT (process-aot: the bean definitions generated as code at
# build time) from the checked-out commit, in a scratch worktree, and writes the jar to OUT (default
# /tmp/upcase-bench/upcase-spring-aot.jar). It is for measuring only: bench/startup.sh's spring-aot and spring-aot-25
# variants take it as SPRING_AOT_JAR, e.g.
#
#   SPRING_AOT_JAR=$(bench/spring-aot-jar.sh) bench/startup.sh 5 jdk25-aot spring-aot-25
#
# The project does not build this way: Spring AOT decides every @Conditional at build time, so settings that choose
# beans at run time (upcase.unix.path, upcase.udp.enabled, management.server.port, the endpoints' exposure, ...)
# would be silently ignored by such a jar (docs/performance.md, "Spring AOT"). The jar runs as usual unless started
# with -Dspring.aot.enabled=true.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-${BENCH_WORK:-/tmp/upcase-bench}/upcase-spring-aot.jar}
mkdir -p "$(dirname "$out")"
tree=$(mktemp -d)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git worktree add --detach "$tree" HEAD >/dev/null 2>&1
(
  cd "$tree"
  # the server's application class, not the jar's start class (dev.upcase.Upcase, which also runs the client)
  ./mvnw -B -q -DskipTests -DskipClientCds -Dstart-class=dev.upcase.server.UpcaseServerApplication \
    compile spring-boot:process-aot
  ./mvnw -B -q -DskipTests jar:jar spring-boot:repackage
) >&2
cp "$tree/target/upcase.jar" "$out"
echo "$out"
