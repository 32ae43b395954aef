package io.aurora.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.ScramCredentials;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The SCRAM-SHA-256 server against RFC 7677's test vector and malformed client messages. */
class TestScramServer {
  private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
  private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  private static final String SERVER_FIRST =
      "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
  private static final String CLIENT_FINAL =
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
          + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

  private static ScramCredentials pencil() {
    return ScramCredentials.hash(
        "pencil".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  }

  private static ScramServer server(ScramCredentials credentials) {
    return new ScramServer(
        "user", AuthenticationMethod.ScramSha256.knownUser(credentials), SERVER_NONCE);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void rfc7677TestVector() {
    ScramServer server = server(pencil());
    assertThat(text(server.handleClientFirst(bytes(CLIENT_FIRST)))).isEqualTo(SERVER_FIRST);
    assertThat(text(server.handleClientFinal(bytes(CLIENT_FINAL)))).isEqualTo(SERVER_FINAL);
  }

  @Test
  void storedFormRoundTrips() {
    ScramCredentials credentials = pencil();
    String stored = credentials.format();
    assertThat(stored).startsWith("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$");
    ScramCredentials parsed = ScramCredentials.parse(stored);
    assertThat(parsed.format()).isEqualTo(stored);
    assertThat(parsed.storedKey()).isEqualTo(credentials.storedKey());
    assertThat(parsed.toString()).doesNotContain("W22Z");
    assertThatThrownBy(() -> ScramCredentials.parse("md5abcdef"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("md5abcdef");
  }

  @Test
  void freshHashesUseRandomSalts() {
    ScramCredentials first = ScramCredentials.hash("pencil".toCharArray());
    ScramCredentials second = ScramCredentials.hash("pencil".toCharArray());
    assertThat(first.iterations()).isEqualTo(ScramCredentials.DEFAULT_ITERATIONS);
    assertThat(first.salt()).hasSize(ScramCredentials.SALT_BYTES).isNotEqualTo(second.salt());
    assertThat(first.storedKey()).isNotEqualTo(second.storedKey());
  }

  @Test
  void wrongPasswordFailsWithPostgresMessage() {
    ScramCredentials other =
        ScramCredentials.hash(
            "pencils".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    ScramServer server = server(other);
    server.handleClientFirst(bytes(CLIENT_FIRST));
    assertThatThrownBy(() -> server.handleClientFinal(bytes(CLIENT_FINAL)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PASSWORD))
        .hasMessage("password authentication failed for user \"user\"");
  }

  @Test
  void unknownUserFailsEvenWithAMatchingProof() {
    ScramServer server =
        new ScramServer(
            "user", new AuthenticationMethod.ScramSha256(pencil(), false), SERVER_NONCE);
    server.handleClientFirst(bytes(CLIENT_FIRST));
    assertThatThrownBy(() -> server.handleClientFinal(bytes(CLIENT_FINAL)))
        .hasMessage("password authentication failed for user \"user\"");
  }

  @Test
  void unknownUsersSeeAStableSalt() {
    byte[] secret = new byte[32];
    assertThat(AuthenticationMethod.ScramSha256.unknownUser("mallory", secret).credentials().salt())
        .isEqualTo(
            AuthenticationMethod.ScramSha256.unknownUser("mallory", secret).credentials().salt())
        .isNotEqualTo(
            AuthenticationMethod.ScramSha256.unknownUser("eve", secret).credentials().salt());
  }

  @Test
  void clientThatSupportsChannelBindingIsAccepted() {
    ScramServer server = server(pencil());
    byte[] first = server.handleClientFirst(bytes("y,,n=,r=abc"));
    assertThat(text(first)).startsWith("r=abc" + SERVER_NONCE + ",");
    // The proof is wrong, but the channel binding "eSws" (base64 of "y,,") passes its check.
    assertThatThrownBy(
            () ->
                server.handleClientFinal(
                    bytes("c=eSws,r=abc" + SERVER_NONCE + ",p=" + "A".repeat(43) + "=")))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PASSWORD));
  }

  @Test
  void malformedClientFirstMessagesAreProtocolViolations() {
    for (String message :
        new String[] {
          "",
          "x,,n=,r=abc",
          "n,n=,r=abc",
          "n,,r=abc",
          "n,,n=,r=",
          "n,,n=,r=a c",
          "n,,n=,r=abc,",
          "n,,n=,r=abc,1=x",
          "n,,n=user"
        }) {
      assertThatThrownBy(() -> server(pencil()).handleClientFirst(bytes(message)))
          .as(message)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION));
    }
    assertThatThrownBy(
            () -> server(pencil()).handleClientFirst(new byte[] {'n', ',', ',', (byte) 0xC3}))
        .hasMessageContaining("UTF-8");
  }

  @Test
  void unsupportedFeaturesAreRefused() {
    for (String message :
        new String[] {
          "p=tls-server-end-point,,n=,r=abc", "n,a=admin,n=,r=abc", "n,,m=ext,n=,r=a"
        }) {
      assertThatThrownBy(() -> server(pencil()).handleClientFirst(bytes(message)))
          .as(message)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FEATURE_NOT_SUPPORTED));
    }
  }

  @Test
  void malformedClientFinalMessagesAreProtocolViolations() {
    String nonce = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;
    for (String message :
        new String[] {
          "",
          "c=eSws,r=" + nonce + ",p=AAAA",
          "c=biws,r=other,p=AAAA",
          "c=biws,r=" + nonce,
          "c=biws,r=" + nonce + ",p=%%%",
          "c=biws,r=" + nonce + ",p=AAAA",
          "c=biws,r=" + nonce + ",p=AAAA,x=1"
        }) {
      ScramServer server = server(pencil());
      server.handleClientFirst(bytes(CLIENT_FIRST));
      assertThatThrownBy(() -> server.handleClientFinal(bytes(message)))
          .as(message)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROTOCOL_VIOLATION));
    }
  }

  @Test
  void extensionsBeforeTheProofAreSkipped() {
    ScramServer server = server(pencil());
    server.handleClientFirst(bytes(CLIENT_FIRST + ",x=extension"));
    // The extension is part of the signed message, so the RFC proof no longer matches.
    assertThatThrownBy(
            () -> server.handleClientFinal(bytes(CLIENT_FINAL.replace(",p=", ",z=more,p="))))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PASSWORD));
  }

  @Test
  void nonAsciiPasswordsAreNormalized() {
    byte[] salt = new byte[16];
    // U+00A0 (no-break space) maps to a space and U+00AD (soft hyphen) to nothing; NFKC folds
    // the ligature U+FB01 to "fi".
    assertThat(ScramCredentials.hash("a\u00A0b\u00ADc\uFB01".toCharArray(), salt, 4096).format())
        .isEqualTo(ScramCredentials.hash("a bcfi".toCharArray(), salt, 4096).format());
    // A prohibited character (U+0080, a control) leaves the password as it is.
    assertThat(ScramCredentials.hash("a\u00A0\u0080".toCharArray(), salt, 4096).format())
        .isNotEqualTo(ScramCredentials.hash("a \u0080".toCharArray(), salt, 4096).format());
  }
}
