package io.aurora.benchmarks.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An Aurora node started with {@code deploy/aurora server} as a child process, its data directory
 * under the benchmark's work directory and every port a free one on 127.0.0.1. Its output goes to
 * {@code node.log} beside the data directory.
 */
final class NodeProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

  private final Process process;
  private final Path dataDirectory;
  private final int pgPort;
  private final int grpcPort;
  private final int httpPort;

  private NodeProcess(Process process, Path dataDirectory, int pgPort, int grpcPort, int httpPort) {
    this.process = process;
    this.dataDirectory = dataDirectory;
    this.pgPort = pgPort;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
  }

  /** Starts a node on an empty data directory and waits until {@code /ready} answers 200. */
  static NodeProcess start(
      Path repository, Path workDirectory, String heap, long queryMaxMemoryBytes)
      throws IOException, InterruptedException {
    Path dataDirectory = workDirectory.resolve("aurora-data");
    io.aurora.storage.shard.Directories.deleteRecursively(dataDirectory);
    int pgPort = freePort();
    int grpcPort = freePort();
    int httpPort = freePort();
    int raftPort = freePort();
    // Engine settings are read from a config file only (docs/configuration.md).
    Path config = workDirectory.resolve("node.conf");
    Files.writeString(config, "query.max-memory=" + queryMaxMemoryBytes + "\n");
    List<String> command = new ArrayList<>();
    command.add(repository.resolve("deploy/aurora").toString());
    command.addAll(
        List.of(
            "server",
            "--data-dir",
            dataDirectory.toString(),
            "--pg-port",
            Integer.toString(pgPort),
            "--grpc-port",
            Integer.toString(grpcPort),
            "--http-port",
            Integer.toString(httpPort),
            "--raft-port",
            Integer.toString(raftPort),
            "--config",
            config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("AURORA_HEAP", heap);
    builder.redirectErrorStream(true);
    builder.redirectOutput(workDirectory.resolve("node.log").toFile());
    NodeProcess node = new NodeProcess(builder.start(), dataDirectory, pgPort, grpcPort, httpPort);
    node.awaitReady();
    return node;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "The node exited with " + process.exitValue() + " while starting; see node.log");
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet (deploy/aurora may be building the server first).
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IOException("The node was not ready within " + START_TIMEOUT);
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + pgPort + "/aurora?user=aurora";
  }

  String grpcEndpoint() {
    return "127.0.0.1:" + grpcPort;
  }

  long pid() {
    return process.pid();
  }

  Path dataDirectory() {
    return dataDirectory;
  }

  /** SIGTERM, then a graceful exit (the node snapshots every group first). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The bytes of the regular files under {@code directory}. The node keeps writing while it is
   * measured (Ratis purges log files after a snapshot), so a file that disappears during the walk
   * counts as gone.
   */
  static long bytesOnDisk(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return 0;
    }
    long[] bytes = new long[1];
    Files.walkFileTree(
        directory,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
              bytes[0] += attributes.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path directory, IOException e)
              throws IOException {
            if (e == null || e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    return bytes[0];
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
