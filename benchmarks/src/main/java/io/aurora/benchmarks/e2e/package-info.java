/**
 * The end-to-end benchmark: Aurora (one node, over pgwire and gRPC) beside DuckDB (in-process) on
 * generated ClickBench-style, SSB and TPC-H data; load, queries with answer checks, freshness,
 * concurrency and JFR profiles. Entry point {@link io.aurora.benchmarks.e2e.EndToEnd}, run by
 * {@code benchmarks/run-e2e.sh}.
 */
@NullMarked
package io.aurora.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
