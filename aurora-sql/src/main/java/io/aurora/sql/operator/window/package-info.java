/**
 * The window operator: it sorts its input by partition and order keys and appends one column per
 * window function (ranking and distribution functions, LAG and LEAD, value functions and aggregates
 * over ROWS and RANGE frames), described by {@link
 * io.aurora.sql.operator.window.WindowFunctionSpec}; {@code FrameBounds} computes the frames.
 */
@NullMarked
package io.aurora.sql.operator.window;

import org.jspecify.annotations.NullMarked;
