/**
 * Planning with Apache Calcite: Aurora's catalog as a Calcite schema, the PostgreSQL-flavoured
 * parser and type system, the function table, and the rule passes that produce the logical plan
 * Aurora executes ({@link io.aurora.sql.planner.SqlPlanner}).
 */
@NullMarked
package io.aurora.sql.planner;

import org.jspecify.annotations.NullMarked;
