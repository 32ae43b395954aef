package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Role;
import io.aurora.sql.access.ScramCredentials;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * Authenticates the roles of the replicated catalog with SCRAM-SHA-256 against their stored
 * verifiers, and every other name through the node's bootstrap authenticator (the users file, or
 * trust for {@code pgwire.user}). A role that may not log in now (NOLOGIN, no password, or a
 * password past its VALID UNTIL) runs the same failing exchange as an unknown user, so a client
 * cannot tell which of these it met: every failure is 28P01 after the exchange. With trust as the
 * bootstrap, other names are refused with 28000 while the catalog has no roles (as before roles
 * existed), and with the same failing exchange once it has some. It runs on the network event loop
 * and so reads the catalog's state as it is ({@code Catalog.accessNow()}), without waiting for
 * changes committed a moment ago: a session of a role dropped that moment ends at its first
 * message, which checks with the wait.
 */
public final class CatalogAuthenticator implements Authenticator {
  private final Supplier<AccessState> access;
  private final Authenticator bootstrap;
  private final byte[] mockSecret = new byte[32];

  public CatalogAuthenticator(Supplier<AccessState> access, Authenticator bootstrap) {
    this.access = requireNonNull(access, "access is null");
    this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
    new SecureRandom().nextBytes(mockSecret);
  }

  @Override
  public AuthenticationMethod select(ClientConnection connection) {
    AccessState state = access.get();
    Role role = state.role(connection.user());
    if (role == null) {
      if (bootstrap instanceof TrustAuthenticator trust
          && !trust.admits(connection.user())
          && !state.roles().isEmpty()) {
        // Once roles exist, a name that is none of them fails like a wrong password, not with
        // "role does not exist", which would tell which role names exist.
        return AuthenticationMethod.ScramSha256.unknownUser(connection.user(), mockSecret);
      }
      return bootstrap.select(connection);
    }
    String verifier = role.verifier();
    boolean isExpired =
        role.validUntilMicros() > 0 && System.currentTimeMillis() * 1000 > role.validUntilMicros();
    if (!role.canLogin() || verifier == null || isExpired) {
      return AuthenticationMethod.ScramSha256.unknownUser(connection.user(), mockSecret);
    }
    return AuthenticationMethod.ScramSha256.knownUser(ScramCredentials.parse(verifier));
  }
}
