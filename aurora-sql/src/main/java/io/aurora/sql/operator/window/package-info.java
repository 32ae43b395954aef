/**
 * The window operator: it sorts its input by partition and order keys and appends one column per
 * window function (ranking functions and aggregates over ROWS and RANGE frames), described by
 * {@link io.aurora.sql.operator.window.WindowFunctionSpec}.
 */
@NullMarked
package io.aurora.sql.operator.window;

import org.jspecify.annotations.NullMarked;
