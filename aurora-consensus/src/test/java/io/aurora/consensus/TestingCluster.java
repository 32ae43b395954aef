package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.execution.ShardFragment;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Several Aurora nodes in one JVM, each a {@link ReplicatedCatalog} with its own data directory and
 * Raft port on 127.0.0.1, all seeds of one cluster (the way Ratis' MiniRaftCluster runs peers in
 * one process). Nodes start together, since the catalog needs a majority of the seeds; {@link
 * #stop} and {@link #start} take one node down and up again on its data, as a crash and restart
 * would, except that the process survives.
 *
 * <pre>
 * try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
 *   cluster.node(0).createTable("t", schema, false);
 *   cluster.node(1).table("t").append(page);
 *   cluster.stop(2);
 *   cluster.start(2);
 * }
 * </pre>
 */
public final class TestingCluster implements AutoCloseable {
  public static final StorageConfig STORAGE = StorageConfig.DEFAULT.withBlockCacheBytes(0);
  public static final ConsensusConfig CONSENSUS =
      ConsensusConfig.DEFAULT
          .withLogSegmentBytes(256 << 10)
          .withRequestTimeout(Duration.ofSeconds(8))
          .withTransactionTimeout(Duration.ofSeconds(5));

  private final Path directory;
  private final List<String> seeds;
  private final ConsensusConfig consensus;
  private final @Nullable ReplicatedCatalog[] nodes;
  private final AtomicLong fragmentsRun = new AtomicLong();

  private TestingCluster(Path directory, List<String> seeds, ConsensusConfig consensus) {
    this.directory = directory;
    this.seeds = List.copyOf(seeds);
    this.consensus = consensus;
    this.nodes = new ReplicatedCatalog[seeds.size()];
  }

  /** Starts {@code size} nodes on free ports and returns once every one has caught up. */
  public static TestingCluster start(Path directory, int size) {
    return start(directory, size, CONSENSUS);
  }

  /** Starts {@code size} nodes with the given consensus settings, as above. */
  public static TestingCluster start(Path directory, int size, ConsensusConfig consensus) {
    List<String> seeds = new ArrayList<>();
    for (int port : freePorts(size)) {
      seeds.add("127.0.0.1:" + port);
    }
    TestingCluster cluster = new TestingCluster(directory, seeds, consensus);
    try {
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        all.add(i);
      }
      cluster.startTogether(all);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts the given nodes concurrently (a new cluster needs a majority of its seeds at once). */
  public void startTogether(List<Integer> indexes) {
    ExecutorService executor = Executors.newFixedThreadPool(indexes.size());
    try {
      List<Future<ReplicatedCatalog>> started = new ArrayList<>();
      for (int index : indexes) {
        started.add(executor.submit(() -> open(index)));
      }
      RuntimeException failure = null;
      for (int i = 0; i < indexes.size(); i++) {
        try {
          nodes[indexes.get(i)] = started.get(i).get();
        } catch (Exception e) {
          if (failure == null) {
            failure = new IllegalStateException("Node " + indexes.get(i) + " did not start", e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private ReplicatedCatalog open(int index) {
    String seed = seeds.get(index);
    int port = Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1));
    ReplicatedCatalog node =
        ReplicatedCatalog.open(
            dataDirectory(index),
            "127.0.0.1",
            port,
            STORAGE,
            consensus,
            new ClusterMembership("node" + (index + 1), "127.0.0.1", seeds));
    // Reads of other nodes' replicas and snapshot copies call those nodes directly, in-process;
    // the server's tests cover the same through its internal RPC.
    node.useRemoteReader(
        new RemoteShardReader() {
          @Override
          public PageSource scan(NodeRecord target, UUID groupId, ScanRequest request) {
            return scanOtherNode(target, groupId, request, null);
          }

          @Override
          public PageSource scanFragment(
              NodeRecord target, UUID groupId, ScanRequest request, String fragment) {
            return scanOtherNode(target, groupId, request, fragment);
          }
        });
    node.node().useSnapshotFetcher(this::copyFromOtherNode);
    node.announce("127.0.0.1:0", "in-process:" + index);
    return node;
  }

  /** How many query fragments other nodes ran for this cluster's nodes. */
  public long fragmentsRun() {
    return fragmentsRun.get();
  }

  /**
   * The pages of another node's replica, or with {@code fragment} the output of that fragment run
   * there over them (as the server's internal RPC does).
   */
  private PageSource scanOtherNode(
      NodeRecord target, UUID groupId, ScanRequest request, @Nullable String fragment) {
    int index = Integer.parseInt(target.grpcAddress().substring("in-process:".length()));
    return new PageSource() {
      private @Nullable PageSource pages;

      @Override
      public @Nullable Page next() {
        if (pages == null) {
          ReplicatedCatalog node = nodes[index];
          if (node == null) {
            throw new AuroraException(
                ErrorCode.UNAVAILABLE, "Node[" + target.nodeId() + "] is stopped");
          }
          pages = node.scanReplica(groupId, request).pages();
          if (fragment != null) {
            pages = ShardFragment.decode(fragment).run(pages, new AtomicBoolean());
            fragmentsRun.incrementAndGet();
          }
        }
        return pages.next();
      }

      @Override
      public void close() {
        if (pages != null) {
          pages.close();
        }
      }
    };
  }

  private void copyFromOtherNode(NodeRecord target, UUID groupId, long minIndex, Path into) {
    int index = Integer.parseInt(target.grpcAddress().substring("in-process:".length()));
    ReplicatedCatalog node = nodes[index];
    if (node == null) {
      throw new AuroraException(ErrorCode.UNAVAILABLE, "Node[" + target.nodeId() + "] is stopped");
    }
    try (ShardExport export = node.node().exportShard(groupId, minIndex)) {
      export.copyTo(into);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dataDirectory(int index) {
    return directory.resolve("node" + (index + 1));
  }

  public List<String> seeds() {
    return seeds;
  }

  public int size() {
    return nodes.length;
  }

  /** The running node at that index. */
  public ReplicatedCatalog node(int index) {
    return requireNonNull(nodes[index], "node " + index + " is stopped");
  }

  public boolean isRunning(int index) {
    return nodes[index] != null;
  }

  /** Stops a node without a snapshot: on restart it replays its log and catches up. */
  public void stop(int index) {
    ReplicatedCatalog node = nodes[index];
    nodes[index] = null;
    if (node != null) {
      node.close();
    }
  }

  /** Starts a stopped node again on its data directory and returns once its catalog caught up. */
  public void start(int index) {
    nodes[index] = open(index);
  }

  /** Waits up to {@code timeout} for a condition that other nodes make true eventually. */
  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, e);
      }
    }
  }

  public static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Nothing listens on it.
        }
      }
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      stop(i);
    }
  }
}
