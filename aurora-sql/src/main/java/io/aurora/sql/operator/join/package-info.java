/**
 * The hash join: {@link io.aurora.sql.operator.join.HashBuilderOperator} consumes the build side
 * into a {@link io.aurora.sql.operator.join.JoinHashTable} and publishes it through a {@link
 * io.aurora.sql.operator.join.JoinBridge}; {@link io.aurora.sql.operator.join.LookupJoinOperator}
 * streams the probe side against it for every {@link io.aurora.sql.operator.JoinType}, with an
 * optional residual filter, and falls back to a nested loop when there are no equality keys.
 */
@NullMarked
package io.aurora.sql.operator.join;

import org.jspecify.annotations.NullMarked;
