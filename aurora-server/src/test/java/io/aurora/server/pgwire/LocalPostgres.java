package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.shard.Directories;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A throwaway PostgreSQL server for differential tests: {@code initdb} into a new temporary
 * directory, {@code postgres} on a free port bound to 127.0.0.1 only, with trust authentication for
 * the superuser {@code aurora} and a database {@code aurora}, as an Aurora node has, so that one
 * client script runs against both unchanged. {@link #close()} stops the server and deletes the
 * directory.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests run as root (as on the CI machines) the
 * server runs as the {@code postgres} user (or {@code nobody}, when there is none) through {@code
 * runuser}, in a directory that user owns.
 */
final class LocalPostgres implements AutoCloseable {
  private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path directory;
  private final @Nullable String user;
  private final int port;

  private LocalPostgres(Path bin, Path directory, @Nullable String user, int port) {
    this.bin = bin;
    this.directory = directory;
    this.user = user;
    this.port = port;
  }

  /**
   * A started server from {@link #serverBinaries()}; without them the calling test is skipped
   * (through a JUnit assumption), or fails where {@code AURORA_REQUIRE_CLIENTS=1} (as in CI, whose
   * script installs them).
   */
  static LocalPostgres startRequired() throws IOException {
    Path binaries = serverBinaries();
    if (binaries == null) {
      String what = "PostgreSQL server (/usr/lib/postgresql/<version>/bin/initdb)";
      if ("1".equals(System.getenv("AURORA_REQUIRE_CLIENTS"))) {
        org.junit.jupiter.api.Assertions.fail(
            what + " is not installed, and AURORA_REQUIRE_CLIENTS=1 requires it");
      }
      org.junit.jupiter.api.Assumptions.abort(what + " is not installed");
    }
    return start(binaries);
  }

  /**
   * The {@code bin} directory of the newest PostgreSQL server installed the Debian way ({@code
   * /usr/lib/postgresql/<version>/bin} with {@code initdb}), or null when there is none.
   */
  static @Nullable Path serverBinaries() throws IOException {
    if (!Files.isDirectory(INSTALLATIONS)) {
      return null;
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> versions = Files.newDirectoryStream(INSTALLATIONS)) {
      for (Path version : versions) {
        if (Files.isExecutable(version.resolve("bin/initdb"))
            && Files.isExecutable(version.resolve("bin/pg_ctl"))) {
          found.add(version.resolve("bin"));
        }
      }
    }
    return found.stream()
        .max(Comparator.comparingDouble(path -> versionOf(path.getParent())))
        .orElse(null);
  }

  private static double versionOf(Path installation) {
    try {
      return Double.parseDouble(installation.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Creates a cluster with the binaries in {@code bin} and starts its server; waits until ready.
   */
  static LocalPostgres start(Path bin) throws IOException {
    requireNonNull(bin, "bin is null");
    String user = isRoot() ? unprivilegedUser() : null;
    Path directory = Files.createTempDirectory("aurora-postgres-");
    try {
      if (user != null) {
        UserPrincipal owner =
            directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(directory, owner);
      }
      LocalPostgres postgres = new LocalPostgres(bin, directory, user, freePort());
      postgres.run(
          "initdb",
          "-D",
          postgres.data().toString(),
          "-U",
          "aurora",
          "--auth=trust",
          "-E",
          "UTF8",
          "--no-locale",
          "--no-sync");
      postgres.run(
          "pg_ctl",
          "start",
          "-w",
          "-t",
          "60",
          "-D",
          postgres.data().toString(),
          "-l",
          directory.resolve("server.log").toString(),
          "-o",
          "-p " + postgres.port + " -c listen_addresses=127.0.0.1 -c fsync=off -k " + directory);
      postgres.createDatabase();
      return postgres;
    } catch (IOException | RuntimeException e) {
      Directories.deleteRecursively(directory);
      throw e;
    }
  }

  int port() {
    return port;
  }

  /** The JDBC URL of the database {@code aurora} as user {@code aurora}. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/aurora?user=aurora";
  }

  private Path data() {
    return directory.resolve("data");
  }

  private void createDatabase() throws IOException {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=aurora");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE aurora");
    } catch (SQLException e) {
      throw new IOException("Cannot create database aurora on PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Runs one of the server's programs as the server's user; fails with its output on an error. */
  private void run(String program, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    if (user != null) {
      command.addAll(List.of("runuser", "-u", user, "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!waitFor(process)) {
      process.destroyForcibly();
      throw new IOException("PostgreSQL's " + program + " did not finish: " + output);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "PostgreSQL's " + program + " exited with " + process.exitValue() + ": " + output);
    }
  }

  private static boolean waitFor(Process process) throws IOException {
    try {
      return process.waitFor(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while PostgreSQL's program ran");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String unprivilegedUser() throws IOException {
    Process process = new ProcessBuilder("id", "-u", "postgres").start();
    process.getInputStream().readAllBytes();
    return waitFor(process) && process.exitValue() == 0 ? "postgres" : "nobody";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", data().toString());
    } finally {
      Directories.deleteRecursively(directory);
    }
  }
}
