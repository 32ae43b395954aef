/**
 * Deterministic generators of the benchmark data sets (TPC-H, the Star Schema Benchmark and
 * ClickBench's {@code hits}), generated from a seed on every run and never committed, and the tests
 * that run the benchmarks' queries differentially against DuckDB.
 */
package io.aurora.sql.datasets;
