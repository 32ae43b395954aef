/**
 * The SQL engine's entry point: {@link io.aurora.sql.engine.SqlEngine} runs a statement against a
 * catalog and returns rows or a command tag.
 */
@NullMarked
package io.aurora.sql.engine;

import org.jspecify.annotations.NullMarked;
