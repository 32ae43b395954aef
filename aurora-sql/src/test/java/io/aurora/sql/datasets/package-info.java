/**
 * Deterministic generators of the standard benchmark data sets (TPC-H and the Star Schema
 * Benchmark) for differential tests and benchmarks. Data is generated from a seed on every run and
 * never committed.
 */
package io.aurora.sql.datasets;
