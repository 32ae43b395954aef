/**
 * The PostgreSQL wire protocol (version 3) over Netty: {@link io.aurora.server.pgwire.PgWireServer}
 * accepts connections, and each connection is a session that runs its statements on the shared
 * {@code SqlEngine}, in transaction blocks of its own ({@link
 * io.aurora.server.pgwire.SessionTransaction}). Clients such as pgjdbc, psql and psycopg connect to
 * it as to PostgreSQL.
 */
@NullMarked
package io.aurora.server.pgwire;

import org.jspecify.annotations.NullMarked;
