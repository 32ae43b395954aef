package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code aurora server} in a child JVM, as {@code deploy/aurora} does, to test what only a
 * process shows: the ready line on stdout, the exit code after SIGTERM, and the one-line errors of
 * a start that fails.
 */
@Timeout(180)
class TestAuroraProcess {
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "test-aurora-process");
            thread.setDaemon(true);
            return thread;
          });
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path directory;

  @AfterEach
  void stop() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    executor.shutdownNow();
  }

  private NodeProcess start(String... arguments) throws IOException {
    NodeProcess node = NodeProcess.start(directory, executor, arguments);
    processes.add(node.process);
    return node;
  }

  @Test
  void serverRunsQueriesAndExitsWithZeroOnSigterm() throws Exception {
    Path config =
        Files.writeString(directory.resolve("aurora.properties"), "shutdown.grace-period=PT1S\n");
    NodeProcess node =
        start(
            "server",
            "--data-dir",
            directory.resolve("data").toString(),
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--raft-port",
            "0",
            "--config",
            config.toString());
    Process process = node.process;
    NodeProcess.Output stdout = node.stdout;
    NodeProcess.Output stderr = node.stderr;
    Matcher ready = stdout.awaitMatch(NodeProcess.READY);
    int httpPort = Integer.parseInt(stderr.awaitMatch(NodeProcess.HTTP_PORT).group(1));
    String url = "jdbc:postgresql://127.0.0.1:" + ready.group(1) + "/aurora?user=aurora";

    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE u (a BIGINT)");
      String values =
          IntStream.range(0, 3000).mapToObj(i -> "(" + i + ")").collect(Collectors.joining(","));
      statement.executeUpdate("INSERT INTO u VALUES " + values);
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM u")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(3000);
      }
    }

    // 27 billion joined rows: still running when SIGTERM arrives and cancelled after the grace.
    CompletableFuture<Object> longQuery =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection connection = DriverManager.getConnection(url);
                  Statement statement = connection.createStatement();
                  ResultSet rows = statement.executeQuery("SELECT count(*) FROM u x, u y, u z")) {
                rows.next();
                return rows.getLong(1);
              } catch (SQLException e) {
                return e;
              }
            },
            executor);
    awaitBusySession(httpPort);

    // SIGTERM through the handle: Process.destroy() would also close our ends of the pipes.
    assertThat(process.toHandle().destroy()).isTrue();

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    Object outcome = longQuery.get(60, TimeUnit.SECONDS);
    if (outcome instanceof SQLException e) {
      assertThat(e.getSQLState()).isEqualTo("57014");
    } else {
      assertThat(outcome).isEqualTo(27_000_000_000L);
    }
    assertThat(stdout.awaitEnd()).isEqualTo(ready.group() + "\n");
    assertThat(stderr.awaitEnd())
        .contains("Shutdown: not ready")
        .contains("Shutdown: catalog snapshot taken")
        .contains("Shutdown: closed");
  }

  /** Waits until the node reports a session running a statement, through its metrics. */
  private static void awaitBusySession(int httpPort) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build();
    while (!client
        .send(request, HttpResponse.BodyHandlers.ofString())
        .body()
        .contains("aurora_pgwire_sessions_busy 1.0")) {
      Thread.sleep(20);
    }
  }

  private void assertFailsWithOneLine(String expectedMessage, String... arguments)
      throws Exception {
    NodeProcess node = start(arguments);
    Process process = node.process;
    NodeProcess.Output stdout = node.stdout;
    NodeProcess.Output stderr = node.stderr;

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(stdout.awaitEnd()).isEmpty();
    assertThat(stderr.awaitEnd()).isEqualTo("aurora: " + expectedMessage + "\n");
  }

  @Test
  void badStartsPrintOneLineAndExitWithOne() throws Exception {
    String data = directory.resolve("data").toString();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertFailsWithOneLine(
          "HTTP port[" + port + "] on [127.0.0.1] is already in use (setting http-port)",
          "server",
          "--data-dir",
          data,
          "--pg-port",
          "0",
          "--grpc-port",
          "0",
          "--raft-port",
          "0",
          "--http-port",
          String.valueOf(port));
    }

    Path file = Files.writeString(directory.resolve("file"), "x");
    assertFailsWithOneLine(
        "Data directory[" + file + "] is not a directory (setting data-dir)",
        "server",
        "--data-dir",
        file.toString());

    Path unknown = Files.writeString(directory.resolve("unknown.properties"), "pg_port=5433\n");
    assertFailsWithOneLine(
        "Setting[pg_port] in config file[" + unknown + "] is unknown; maybe you meant [pg-port]",
        "server",
        "--config",
        unknown.toString());

    Path corrupt =
        Files.write(directory.resolve("corrupt.properties"), new byte[] {(byte) 0xFF, 0});
    assertFailsWithOneLine(
        "Config file[" + corrupt + "] is not UTF-8 text; is it a properties file?",
        "server",
        "--config",
        corrupt.toString());

    String seeds = "127.0.0.1:9091,127.0.0.1:9092,127.0.0.1:9093";
    assertFailsWithOneLine(
        "Setting[node-id] is required with seeds (flag --seeds); give every node of the cluster"
            + " its own name, such as node1",
        "server",
        "--seeds",
        seeds);
    assertFailsWithOneLine(
        "Setting[advertise-host] is required with seeds when setting[bind] is [0.0.0.0] (flag"
            + " --bind); set it to the address the other nodes reach this node on",
        "server",
        "--bind",
        "0.0.0.0",
        "--node-id",
        "node1",
        "--seeds",
        seeds);
  }
}
