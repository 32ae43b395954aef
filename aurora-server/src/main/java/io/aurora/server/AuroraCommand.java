package io.aurora.server;

import io.aurora.server.auth.HashPasswordCommand;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code aurora} command line ({@code deploy/aurora} runs it): {@code aurora server} starts a
 * node and runs until SIGTERM or SIGINT; {@code aurora version} prints the version.
 *
 * <p>Output contract: once the node is ready, stdout gets exactly one line, {@code Aurora <version>
 * ready; connect with: psql -h <host> -p <port> -U <user>}; logs go to stderr, one line per event.
 * A start that fails (bad setting, unreadable config file, port in use, data directory not
 * writable) prints one line {@code aurora: <message>} on stderr and exits with 1. A shutdown by
 * signal exits with 0 once it completed (see {@link Server#call()}).
 */
@Command(
    name = "aurora",
    mixinStandardHelpOptions = true,
    versionProvider = AuroraCommand.VersionProvider.class,
    description = "Aurora, a distributed real-time columnar analytics database.",
    subcommands = {
      AuroraCommand.Server.class,
      AuroraCommand.Version.class,
      HashPasswordCommand.class
    })
public final class AuroraCommand implements Callable<Integer> {
  /** Exit code of a start that failed, and of a command line that does not parse. */
  static final int EXIT_FAILURE = 1;

  /** Runs the command and exits the JVM with its exit code (never returns for {@code server}). */
  public static void main(String[] args) {
    configureLogging();
    int exitCode = run(args, System.getenv());
    // The one place that ends the JVM with a code: the launcher and scripts read it.
    System.exit(exitCode);
  }

  /** Runs the command with the given environment and returns its exit code. */
  static int run(String[] args, Map<String, String> environment) {
    CommandLine commandLine = new CommandLine(new AuroraCommand());
    ((Server) commandLine.getSubcommands().get("server").getCommandSpec().userObject())
            .environment =
        environment;
    commandLine.setParameterExceptionHandler(
        (exception, arguments) -> {
          PrintWriter err = exception.getCommandLine().getErr();
          String command = exception.getCommandLine().getCommandSpec().qualifiedName();
          err.println("aurora: " + exception.getMessage() + " (see " + command + " --help)");
          err.flush();
          return EXIT_FAILURE;
        });
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          PrintWriter err = command.getErr();
          err.println("aurora: " + message(exception));
          err.flush();
          return EXIT_FAILURE;
        });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.err);
    return EXIT_FAILURE;
  }

  private static String message(Exception exception) {
    if (exception instanceof AuroraException) {
      return exception.getMessage();
    }
    return "unexpected " + exception;
  }

  /**
   * Configures slf4j-simple, the node's log backend, unless the caller set it up: one line per
   * event on stderr with an ISO timestamp; Ratis and Netty only at WARN, since their INFO lines
   * describe internals.
   */
  private static void configureLogging() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("org.slf4j.simpleLogger.defaultLogLevel", "info");
    defaults.put("org.slf4j.simpleLogger.showDateTime", "true");
    defaults.put("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    defaults.put("org.slf4j.simpleLogger.showShortLogName", "true");
    defaults.put("org.slf4j.simpleLogger.log.org.apache.ratis", "warn");
    defaults.put("org.slf4j.simpleLogger.log.io.netty", "warn");
    // While a peer is down Ratis warns every few seconds per group that it cannot reach it, and
    // logs each client request that ran out of retries with a stack trace; the statement that
    // failed reports the latter, and system.nodes shows the former.
    defaults.put(
        "org.slf4j.simpleLogger.log.org.apache.ratis.grpc.server.GrpcLogAppender", "error");
    defaults.put(
        "org.slf4j.simpleLogger.log.org.apache.ratis.grpc.server.GrpcServerProtocolService",
        "error");
    defaults.put("org.slf4j.simpleLogger.log.org.apache.ratis.client.impl.OrderedAsync", "off");
    for (Map.Entry<String, String> entry : defaults.entrySet()) {
      if (System.getProperty(entry.getKey()) == null) {
        System.setProperty(entry.getKey(), entry.getValue());
      }
    }
  }

  /** {@code aurora server}: starts a node and runs until it is told to stop. */
  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      versionProvider = AuroraCommand.VersionProvider.class,
      description = {
        "Starts a node. Settings come from flags, then AURORA_* environment variables, then the"
            + " config file, then the defaults (docs/configuration.md lists them all).",
        "Stop it with SIGTERM or Ctrl-C: running statements get shutdown.grace-period to finish."
      })
  static final class Server implements Callable<Integer> {
    Map<String, String> environment = Map.of();

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Data directory (AURORA_DATA_DIR; default ./aurora-data).")
    @Nullable String dataDirectory;

    @Option(
        names = "--bind",
        paramLabel = "HOST",
        description = "Address the endpoints listen on (AURORA_BIND; default 127.0.0.1).")
    @Nullable String bind;

    @Option(
        names = "--pg-port",
        paramLabel = "PORT",
        description =
            "PostgreSQL protocol port, 0 for any free one (AURORA_PG_PORT; default 5433).")
    @Nullable String pgPort;

    @Option(
        names = "--grpc-port",
        paramLabel = "PORT",
        description = "gRPC API port, 0 for any free one (AURORA_GRPC_PORT; default 9090).")
    @Nullable String grpcPort;

    @Option(
        names = "--http-port",
        paramLabel = "PORT",
        description = "HTTP port of /health, /ready and /metrics (AURORA_HTTP_PORT; default 8080).")
    @Nullable String httpPort;

    @Option(
        names = "--raft-port",
        paramLabel = "PORT",
        description = "Raft port (AURORA_RAFT_PORT; default 9091).")
    @Nullable String raftPort;

    @Option(
        names = "--node-id",
        paramLabel = "NAME",
        description = "This node's name in its cluster; required with --seeds (AURORA_NODE_ID).")
    @Nullable String nodeId;

    @Option(
        names = "--seeds",
        paramLabel = "HOST:PORT,...",
        description =
            "Raft addresses of the cluster's initial members, this node's included, in the same"
                + " order on every node (AURORA_SEEDS; default none: a node on its own).")
    @Nullable String seeds;

    @Option(
        names = "--advertise-host",
        paramLabel = "HOST",
        description =
            "Address other nodes and clients reach this node on (AURORA_ADVERTISE_HOST; default"
                + " the --bind address).")
    @Nullable String advertiseHost;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Config file, Java properties (AURORA_CONFIG; default none).")
    @Nullable String configFile;

    /**
     * Starts the node, prints the ready line and waits for a signal. Shutdown runs in a JVM
     * shutdown hook, which SIGTERM, SIGINT and SIGHUP all trigger. A JVM ended by a signal exits
     * with 128 + the signal's number (143 for SIGTERM) even when every hook succeeded, which
     * supervisors read as a crash; so once the graceful shutdown completed, the hook ends the JVM
     * with {@link Runtime#halt}(0) (1 if the shutdown failed). Halting skips shutdown hooks that
     * have not finished yet; the node registers none besides this one, and stdout and stderr are
     * flushed first. The JDK has no supported API to handle the signal itself ({@code
     * sun.misc.Signal} is internal), which is why this goes through a hook.
     */
    @Override
    public Integer call() throws Exception {
      Map<String, String> flags = new LinkedHashMap<>();
      putIfGiven(flags, NodeConfig.DATA_DIR, dataDirectory);
      putIfGiven(flags, NodeConfig.BIND, bind);
      putIfGiven(flags, NodeConfig.PG_PORT, pgPort);
      putIfGiven(flags, NodeConfig.GRPC_PORT, grpcPort);
      putIfGiven(flags, NodeConfig.HTTP_PORT, httpPort);
      putIfGiven(flags, NodeConfig.RAFT_PORT, raftPort);
      putIfGiven(flags, NodeConfig.NODE_ID, nodeId);
      putIfGiven(flags, NodeConfig.SEEDS, seeds);
      putIfGiven(flags, NodeConfig.ADVERTISE_HOST, advertiseHost);
      putIfGiven(flags, NodeConfig.CONFIG, configFile);
      String fileName = NodeConfig.configFileName(flags, environment);
      NodeConfig config =
          NodeConfig.resolve(flags, environment, fileName == null ? null : readFile(fileName));
      AuroraNode node = AuroraNode.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(node), "aurora-shutdown"));
      System.out.println(node.readyLine());
      System.out.flush();
      new CountDownLatch(1).await();
      return 0;
    }

    private static void shutdown(AuroraNode node) {
      int status = 0;
      try {
        node.close();
      } catch (RuntimeException e) {
        System.err.println("aurora: shutdown failed: " + e);
        status = EXIT_FAILURE;
      }
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(status);
    }

    private static void putIfGiven(
        Map<String, String> flags, String setting, @Nullable String value) {
      if (value != null) {
        flags.put(setting, value);
      }
    }

    private static NodeConfig.ConfigFile readFile(String name) {
      try {
        return new NodeConfig.ConfigFile(name, Files.readAllBytes(Path.of(name)));
      } catch (NoSuchFileException e) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE, "Config file[" + name + "] does not exist");
      } catch (IOException | RuntimeException e) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Config file[" + name + "] cannot be read: " + e.getMessage());
      }
    }
  }

  /** {@code aurora version}: prints the version. */
  @Command(name = "version", description = "Prints the version.")
  static final class Version implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println("aurora " + AuroraNode.version());
      return 0;
    }
  }

  /** The version for {@code --version}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"aurora " + AuroraNode.version()};
    }
  }
}
