package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, explicit mappings and validation of the pgwire and auth settings. */
class TestPgWireConfig {
  @TempDir Path directory;

  @Test
  void defaults() {
    PgWireConfig config = PgWireConfig.fromProperties(Map.of());
    assertThat(config).isEqualTo(PgWireConfig.DEFAULT);
    assertThat(config.database()).isEqualTo("aurora");
    assertThat(config.user()).isEqualTo("aurora");
    assertThat(config.tlsCertFile()).isNull();
    assertThat(config.tlsKeyFile()).isNull();
    assertThat(config.isTlsRequired()).isFalse();
    assertThat(config.usersFile()).isNull();
  }

  @Test
  void explicitMappings() throws IOException {
    Path cert = Files.writeString(directory.resolve("cert.pem"), "cert");
    Path key = Files.writeString(directory.resolve("key.pem"), "key");
    Path users = Files.writeString(directory.resolve("users.conf"), "");
    PgWireConfig config =
        PgWireConfig.fromProperties(
            Map.of(
                "pgwire.database", "analytics",
                "pgwire.tls.cert-file", cert.toString(),
                "pgwire.tls.key-file", key.toString(),
                "pgwire.tls.required", "TRUE",
                "auth.users-file", users.toString()));
    assertThat(config)
        .isEqualTo(
            new PgWireConfig(
                "analytics", "aurora", cert, key, true, users, Duration.ofMinutes(1), 10))
        .isEqualTo(
            PgWireConfig.DEFAULT
                .withDatabase("analytics")
                .withTls(cert, key, true)
                .withUsersFile(users));
    assertThat(PgWireConfig.fromProperties(Map.of("pgwire.user", "bob")).user()).isEqualTo("bob");
  }

  @Test
  void invalidSettingsAreNamed() throws IOException {
    Path cert = Files.writeString(directory.resolve("cert.pem"), "cert");
    assertInvalid(Map.of("pgwire.port", "5432"), "pgwire.port");
    assertInvalid(Map.of("auth.method", "md5"), "auth.method");
    assertInvalid(Map.of("pgwire.tls.required", "yes"), "pgwire.tls.required");
    assertInvalid(Map.of("pgwire.database", ""), "pgwire.database");
    assertInvalid(Map.of("pgwire.tls.cert-file", cert.toString()), "pgwire.tls.key-file");
    assertInvalid(
        Map.of("pgwire.tls.cert-file", directory.resolve("missing.pem").toString()),
        "pgwire.tls.cert-file");
    assertInvalid(Map.of("pgwire.tls.required", "true"), "pgwire.tls.required");
    assertInvalid(Map.of("auth.users-file", cert.toString(), "pgwire.user", "bob"), "pgwire.user");
  }

  private static void assertInvalid(Map<String, String> properties, String setting) {
    assertThatThrownBy(() -> PgWireConfig.fromProperties(properties))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Setting[" + setting + "]");
  }

  @Test
  void loginLimitsAreSettings() {
    PgWireConfig config =
        PgWireConfig.fromProperties(
            Map.of(
                PgWireConfig.AUTHENTICATION_TIMEOUT, "30s", PgWireConfig.MAX_FAILED_LOGINS, "0"));
    assertThat(config.authenticationTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxFailedLogins()).isZero();
    assertThat(PgWireConfig.DEFAULT.authenticationTimeout()).isEqualTo(Duration.ofMinutes(1));
    for (Map<String, String> bad :
        List.of(
            Map.of(PgWireConfig.AUTHENTICATION_TIMEOUT, "soon"),
            Map.of(PgWireConfig.AUTHENTICATION_TIMEOUT, "0s"),
            Map.of(PgWireConfig.MAX_FAILED_LOGINS, "-1"),
            Map.of(PgWireConfig.MAX_FAILED_LOGINS, "many"))) {
      assertThatThrownBy(() -> PgWireConfig.fromProperties(bad))
          .as(bad.toString())
          .isInstanceOf(AuroraException.class)
          .hasMessageContaining("auth.");
    }
  }
}
