package io.aurora.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.ScramCredentials;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Users files, the authenticators' choices and the hash-password command. */
class TestScramAuthenticator {
  @TempDir Path directory;

  private static ClientConnection connection(String user) {
    return new ClientConnection(user, "aurora", new InetSocketAddress("127.0.0.1", 5432), false);
  }

  @Test
  void usersFileSkipsCommentsAndBlankLines() throws IOException {
    ScramCredentials alice = ScramCredentials.hash("secret".toCharArray());
    Path file = directory.resolve("users.conf");
    Files.writeString(file, "# users\n\nalice:" + alice.format() + "\n  # indented comment\n");
    ScramAuthenticator authenticator = ScramAuthenticator.load(file, "auth.users-file");
    AuthenticationMethod known = authenticator.select(connection("alice"));
    assertThat(known)
        .isInstanceOfSatisfying(
            AuthenticationMethod.ScramSha256.class,
            method -> {
              assertThat(method.isKnownUser()).isTrue();
              assertThat(method.credentials().format()).isEqualTo(alice.format());
            });
    assertThat(authenticator.select(connection("bob")))
        .isInstanceOfSatisfying(
            AuthenticationMethod.ScramSha256.class,
            method -> assertThat(method.isKnownUser()).isFalse());
  }

  @Test
  void badLinesNameTheSettingAndLineButNotTheSecret() throws IOException {
    Path file = directory.resolve("users.conf");
    Files.writeString(file, "# users\nalice:SCRAM-SHA-256$4096:c2FsdA==$secretstuff\n");
    assertThatThrownBy(() -> ScramAuthenticator.load(file, "auth.users-file"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("auth.users-file")
        .hasMessageContaining("line[2]")
        .hasMessageNotContaining("secretstuff");
    String line = "alice:" + ScramCredentials.hash("x".toCharArray()).format();
    Files.writeString(file, line + "\n" + line + "\n");
    assertThatThrownBy(() -> ScramAuthenticator.load(file, "auth.users-file"))
        .hasMessageContaining("line[2]")
        .hasMessageContaining("listed twice");
    assertThatThrownBy(
            () -> ScramAuthenticator.load(directory.resolve("missing"), "auth.users-file"))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void trustAdmitsOnlyItsUser() {
    TrustAuthenticator authenticator = new TrustAuthenticator("aurora");
    assertThat(authenticator.select(connection("aurora")))
        .isInstanceOf(AuthenticationMethod.Trust.class);
    assertThatThrownBy(() -> authenticator.select(connection("bob")))
        .isInstanceOfSatisfying(
            AuroraException.class, e -> assertThat(e.errorCode().sqlState()).isEqualTo("28000"))
        .hasMessage("Role[bob] does not exist");
  }

  @Test
  void hashPasswordPrintsAUsersFileLine() throws IOException {
    StringWriter out = new StringWriter();
    CommandLine command =
        new CommandLine(
            new HashPasswordCommand(
                new ByteArrayInputStream("pencil\n".getBytes(StandardCharsets.UTF_8)), null));
    command.setOut(new PrintWriter(out));
    assertThat(command.execute("alice")).isZero();
    String line = out.toString().strip();
    assertThat(line).startsWith("alice:SCRAM-SHA-256$4096:");
    Path file = directory.resolve("users.conf");
    Files.writeString(file, line + "\n");
    ScramCredentials parsed =
        ((AuthenticationMethod.ScramSha256)
                ScramAuthenticator.load(file, "auth.users-file").select(connection("alice")))
            .credentials();
    assertThat(
            ScramCredentials.hash("pencil".toCharArray(), parsed.salt(), parsed.iterations())
                .format())
        .isEqualTo(parsed.format());
  }

  @Test
  void hashPasswordRefusesBadInput() {
    StringWriter errors = new StringWriter();
    CommandLine empty =
        new CommandLine(new HashPasswordCommand(new ByteArrayInputStream(new byte[0]), null));
    empty.setErr(new PrintWriter(errors));
    assertThat(empty.execute("alice")).isEqualTo(1);
    assertThat(errors.toString()).contains("The password is empty");
    CommandLine colon =
        new CommandLine(
            new HashPasswordCommand(
                new ByteArrayInputStream("x\n".getBytes(StandardCharsets.UTF_8)), null));
    colon.setErr(new PrintWriter(errors));
    assertThat(colon.execute("a:b")).isEqualTo(2);
    assertThat(errors.toString()).contains("User name[a:b] is invalid");
  }
}
