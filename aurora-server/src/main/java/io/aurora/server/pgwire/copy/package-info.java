/**
 * COPY for the PostgreSQL wire protocol, free of the protocol itself: {@link
 * io.aurora.server.pgwire.copy.CopyStatementParser} reads the statement, {@link
 * io.aurora.server.pgwire.copy.CopyLoader} turns a stream of text or CSV bytes into pages staged in
 * a temporary shard and appends them to the table only when the whole input was read, and {@link
 * io.aurora.server.pgwire.copy.CopyRowEncoder} writes rows out as text or CSV lines.
 */
@NullMarked
package io.aurora.server.pgwire.copy;

import org.jspecify.annotations.NullMarked;
