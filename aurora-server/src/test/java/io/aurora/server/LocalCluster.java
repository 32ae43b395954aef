package io.aurora.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster run by {@code deploy/local-cluster}, as an operator runs one: every method runs the
 * script and checks its exit code. The nodes run the classes under test ({@code AURORA_CLASSPATH}
 * is this JVM's classpath), so no build runs inside the test, and they outlive the script, so
 * {@link #stop()} belongs in a {@code finally} block.
 */
final class LocalCluster {
  /** Ports node i uses past the base port: PostgreSQL +0, gRPC +100, HTTP +200, Raft +300. */
  static final int PORT_SPAN = 400;

  /** One node's line of {@code status}: node, pid, alive, ready, pg, grpc, http, raft, log. */
  private static final Pattern STATUS_LINE =
      Pattern.compile(
          "^(\\d+)\\s+(\\S+)\\s+(yes|no)\\s+(yes|no)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(.+)$",
          Pattern.MULTILINE);

  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

  /** The status line that lists the seeds, which are every node's address and Raft port. */
  private static final Pattern SEEDS_LINE =
      Pattern.compile("^cluster .*, seeds (\\S+)$", Pattern.MULTILINE);

  private final Path script;
  private final Path directory;
  private final int basePort;
  // Node i's address, at index i - 1.
  private List<String> hosts = List.of();

  private LocalCluster(Path directory, int basePort) {
    this.script = repository().resolve("deploy").resolve("local-cluster");
    this.directory = directory;
    this.basePort = basePort;
  }

  /** Starts {@code nodes} nodes in {@code directory} on a free port range; returns once ready. */
  static LocalCluster start(Path directory, int nodes) {
    return start(directory, nodes, false);
  }

  /**
   * Starts {@code nodes} nodes, each in a network namespace of its own when {@code inNamespaces}
   * (see {@link #canUseNamespaces}), so that {@link #partition} can cut links between them.
   */
  static LocalCluster start(Path directory, int nodes, boolean inNamespaces) {
    LocalCluster cluster = new LocalCluster(directory, inNamespaces ? 21_000 : freeBasePort());
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "start",
                "--nodes",
                Integer.toString(nodes),
                "--base-port",
                Integer.toString(cluster.basePort)));
    if (inNamespaces) {
      arguments.add("--netns");
    }
    String output = cluster.run(arguments.toArray(new String[0]));
    Matcher seeds = SEEDS_LINE.matcher(output);
    assertThat(seeds.find()).as("the seeds in the output of start:%n%s", output).isTrue();
    List<String> hosts = new ArrayList<>();
    for (String seed : seeds.group(1).split(",")) {
      hosts.add(seed.substring(0, seed.lastIndexOf(':')));
    }
    cluster.hosts = List.copyOf(hosts);
    return cluster;
  }

  /**
   * Whether this machine can run a cluster in network namespaces: Linux, as root, with iproute2,
   * and a namespace can be created here (a container may forbid it).
   */
  static boolean canUseNamespaces() {
    if (!System.getProperty("os.name").startsWith("Linux")
        || !"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    String probe = "aurora-probe-" + ProcessHandle.current().pid();
    try {
      Process add =
          new ProcessBuilder("ip", "netns", "add", probe).redirectErrorStream(true).start();
      add.getInputStream().readAllBytes();
      if (add.waitFor() != 0) {
        return false;
      }
      Process delete =
          new ProcessBuilder("ip", "netns", "del", probe).redirectErrorStream(true).start();
      delete.getInputStream().readAllBytes();
      return delete.waitFor() == 0;
    } catch (IOException e) {
      return false; // no ip command
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Cuts the network between the nodes of {@code side} and those of {@code otherSide} (node
   * numbers), both ways; the cluster must run in namespaces.
   */
  void partition(List<Integer> side, List<Integer> otherSide) {
    run("partition", join(side), join(otherSide));
  }

  /** Ends every partition. */
  void heal() {
    run("heal");
  }

  private static String join(List<Integer> nodes) {
    StringBuilder joined = new StringBuilder();
    for (int node : nodes) {
      joined.append(joined.length() == 0 ? "" : ",").append(node);
    }
    return joined.toString();
  }

  /** The checkout: tests run in {@code aurora-server}. */
  static Path repository() {
    return Path.of("..").toAbsolutePath().normalize();
  }

  /**
   * A base port whose {@link #PORT_SPAN} ports are all free on 127.0.0.1, below the kernel's
   * ephemeral range (32768 and up on Linux) so that outgoing connections do not take them before
   * the nodes bind.
   */
  static int freeBasePort() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(10_000, 32_000 - PORT_SPAN);
      if (isFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("No free range of " + PORT_SPAN + " ports found");
  }

  private static boolean isFree(int base) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int port = base; port < base + PORT_SPAN; port++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a probe socket; nothing to do.
        }
      }
    }
  }

  String status() {
    return run("status");
  }

  /** SIGKILLs node {@code node} (1-based). */
  String kill(int node) {
    return run("kill", Integer.toString(node));
  }

  /** Freezes node {@code node} with SIGSTOP: its process stays, and answers nothing. */
  void pause(int node) {
    signal(node, "-STOP");
  }

  /** Lets a node frozen by {@link #pause} run again (SIGCONT). */
  void resume(int node) {
    signal(node, "-CONT");
  }

  private void signal(int node, String signal) {
    Matcher line = STATUS_LINE.matcher(status());
    while (line.find()) {
      if (Integer.parseInt(line.group(1)) == node) {
        try {
          Process kill = new ProcessBuilder("kill", signal, line.group(2)).inheritIO().start();
          if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " of node " + node + " failed");
          }
          return;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("node " + node + " is not in the status");
  }

  /** Starts node {@code node} again on its data; returns once it is ready. */
  String startNode(int node) {
    return run("start-node", Integer.toString(node));
  }

  /** Stops every node: SIGTERM, then SIGKILL after the script's grace period. */
  String stop() {
    return run("stop");
  }

  int pgPort(int node) {
    return basePort + node - 1;
  }

  Path directory() {
    return directory;
  }

  /** Node {@code node}'s address: 127.0.0.1, or its namespace's. */
  String host(int node) {
    return hosts.isEmpty() ? "127.0.0.1" : hosts.get(node - 1);
  }

  /** A pgjdbc URL for node {@code node} whose statements fail instead of hanging for minutes. */
  String jdbcUrl(int node) {
    return "jdbc:postgresql://"
        + host(node)
        + ":"
        + pgPort(node)
        + "/aurora?user=aurora&connectTimeout=5&socketTimeout=60";
  }

  /** Node number to its {@code status} line, parsed. */
  static Map<Integer, NodeStatus> parseStatus(String status) {
    Map<Integer, NodeStatus> nodes = new TreeMap<>();
    Matcher matcher = STATUS_LINE.matcher(status);
    while (matcher.find()) {
      nodes.put(
          Integer.parseInt(matcher.group(1)),
          new NodeStatus(
              matcher.group(3).equals("yes"),
              matcher.group(4).equals("yes"),
              Integer.parseInt(matcher.group(5)),
              Integer.parseInt(matcher.group(6)),
              Integer.parseInt(matcher.group(7)),
              Integer.parseInt(matcher.group(8))));
    }
    return nodes;
  }

  /** Runs {@code deploy/local-cluster <arguments> --dir <directory>}; its output, exit code 0. */
  private String run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(arguments));
    command.add("--dir");
    command.add(directory.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("AURORA_"));
    environment.put("AURORA_CLASSPATH", System.getProperty("java.class.path"));
    environment.put("AURORA_HEAP", "512m");
    // The nodes log how leaders feed their followers (Ratis' log appenders, at INFO, which a
    // node keeps at ERROR): a fault run that fails on a follower that stopped catching up says
    // why in the nodes' logs.
    // Three nodes and the test share the machine's cores: C1 alone starts a node in less CPU,
    // which the short runs of a test spend mostly on (its faults restart nodes under load).
    environment.put(
        "AURORA_JAVA_OPTS",
        "-XX:TieredStopAtLevel=1"
            + " -Dorg.slf4j.simpleLogger.log.org.apache.ratis.grpc.server.GrpcLogAppender=info"
            + " -Dorg.slf4j.simpleLogger.log.org.apache.ratis.server.leader=info"
            + " -Dorg.slf4j.simpleLogger.log.org.apache.ratis.server.impl.SnapshotInstallationHandler=info");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // The nodes write to their log files, not to this pipe, so it ends when the script does.
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertThat(process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .as("%s finished", command)
          .isTrue();
      assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One node as {@code status} shows it. */
  record NodeStatus(
      boolean isAlive, boolean isReady, int pgPort, int grpcPort, int httpPort, int raftPort) {}
}
