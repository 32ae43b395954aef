package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.planner.IntervalLiterals;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the PostgreSQL wire protocol endpoint and of who may connect to it.
 *
 * <ul>
 *   <li>{@code pgwire.database} ({@code aurora}): the one database name clients may connect to; any
 *       other fails with SQLSTATE 3D000. Change it when clients are configured for another name.
 *   <li>{@code pgwire.user} ({@code aurora}): the one user name accepted when there is no users
 *       file; any other fails with 28000. Authentication is then trust: there is no password, so
 *       bind to loopback unless the network is trusted. It cannot be combined with {@code
 *       auth.users-file}, which names the users itself.
 *   <li>{@code pgwire.tls.cert-file} (none): a PEM file with the server's certificate chain, leaf
 *       first. With it (and {@code pgwire.tls.key-file}) the server accepts TLS when a client asks
 *       (SSLRequest, {@code sslmode=prefer} or stronger); without it the server declines and
 *       clients talk in plain text. Set it whenever passwords or data cross a network you do not
 *       trust; TLS costs a handshake per connection and some CPU per byte.
 *   <li>{@code pgwire.tls.key-file} (none): the PEM file with the certificate's unencrypted private
 *       key in PKCS#8 form ({@code BEGIN PRIVATE KEY}; convert a PKCS#1 key with {@code openssl
 *       pkcs8 -topk8 -nocrypt}). Required with {@code pgwire.tls.cert-file}; keep it readable only
 *       by the server's account.
 *   <li>{@code pgwire.tls.required} ({@code false}): refuse clients that do not use TLS with 28000
 *       "TLS is required". Off by default so that local tools work unchanged; turn it on when a
 *       certificate is configured and no client should fall back to plain text. Needs {@code
 *       pgwire.tls.cert-file}.
 *   <li>{@code auth.users-file} (none): a file of users and their SCRAM-SHA-256 verifiers, one
 *       {@code name:SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} line each (print one
 *       with {@code aurora hash-password NAME}; {@code #} starts a comment). With it every
 *       connection must authenticate with SCRAM-SHA-256 as one of these users (28P01 otherwise);
 *       without it authentication is trust for {@code pgwire.user}. The file is read at start.
 *       Roles created with {@code CREATE ROLE ... LOGIN PASSWORD} log in with SCRAM-SHA-256 either
 *       way; the users of this file (and {@code pgwire.user}) are superusers.
 *   <li>{@code auth.authentication-timeout} ({@code 60s}, PostgreSQL's {@code
 *       authentication_timeout}): a connection that has not completed its login by then is closed,
 *       so that silent clients cannot hold connections open.
 *   <li>{@code auth.max-failed-logins} ({@code 10}): failed logins allowed per client address and
 *       minute, over the PostgreSQL protocol and HTTP together; past them the address is refused
 *       (28000, HTTP 429) until the minute ends. Each failure is logged with the address and user.
 *       0 turns the limit off.
 * </ul>
 */
public record PgWireConfig(
    String database,
    String user,
    @Nullable Path tlsCertFile,
    @Nullable Path tlsKeyFile,
    boolean isTlsRequired,
    @Nullable Path usersFile,
    Duration authenticationTimeout,
    int maxFailedLogins) {
  public static final String DATABASE = "pgwire.database";
  public static final String USER = "pgwire.user";
  public static final String TLS_CERT_FILE = "pgwire.tls.cert-file";
  public static final String TLS_KEY_FILE = "pgwire.tls.key-file";
  public static final String TLS_REQUIRED = "pgwire.tls.required";
  public static final String USERS_FILE = "auth.users-file";
  public static final String AUTHENTICATION_TIMEOUT = "auth.authentication-timeout";
  public static final String MAX_FAILED_LOGINS = "auth.max-failed-logins";

  public static final PgWireConfig DEFAULT =
      new PgWireConfig("aurora", "aurora", null, null, false, null, Duration.ofSeconds(60), 10);

  public PgWireConfig {
    requireNonNull(database, "database is null");
    requireNonNull(user, "user is null");
    if (database.isEmpty()) {
      throw invalid(DATABASE, "must not be empty");
    }
    if (user.isEmpty()) {
      throw invalid(USER, "must not be empty");
    }
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw invalid(
          tlsCertFile == null ? TLS_CERT_FILE : TLS_KEY_FILE,
          "must be set together with " + (tlsCertFile == null ? TLS_KEY_FILE : TLS_CERT_FILE));
    }
    if (isTlsRequired && tlsCertFile == null) {
      throw invalid(TLS_REQUIRED, "needs " + TLS_CERT_FILE + " and " + TLS_KEY_FILE);
    }
    requireNonNull(authenticationTimeout, "authenticationTimeout is null");
    if (authenticationTimeout.isNegative() || authenticationTimeout.isZero()) {
      throw invalid(AUTHENTICATION_TIMEOUT, "must be positive");
    }
    if (maxFailedLogins < 0) {
      throw invalid(MAX_FAILED_LOGINS, "must not be negative");
    }
  }

  /**
   * Reads the settings named above from {@code properties}, which holds the node's {@code pgwire.*}
   * and {@code auth.*} settings; absent ones take their defaults. An unknown name or a bad value
   * fails with {@code INVALID_PARAMETER_VALUE} naming the setting.
   */
  public static PgWireConfig fromProperties(Map<String, String> properties) {
    requireNonNull(properties, "properties is null");
    for (String name : properties.keySet()) {
      if (!name.equals(DATABASE)
          && !name.equals(USER)
          && !name.equals(TLS_CERT_FILE)
          && !name.equals(TLS_KEY_FILE)
          && !name.equals(TLS_REQUIRED)
          && !name.equals(USERS_FILE)
          && !name.equals(AUTHENTICATION_TIMEOUT)
          && !name.equals(MAX_FAILED_LOGINS)) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Setting["
                + name
                + "] is unknown; the pgwire and auth settings are "
                + DATABASE
                + ", "
                + USER
                + ", "
                + TLS_CERT_FILE
                + ", "
                + TLS_KEY_FILE
                + ", "
                + TLS_REQUIRED
                + ", "
                + USERS_FILE
                + ", "
                + AUTHENTICATION_TIMEOUT
                + ", "
                + MAX_FAILED_LOGINS);
      }
    }
    Path usersFile = file(properties, USERS_FILE);
    if (usersFile != null && properties.containsKey(USER)) {
      throw invalid(USER, "cannot be combined with " + USERS_FILE + ", which names the users");
    }
    return new PgWireConfig(
        properties.getOrDefault(DATABASE, DEFAULT.database()),
        properties.getOrDefault(USER, DEFAULT.user()),
        file(properties, TLS_CERT_FILE),
        file(properties, TLS_KEY_FILE),
        bool(properties, TLS_REQUIRED),
        usersFile,
        duration(properties, AUTHENTICATION_TIMEOUT, DEFAULT.authenticationTimeout()),
        integer(properties, MAX_FAILED_LOGINS, DEFAULT.maxFailedLogins()));
  }

  /** The same settings with another authentication timeout and failed-login limit. */
  public PgWireConfig withLoginLimits(Duration timeout, int maxFailures) {
    return new PgWireConfig(
        database, user, tlsCertFile, tlsKeyFile, isTlsRequired, usersFile, timeout, maxFailures);
  }

  private static Duration duration(
      Map<String, String> properties, String name, Duration otherwise) {
    String value = properties.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Duration.ofNanos(1000 * IntervalLiterals.positiveDurationMicros(value, name));
    } catch (AuroraException e) {
      throw invalid(
          name, "must be a positive duration such as '60s' or '2 min', not[" + value + "]");
    }
  }

  private static int integer(Map<String, String> properties, String name, int otherwise) {
    String value = properties.get(name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw invalid(name, "must be a whole number, not[" + value + "]");
    }
  }

  public PgWireConfig withDatabase(String database) {
    return new PgWireConfig(
        database,
        user,
        tlsCertFile,
        tlsKeyFile,
        isTlsRequired,
        usersFile,
        authenticationTimeout,
        maxFailedLogins);
  }

  public PgWireConfig withUser(String user) {
    return new PgWireConfig(
        database,
        user,
        tlsCertFile,
        tlsKeyFile,
        isTlsRequired,
        usersFile,
        authenticationTimeout,
        maxFailedLogins);
  }

  /** The same settings with TLS from the two PEM files, optional or required. */
  public PgWireConfig withTls(Path certFile, Path keyFile, boolean isRequired) {
    return new PgWireConfig(
        database,
        user,
        requireNonNull(certFile, "certFile is null"),
        requireNonNull(keyFile, "keyFile is null"),
        isRequired,
        usersFile,
        authenticationTimeout,
        maxFailedLogins);
  }

  /** The same settings with SCRAM-SHA-256 authentication against the users in {@code file}. */
  public PgWireConfig withUsersFile(Path file) {
    return new PgWireConfig(
        database,
        user,
        tlsCertFile,
        tlsKeyFile,
        isTlsRequired,
        requireNonNull(file, "file is null"),
        authenticationTimeout,
        maxFailedLogins);
  }

  private static @Nullable Path file(Map<String, String> properties, String name) {
    String value = properties.get(name);
    if (value == null) {
      return null;
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(name, "is not a valid path: " + e.getMessage());
    }
    if (value.isBlank() || !Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw invalid(name, "names file[" + value + "], which does not exist or cannot be read");
    }
    return path;
  }

  private static boolean bool(Map<String, String> properties, String name) {
    String value = properties.get(name);
    if (value == null) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(name, "must be true or false, not[" + value + "]");
    };
  }

  private static AuroraException invalid(String name, String problem) {
    return new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE, "Setting[" + name + "] " + problem);
  }
}
