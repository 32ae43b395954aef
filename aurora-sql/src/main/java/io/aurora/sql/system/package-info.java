/**
 * PostgreSQL's system schemas as Aurora tables: {@code pg_catalog} and {@code information_schema},
 * built from the {@link io.aurora.sql.catalog.Catalog} when a statement is planned, so that psql's
 * meta-commands and the drivers' metadata calls (pgjdbc, psycopg, node-postgres) see Aurora's
 * tables; and Aurora's own {@code system} schema, with the cluster's nodes and shard replicas.
 * {@link io.aurora.sql.system.SystemSchemas} is the entry point.
 */
@NullMarked
package io.aurora.sql.system;

import org.jspecify.annotations.NullMarked;
