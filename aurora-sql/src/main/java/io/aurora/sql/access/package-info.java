/**
 * Roles, privileges and ownership, PostgreSQL's model: {@link io.aurora.sql.access.AccessState} is
 * the replicated state, {@link io.aurora.sql.access.AccessChange} the statements that change it,
 * and {@link io.aurora.sql.access.AccessState#checkTable} what every door asks before a statement
 * runs.
 */
@NullMarked
package io.aurora.sql.access;

import org.jspecify.annotations.NullMarked;
