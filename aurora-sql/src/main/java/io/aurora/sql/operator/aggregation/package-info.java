/**
 * The per-aggregate state of hash aggregation: each {@link
 * io.aurora.sql.operator.aggregation.Accumulator} keeps one aggregate's state for all groups in
 * arrays indexed by group id and updates them in tight loops over a page's rows. {@link
 * io.aurora.sql.operator.aggregation.Accumulators} picks the implementation for an aggregate kind
 * and input type; each class documents its intermediate (PARTIAL) layout.
 */
@NullMarked
package io.aurora.sql.operator.aggregation;

import org.jspecify.annotations.NullMarked;
