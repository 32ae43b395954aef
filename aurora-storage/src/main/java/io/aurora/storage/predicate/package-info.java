/**
 * Predicates that storage evaluates itself: {@link io.aurora.storage.predicate.ColumnPredicate}
 * (comparisons, BETWEEN, IN, IS [NOT] NULL, LIKE 'prefix%'), the per-block {@link
 * io.aurora.storage.predicate.BlockStatistics} used to skip data, and the kernels that filter
 * blocks into selection vectors.
 */
@NullMarked
package io.aurora.storage.predicate;

import org.jspecify.annotations.NullMarked;
