/**
 * Deterministic generators of benchmark data sets (ClickBench's {@code hits}) and the tests that
 * run the benchmarks' queries differentially against DuckDB.
 */
package io.aurora.sql.datasets;
