package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;

/**
 * Admits one user name without a password and refuses every other one with 28000. This is the
 * default when no users file is configured; bind the server to loopback unless the network is
 * trusted.
 */
public final class TrustAuthenticator implements Authenticator {
  private final String user;

  public TrustAuthenticator(String user) {
    this.user = requireNonNull(user, "user is null");
  }

  /** Whether this authenticator admits {@code name}. */
  public boolean admits(String name) {
    return user.equals(name);
  }

  @Override
  public AuthenticationMethod select(ClientConnection connection) {
    if (!connection.user().equals(user)) {
      throw new AuroraException(
          ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION,
          "Role[" + connection.user() + "] does not exist");
    }
    return new AuthenticationMethod.Trust();
  }
}
