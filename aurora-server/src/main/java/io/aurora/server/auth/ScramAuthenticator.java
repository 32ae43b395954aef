package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.ScramCredentials;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connection authenticates with SCRAM-SHA-256 against a fixed set of users, loaded once from
 * a users file. Each line of the file is {@code name:SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:
 * <ServerKey>} (the verifier in PostgreSQL's {@code rolpassword} format, as {@link
 * HashPasswordCommand} prints it); blank lines and lines starting with {@code #} are skipped. An
 * unknown user runs a mock exchange that fails like a wrong password.
 */
public final class ScramAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ScramAuthenticator.class);

  private final Map<String, ScramCredentials> users;
  private final byte[] mockSecret = new byte[32];

  public ScramAuthenticator(Map<String, ScramCredentials> users) {
    this.users = Map.copyOf(requireNonNull(users, "users is null"));
    new SecureRandom().nextBytes(mockSecret);
  }

  /**
   * Loads a users file; a missing file or a bad line fails with {@code INVALID_PARAMETER_VALUE}
   * naming {@code setting}, the file and the line number, never the line's secret text.
   */
  public static ScramAuthenticator load(Path file, String setting) {
    requireNonNull(file, "file is null");
    requireNonNull(setting, "setting is null");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + setting + "] names users file[" + file + "], which cannot be read: " + e,
          e);
    }
    Map<String, ScramCredentials> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      @Nullable String failure = null;
      if (colon <= 0) {
        failure = "a line must start with a user name and a colon";
      } else if (users.containsKey(line.substring(0, colon))) {
        failure = "the user is listed twice";
      } else {
        try {
          users.put(line.substring(0, colon), ScramCredentials.parse(line.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
          failure = e.getMessage();
        }
      }
      if (failure != null) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Setting["
                + setting
                + "]: users file["
                + file
                + "] line["
                + (i + 1)
                + "] is invalid: "
                + failure);
      }
    }
    LOG.info("Loaded {} users for SCRAM-SHA-256 authentication from {}", users.size(), file);
    return new ScramAuthenticator(users);
  }

  @Override
  public AuthenticationMethod select(ClientConnection connection) {
    ScramCredentials credentials = users.get(connection.user());
    if (credentials == null) {
      return AuthenticationMethod.ScramSha256.unknownUser(connection.user(), mockSecret);
    }
    return AuthenticationMethod.ScramSha256.knownUser(credentials);
  }
}
