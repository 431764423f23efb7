#!/usr/bin/env bash
# build.sh: what the benchmark scripts run, built once into $BENCH_WORK/build (default /tmp/upcase-bench/build):
# target/upcase.jar (packaged if missing or older than the sources), the load generator (bench/LoadGen.java) and
# the two reference servers (bench/ref/NettyUpper.java against the Netty jars inside the upcase jar, and
# bench/ref/epoll_upper.c). Sourced by compare.sh and cpu.sh; sets $jar, $build and $netty_cp.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$repo/target/upcase.jar
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$repo" && ./mvnw -B -q package -DskipTests) >&2
fi
build=${BENCH_WORK:-/tmp/upcase-bench}/build
mkdir -p "$build"
if [ ! -f "$build/LoadGen.class" ] || [ "$repo/bench/LoadGen.java" -nt "$build/LoadGen.class" ]; then
  javac -d "$build" "$repo/bench/LoadGen.java"
fi
if [ ! -x "$build/epoll_upper" ] || [ "$repo/bench/ref/epoll_upper.c" -nt "$build/epoll_upper" ]; then
  cc -O2 -Wall -o "$build/epoll_upper" "$repo/bench/ref/epoll_upper.c"
fi
if [ ! -f "$build/NettyUpper.class" ] || [ "$repo/bench/ref/NettyUpper.java" -nt "$build/NettyUpper.class" ] \
    || [ "$jar" -nt "$build/NettyUpper.class" ]; then
  rm -rf "$build/netty" && mkdir -p "$build/netty"
  (cd "$build/netty" && jar xf "$jar" $(jar tf "$jar" | grep '^BOOT-INF/lib/netty-'))
  javac -d "$build" -cp "$(ls -d "$build"/netty/BOOT-INF/lib/*.jar | paste -sd:)" "$repo/bench/ref/NettyUpper.java"
fi
netty_cp="$(ls -d "$build"/netty/BOOT-INF/lib/*.jar | paste -sd:):$build"
