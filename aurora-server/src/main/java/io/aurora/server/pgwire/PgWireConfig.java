package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the PostgreSQL wire protocol endpoint.
 *
 * <ul>
 *   <li>{@code pgwire.database} ({@code aurora}): the one database name clients may connect to; any
 *       other fails with SQLSTATE 3D000. Change it when clients are configured for another name.
 *   <li>{@code pgwire.user} ({@code aurora}): the one user name accepted; any other fails with
 *       28000. Authentication is trust: there is no password, so bind to loopback unless the
 *       network is trusted.
 * </ul>
 */
public record PgWireConfig(String database, String user) {
  public static final PgWireConfig DEFAULT = new PgWireConfig("aurora", "aurora");

  public PgWireConfig {
    requireNonNull(database, "database is null");
    requireNonNull(user, "user is null");
    if (database.isEmpty()) {
      throw new IllegalArgumentException("pgwire.database must not be empty");
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException("pgwire.user must not be empty");
    }
  }

  public PgWireConfig withDatabase(String database) {
    return new PgWireConfig(database, user);
  }

  public PgWireConfig withUser(String user) {
    return new PgWireConfig(database, user);
  }
}
