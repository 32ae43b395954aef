package io.aurora.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code aurora} run in a child JVM, as {@code deploy/aurora} runs it, with its stdout and stderr
 * collected while it runs: for tests of what only a process shows (the ready line, exit codes,
 * SIGTERM and SIGKILL).
 */
final class NodeProcess {
  static final Pattern READY =
      Pattern.compile(
          "Aurora \\S+ ready; connect with: psql -h 127\\.0\\.0\\.1 -p (\\d+) -U aurora");
  static final Pattern HTTP_PORT =
      Pattern.compile("HTTP endpoint listening on 127\\.0\\.0\\.1:(\\d+)");

  final Process process;
  final Output stdout;
  final Output stderr;

  private NodeProcess(Process process, ExecutorService executor) {
    this.process = process;
    this.stdout = new Output(process.getInputStream(), executor);
    this.stderr = new Output(process.getErrorStream(), executor);
  }

  /**
   * Starts {@code aurora <arguments>} in {@code directory}, without inherited AURORA_ variables.
   */
  static NodeProcess start(Path directory, ExecutorService executor, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-Xmx512m");
    // The node and the test share the machine's cores: C1 alone starts a node in less CPU.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(AuroraCommand.class.getName());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AURORA_"));
    return new NodeProcess(builder.start(), executor);
  }

  /** The JDBC URL of the started node, once it printed its ready line. */
  String awaitJdbcUrl() throws InterruptedException {
    return "jdbc:postgresql://127.0.0.1:"
        + stdout.awaitMatch(READY).group(1)
        + "/aurora?user=aurora";
  }

  /**
   * A process's output, collected on another thread and readable while the process runs. Reads go
   * through {@code read(char[])}, not {@code transferTo}, which races with the JDK closing the pipe
   * when the process exits.
   */
  static final class Output {
    private final StringBuffer text = new StringBuffer();
    private final CompletableFuture<Void> isDone;

    Output(InputStream input, ExecutorService executor) {
      isDone =
          CompletableFuture.runAsync(
              () -> {
                try (Reader reader = new InputStreamReader(input, UTF_8)) {
                  char[] buffer = new char[8192];
                  for (int count = reader.read(buffer); count >= 0; count = reader.read(buffer)) {
                    text.append(buffer, 0, count);
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              executor);
    }

    /** Everything, once the stream ended. */
    String awaitEnd() throws Exception {
      isDone.get(60, TimeUnit.SECONDS);
      return text.toString();
    }

    /** What arrived so far. */
    String current() {
      return text.toString();
    }

    /** The first match of the pattern, once the output holds one. */
    Matcher awaitMatch(Pattern pattern) throws InterruptedException {
      while (true) {
        boolean wasDone = isDone.isDone();
        Matcher matcher = pattern.matcher(text.toString());
        if (matcher.find()) {
          return matcher;
        }
        if (wasDone) {
          throw new AssertionError("No match for " + pattern + " in output: " + text);
        }
        Thread.sleep(20);
      }
    }
  }
}
