/**
 * <<<<<<< HEAD Deterministic generators of the standard benchmark data sets (TPC-H and the Star
 * Schema Benchmark) for differential tests and benchmarks. Data is generated from a seed on every
 * run and never committed. ======= Deterministic generators of benchmark data sets (ClickBench's
 * {@code hits}) and the tests that run the benchmarks' queries differentially against DuckDB.
 * >>>>>>> clickbench
 */
package io.aurora.sql.datasets;
