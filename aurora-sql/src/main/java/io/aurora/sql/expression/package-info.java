/**
 * Scalar expressions compiled from Calcite's {@code RexNode}s into vectorized {@link
 * io.aurora.sql.expression.Expression}s that evaluate a page at a time over primitive arrays.
 */
@NullMarked
package io.aurora.sql.expression;

import org.jspecify.annotations.NullMarked;
