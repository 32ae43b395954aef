/**
 * Who may connect: the {@link io.aurora.server.auth.Authenticator} hook that decides per connection
 * how a client proves its identity, trust and SCRAM-SHA-256 (RFC 5802, RFC 7677) implementations of
 * it, and the {@code hash-password} command that writes users-file lines. Wire protocols drive the
 * exchanges; nothing here knows about sockets or message framing.
 */
@NullMarked
package io.aurora.server.auth;

import org.jspecify.annotations.NullMarked;
