/**
 * Aurora's vectorized operators: each consumes and produces {@link io.aurora.storage.block.Page}s
 * through the {@link io.aurora.sql.operator.Operator} protocol, with shared value semantics in
 * {@link io.aurora.sql.operator.BlockValues} and memory accounting in {@link
 * io.aurora.sql.operator.MemoryContext}.
 */
@NullMarked
package io.aurora.sql.operator;

import org.jspecify.annotations.NullMarked;
