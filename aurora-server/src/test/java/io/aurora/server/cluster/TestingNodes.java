package io.aurora.server.cluster;

import io.aurora.consensus.TestingCluster;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.server.TestNodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Real nodes ({@link AuroraNode}: PostgreSQL, gRPC, HTTP and Raft on loopback) of one cluster in
 * one JVM, with fixed Raft and gRPC ports so a node restarts where its peers and clients expect it.
 */
final class TestingNodes implements AutoCloseable {
  private final Path directory;
  private final Map<String, String> settings;
  private final List<String> seeds = new ArrayList<>();
  private final List<String> grpcEndpoints = new ArrayList<>();
  private final @Nullable AuroraNode[] nodes;

  private TestingNodes(Path directory, int size, Map<String, String> settings) {
    this.directory = directory;
    this.settings = Map.copyOf(settings);
    List<Integer> ports = TestingCluster.freePorts(2 * size);
    for (int i = 0; i < size; i++) {
      seeds.add("127.0.0.1:" + ports.get(i));
      grpcEndpoints.add("127.0.0.1:" + ports.get(size + i));
    }
    this.nodes = new AuroraNode[size];
  }

  /** Starts {@code size} nodes together and returns once all are ready. */
  static TestingNodes start(Path directory, int size) throws Exception {
    return start(directory, size, Map.of());
  }

  /** As {@link #start(Path, int)}, with {@code settings} in every node's config file. */
  static TestingNodes start(Path directory, int size, Map<String, String> settings)
      throws Exception {
    TestingNodes cluster = new TestingNodes(directory, size, settings);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add(i);
    }
    try {
      cluster.startTogether(all);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  void startTogether(List<Integer> indexes) throws Exception {
    List<Thread> threads = new ArrayList<>();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            indexes.size(),
            runnable -> {
              Thread thread = new Thread(runnable, "start-node");
              threads.add(thread);
              return thread;
            });
    try {
      List<Future<AuroraNode>> started = new ArrayList<>();
      for (int index : indexes) {
        started.add(
            executor.submit(
                () -> {
                  Thread.currentThread().setName("start-node" + (index + 1));
                  return AuroraNode.start(config(index));
                }));
      }
      for (int i = 0; i < indexes.size(); i++) {
        try {
          nodes[indexes.get(i)] = started.get(i).get(120, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError(stuckStart(indexes.get(i), threads), e);
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * Where the start of a node that did not start in time waits: the frames of its start thread that
   * are Aurora's or Ratis', in the failure's message (CI shows the message only), and every
   * thread's stack in the test output.
   */
  private static String stuckStart(int index, List<Thread> threads) {
    StringBuilder message =
        new StringBuilder("node" + (index + 1) + " did not start within 120 s; its start thread:");
    for (Thread thread : threads) {
      if (thread.getName().equals("start-node" + (index + 1))) {
        int shown = 0;
        for (StackTraceElement frame : thread.getStackTrace()) {
          String type = frame.getClassName();
          if ((type.startsWith("io.aurora") || type.startsWith("org.apache.ratis")) && shown < 8) {
            message.append(" < ").append(frame.getClassName().replaceAll(".*\\.", ""));
            message.append('.').append(frame.getMethodName()).append(':');
            message.append(frame.getLineNumber());
            shown++;
          }
        }
      }
    }
    System.out.println(message);
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      System.out.println("\"" + entry.getKey().getName() + "\" " + entry.getKey().getState());
      for (StackTraceElement frame : entry.getValue()) {
        System.out.println("    at " + frame);
      }
    }
    return message.toString();
  }

  List<String> grpcEndpoints() {
    return grpcEndpoints;
  }

  AuroraNode node(int index) {
    AuroraNode node = nodes[index];
    if (node == null) {
      throw new IllegalStateException("node " + index + " is stopped");
    }
    return node;
  }

  /** Stops a node gracefully (its data stays; {@link #startTogether} starts it again). */
  void stop(int index) {
    AuroraNode node = nodes[index];
    nodes[index] = null;
    if (node != null) {
      node.close();
    }
  }

  private NodeConfig config(int index) {
    String raft = seeds.get(index);
    String grpc = grpcEndpoints.get(index);
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", dataDirectory(index).toString());
    flags.put("bind", "127.0.0.1");
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", grpc.substring(grpc.lastIndexOf(':') + 1));
    flags.put("raft-port", raft.substring(raft.lastIndexOf(':') + 1));
    flags.put("node-id", "node" + (index + 1));
    flags.put("seeds", String.join(",", seeds));
    return NodeConfig.resolve(flags, Map.of(), TestNodes.configFile(settings));
  }

  /** The data directory of the node at that index. */
  Path dataDirectory(int index) {
    return directory.resolve("node" + (index + 1));
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      stop(i);
    }
  }
}
