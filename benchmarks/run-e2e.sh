#!/usr/bin/env bash
# The end-to-end benchmark, Aurora beside DuckDB (see benchmarks/README.md):
#   benchmarks/run-e2e.sh [--quick] [--name=value ...]     (--help lists the settings)
# Builds aurora-server and the benchmarks jar (mvn package, never install), then runs
# io.aurora.benchmarks.e2e.EndToEnd, which generates the data sets, starts a node with
# deploy/aurora, loads and queries both engines and writes benchmarks/RESULTS.md and
# benchmarks/RESULTS.json (--quick: benchmarks/target/e2e/RESULTS-quick.{md,json}).
# Environment: JAVA_HOME selects the JDK for the build, the runner and the node.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="$(command -v java)"
fi

(cd "$root" && mvn -B -q -Dstyle.color=never -DskipTests -pl aurora-server,benchmarks -am package)
touch "$root"/aurora-server/target/aurora-server-*.jar

flags=(--add-opens=java.base/java.nio=ALL-UNNAMED -Xmx4g -Duser.timezone=UTC)
release="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ "${release:-17}" -ge 22 ]]; then
  # DuckDB, lz4-java and zstd-jni load native libraries, which JDK 22+ warns about unless allowed.
  flags+=(--enable-native-access=ALL-UNNAMED)
fi
if [[ "${release:-17}" -ge 24 ]]; then
  # Netty and Arrow (the gRPC writer) use sun.misc.Unsafe's memory access.
  flags+=(--sun-misc-unsafe-memory-access=allow)
fi
cd "$root"
exec "$java" "${flags[@]}" -Daurora.repository="$root" \
  -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.e2e.EndToEnd "$@"
