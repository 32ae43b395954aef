package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.ScramCredentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/** How one connection authenticates, as chosen by an {@link Authenticator}. */
public sealed interface AuthenticationMethod {
  /** No proof needed: the client is who it says it is (PostgreSQL's {@code trust}). */
  record Trust() implements AuthenticationMethod {}

  /**
   * A SCRAM-SHA-256 exchange against {@code credentials}. When {@code isKnownUser} is false the
   * credentials are made up and the exchange fails at its end with the same error as a wrong
   * password, so a client cannot tell unknown users from wrong passwords.
   */
  record ScramSha256(ScramCredentials credentials, boolean isKnownUser)
      implements AuthenticationMethod {
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramSha256 {
      requireNonNull(credentials, "credentials is null");
    }

    /** The exchange of a user that has credentials. */
    public static ScramSha256 knownUser(ScramCredentials credentials) {
      return new ScramSha256(credentials, true);
    }

    /**
     * The exchange of a user without credentials. The salt is derived from the user name and {@code
     * secret}, a random value the authenticator keeps for its lifetime, so that repeated attempts
     * for one user see the same salt, as they would for a real user.
     */
    public static ScramSha256 unknownUser(String user, byte[] secret) {
      requireNonNull(user, "user is null");
      byte[] salt =
          Arrays.copyOf(
              ScramCredentials.hmac(secret, user.getBytes(StandardCharsets.UTF_8)),
              ScramCredentials.SALT_BYTES);
      byte[] storedKey = new byte[32];
      byte[] serverKey = new byte[32];
      RANDOM.nextBytes(storedKey);
      RANDOM.nextBytes(serverKey);
      return new ScramSha256(
          new ScramCredentials(ScramCredentials.DEFAULT_ITERATIONS, salt, storedKey, serverKey),
          false);
    }
  }
}
