package io.aurora.server.auth;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.ScramCredentials;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aurora hash-password USER}: reads a password and prints the users-file line for it, {@code
 * USER:SCRAM-SHA-256$4096:<salt>$<StoredKey>:<ServerKey>}. On a terminal the password is read twice
 * without echo; otherwise the first line of standard input is the password, so that scripts can
 * pipe it in. The password never appears on the command line, where other users could see it.
 *
 * <pre>
 *   aurora hash-password alice &gt;&gt; users.conf
 *   printf '%s\n' "$PASSWORD" | aurora hash-password alice &gt;&gt; users.conf
 * </pre>
 */
@Command(
    name = "hash-password",
    mixinStandardHelpOptions = true,
    description =
        "Reads a password from the terminal or the first line of standard input and prints the"
            + " line for auth.users-file: USER:SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:"
            + "<ServerKey>.")
public final class HashPasswordCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "USER", description = "The user name (no ':').")
  private String user = "";

  @Spec private @Nullable CommandSpec spec;

  private final InputStream input;
  private final @Nullable Console console;

  /** Reads from the process's console when there is one, else from standard input. */
  public HashPasswordCommand() {
    this(System.in, System.console());
  }

  HashPasswordCommand(InputStream input, @Nullable Console console) {
    this.input = requireNonNull(input, "input is null");
    this.console = console;
  }

  @Override
  public Integer call() throws IOException {
    CommandSpec command = requireNonNull(spec, "spec is not injected");
    if (user.isEmpty()
        || user.indexOf(':') >= 0
        || user.startsWith("#")
        || !user.equals(user.strip())) {
      command
          .commandLine()
          .getErr()
          .println(
              "User name["
                  + user
                  + "] is invalid: it must be non-empty, without ':' or surrounding"
                  + " spaces, and must not start with '#'");
      return 2;
    }
    char[] password = readPassword();
    if (password == null) {
      command.commandLine().getErr().println("The passwords do not match");
      return 1;
    }
    try {
      if (password.length == 0) {
        command.commandLine().getErr().println("The password is empty");
        return 1;
      }
      command.commandLine().getOut().println(user + ":" + ScramCredentials.hash(password).format());
      command.commandLine().getOut().flush();
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The password, or null when the two entries on a terminal differ. */
  private char @Nullable [] readPassword() throws IOException {
    if (console != null) {
      char[] first = console.readPassword("Password for %s: ", user);
      char[] second = console.readPassword("Repeat the password: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        if (first != null) {
          Arrays.fill(first, '\0');
        }
        if (second != null) {
          Arrays.fill(second, '\0');
        }
        return first == null ? new char[0] : null;
      }
      Arrays.fill(second, '\0');
      return first;
    }
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    String line = reader.readLine();
    return line == null ? new char[0] : line.toCharArray();
  }
}
