#!/usr/bin/env bash
# jmh.sh: the micro-benchmarks (JMH), from the test classes.
#   bench/jmh.sh [BENCHMARK] [JMH options]
#     bench/jmh.sh -f 1 -wi 3 -i 5 -p size=32         the transform alone (UppercaseTransformerBenchmark), ns/message
#     bench/jmh.sh MessagePath                        the server's message path without sockets, stage by stage
#                                                    (MessagePathBenchmark: transform, metered transform, flow,
#                                                    gateway, whole connection pipeline), ns/message
# BENCHMARK is a JMH pattern (a class or method name); the default is UppercaseTransformerBenchmark.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
benchmark=UppercaseTransformerBenchmark
if [ $# -gt 0 ] && [[ $1 != -* ]]; then benchmark=$1; shift; fi
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  "$benchmark" "$@"
