/**
 * Aurora's data definition statements (CREATE TABLE with partitioning, sort key, shards,
 * distribution columns and replication factor, DROP TABLE, ALTER TABLE ADD COLUMN, SHOW TABLES,
 * DESCRIBE), parsed by a small parser of its own because Calcite's grammars do not know Aurora's
 * table clauses.
 */
@NullMarked
package io.aurora.sql.ddl;

import org.jspecify.annotations.NullMarked;
