/**
 * Predicates that storage evaluates itself: {@link io.aurora.storage.predicate.ColumnPredicate}
 * (comparisons, BETWEEN, IN, IS [NOT] NULL, LIKE 'prefix%'), the per-block {@link
 * io.aurora.storage.predicate.BlockStatistics} that {@link
 * io.aurora.storage.predicate.StatisticsCollector} computes and merges, and {@link
 * io.aurora.storage.predicate.PredicateEvaluator}, which filters blocks into selection vectors and
 * decides from statistics which data to skip. The per-type loops are package-private kernels.
 */
@NullMarked
package io.aurora.storage.predicate;

import org.jspecify.annotations.NullMarked;
