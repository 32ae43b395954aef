package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import java.net.SocketAddress;

/**
 * What the server knows about a connecting client before it authenticates: the user and database it
 * asked for, where it connects from, and whether the connection is encrypted with TLS.
 */
public record ClientConnection(
    String user, String database, SocketAddress remoteAddress, boolean isEncrypted) {
  public ClientConnection {
    requireNonNull(user, "user is null");
    requireNonNull(database, "database is null");
    requireNonNull(remoteAddress, "remoteAddress is null");
  }
}
