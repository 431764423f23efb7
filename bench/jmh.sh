#!/usr/bin/env bash
# jmh.sh: the transform's micro-benchmark (JMH): ns per message by kind of text and size.
#   bench/jmh.sh [JMH options, e.g. -f 1 -wi 3 -i 5 -p size=32]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  UppercaseTransformerBenchmark "$@"
