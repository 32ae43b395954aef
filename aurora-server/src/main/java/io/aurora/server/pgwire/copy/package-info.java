/**
 * COPY for the PostgreSQL wire protocol, free of the protocol itself: {@link
 * io.aurora.server.pgwire.copy.CopyStatementParser} reads the statement, {@link
 * io.aurora.server.pgwire.copy.CopyLoader} turns a stream of text or CSV bytes into pages appended
 * to one write transaction that commits only when the whole input was read, and {@link
 * io.aurora.server.pgwire.copy.CopyRowEncoder} writes rows out as text or CSV lines.
 */
@NullMarked
package io.aurora.server.pgwire.copy;

import org.jspecify.annotations.NullMarked;
