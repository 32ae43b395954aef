/**
 * JMH benchmarks of the SQL operators' hot kernels over pre-built pages: hash aggregation and the
 * hash join probe, each beside a hand-written primitive open-addressing loop doing the same work
 * (the ceiling), measured in the same run. {@code benchmarks/README.md} has the commands.
 */
package io.aurora.benchmarks.operator;
