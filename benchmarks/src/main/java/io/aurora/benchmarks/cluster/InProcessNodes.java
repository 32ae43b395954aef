package io.aurora.benchmarks.cluster;

import io.aurora.consensus.ClusterMembership;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Nodes of one cluster in this JVM on loopback, for the cluster benchmarks. */
final class InProcessNodes {
  private InProcessNodes() {}

  /** {@code count} seed addresses on free loopback ports. */
  static List<String> seeds(int count) throws IOException {
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        seeds.add("127.0.0.1:" + socket.getLocalPort());
      }
    }
    return seeds;
  }

  /**
   * Starts the nodes at {@code indexes} concurrently (a new cluster needs a majority of its seeds
   * at once) into {@code nodes}, each under {@code directory/node<i+1>}, calling {@code setUp} on
   * each before it is stored.
   */
  static void startTogether(
      Path directory,
      List<String> seeds,
      StorageConfig storage,
      ConsensusConfig consensus,
      ReplicatedCatalog[] nodes,
      List<Integer> indexes,
      Consumer<ReplicatedCatalog> setUp)
      throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(indexes.size());
    try {
      List<Future<ReplicatedCatalog>> started = new ArrayList<>();
      for (int index : indexes) {
        String seed = seeds.get(index);
        int port = Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1));
        started.add(
            executor.submit(
                () -> {
                  ReplicatedCatalog node =
                      ReplicatedCatalog.open(
                          directory.resolve("node" + (index + 1)),
                          "127.0.0.1",
                          port,
                          storage,
                          consensus,
                          new ClusterMembership("node" + (index + 1), "127.0.0.1", seeds));
                  setUp.accept(node);
                  return node;
                }));
      }
      for (int i = 0; i < indexes.size(); i++) {
        nodes[indexes.get(i)] = started.get(i).get();
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
