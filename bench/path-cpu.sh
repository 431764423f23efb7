#!/usr/bin/env bash
# path-cpu.sh: the server's message path without sockets (src/test/java/dev/upcase/server/tcp/MessagePathBenchmark:
# transform, metered transform, flow, gateway, whole connection pipeline), in CPU time per message of the thread
# that runs it (MessagePathCpu): unlike JMH's wall-clock figures, a machine shared with other work does not inflate
# it. Rounds alternate the stages; medians and quartiles over rounds.
#   bench/path-cpu.sh [ROUNDS (30)] [OPS_PER_BATCH (200000)] [STAGES, e.g. flow,gateway (all)]      JAVA: the java to run it with (default: on PATH)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
exec "${JAVA:-java}" -Xms256m -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.upcase.server.tcp.MessagePathCpu "$@"
