#!/usr/bin/env bash
# Runs the storage benchmarks and the size report with one JVM and keeps the outputs.
# Usage (from the repository root, after building the jar, see benchmarks/README.md):
#   benchmarks/run-storage.sh [path/to/java] [extra JMH options...]
# Outputs go to benchmarks/target/results-<java feature version>/: jmh.json, jmh.txt, size.md.
set -euo pipefail
java_bin="${1:-java}"
shift || true
jar="benchmarks/target/aurora-benchmarks.jar"
version="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
out="benchmarks/target/results-jdk${version}"
mkdir -p "$out"
flags=(--add-opens=java.base/java.nio=ALL-UNNAMED)
"$java_bin" "${flags[@]}" -cp "$jar" io.aurora.benchmarks.storage.SegmentSizeReport | tee "$out/size.md"
"$java_bin" "${flags[@]}" -jar "$jar" 'io.aurora.benchmarks.storage' \
  -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc "$@" \
  -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
