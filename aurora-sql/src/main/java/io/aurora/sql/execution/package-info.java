/**
 * Local execution: {@link io.aurora.sql.execution.LocalExecutionPlanner} turns an optimized logical
 * plan into a tree of instrumented {@link io.aurora.sql.execution.PageStream}s over Aurora's
 * operators and storage scans.
 */
@NullMarked
package io.aurora.sql.execution;

import org.jspecify.annotations.NullMarked;
