#!/usr/bin/env bash
# Builds the client's class-data cache for target/upcase.jar into target/client-cds, at `package` time (pom.xml),
# so that the first `bin/upcase client` call after a build is as quick as every later one: bin/upcase uses this cache
# when it belongs to the jar and the java it runs (otherwise it builds its own in ~/.cache/upcase on first use).
#
# The cache is what bin/upcase makes on a first call: the jar extracted, and the classes of a whole call archived
# (-XX:ArchiveClassesAtExit). So this makes one real call, with bin/upcase's own code and JVM options, against
# TrainingServer.java (a loopback stand-in that answers uppercased and starts in a second). Best effort: a build
# where it fails says so and goes on; the client then builds its cache on first use, as before.
set -uo pipefail
home="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cds="$home/target/client-cds"
rm -rf "$cds"
if [[ ! -x "$home/bin/upcase" ]]; then
  exit 0 # a build without the scripts (the container image's build stage): nobody to use the cache
fi
mkdir -p "$cds"
port_file="$cds/training.port"
java "$home/src/build/TrainingServer.java" "$port_file" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -f "$port_file"' EXIT
for _ in $(seq 600); do
  [[ -s "$port_file" ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [[ ! -s "$port_file" ]]; then
  echo "client class-data: the training server did not start; the client builds its cache on first use" >&2
  exit 0
fi
if reply="$(UPCASE_CACHE="$cds" "$home/bin/upcase" client \
    --port "$(cat "$port_file")" --message bith 2>&1)" && [[ "$reply" == BITH ]] && ls "$cds"/client-*/client.jsa >/dev/null 2>&1; then
  echo "client class-data: $(ls -d "$cds"/client-*) ($(du -sh "$cds" | cut -f1))"
else
  echo "client class-data: the training call failed ($reply); the client builds its cache on first use" >&2
  rm -rf "$cds"
fi
exit 0
