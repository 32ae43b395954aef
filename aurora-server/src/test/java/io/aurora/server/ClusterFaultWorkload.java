package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The process-level fault run of a three-node cluster: one writer per node inserts rows with unique
 * ids through pgjdbc while, every {@code interval}, one node after the other (round-robin) is
 * killed with SIGKILL and started again on its data by {@code deploy/local-cluster}, frozen with
 * SIGSTOP and let go with SIGCONT, or cut off by a network partition that is then healed ({@link
 * Fault}). At the end every node must return the same rows, every acknowledged id exactly once, and
 * an id whose insert failed ("maybe": the node may have committed it before the failure) at most
 * once. Rows are distributed by id over four shards, so nearly every INSERT spans shards (a write
 * transaction): each must be stored whole or not at all. A reader per node counts the rows
 * throughout: a count must include every row acknowledged before it started.
 *
 * <p>A writer's node being killed fails its statement and its connection; the writer reconnects to
 * the same node until it is back. A statement that fails on a live node (a leader being elected)
 * makes its ids "maybe" too.
 */
final class ClusterFaultWorkload {
  private static final int NODES = 3;

  /** How long the slow fault runs last: {@code aurora.cluster-faults.duration}, default 2 min. */
  static final Duration DURATION =
      Duration.parse(System.getProperty("aurora.cluster-faults.duration", "PT2M"));

  /** How often they fault: {@code aurora.cluster-faults.interval}, default every 15 s. */
  static final Duration INTERVAL =
      Duration.parse(System.getProperty("aurora.cluster-faults.interval", "PT15S"));

  private static final int ROWS_PER_INSERT = 10;
  private static final long IDS_PER_WRITER = 1_000_000_000L;
  private static final Duration CONVERGENCE_TIMEOUT = Duration.ofMinutes(2);

  private final LocalCluster cluster;
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<Long> maybe = ConcurrentHashMap.newKeySet();
  // The first id of every INSERT sent, acknowledged or not: each must be stored whole or not.
  private final Set<Long> statements = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Long> acknowledgedPerWriter = new ConcurrentHashMap<>();
  private final AtomicBoolean isRunning = new AtomicBoolean(true);
  // Reads that returned fewer rows than had been acknowledged before they started.
  private final List<String> staleReads = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, Long> readsPerNode = new ConcurrentHashMap<>();
  // Counts that are not a multiple of ROWS_PER_INSERT: the read saw part of an INSERT's rows.
  private final java.util.concurrent.atomic.AtomicLong tornReads =
      new java.util.concurrent.atomic.AtomicLong();

  private ClusterFaultWorkload(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Runs the workload on a new cluster in {@code directory} for {@code duration}, killing and
   * restarting a node every {@code interval}, checks the rows and stops the cluster.
   *
   * @return a one-line summary, for the test's output
   */
  static String run(Path directory, Duration duration, Duration interval) throws Exception {
    return run(directory, duration, interval, Fault.KILL);
  }

  /** What happens to a node at each fault. */
  enum Fault {
    /** SIGKILL, then {@code deploy/local-cluster start-node} on its data. */
    KILL,
    /** SIGSTOP (the process freezes, as in a long GC pause or a stalled VM), then SIGCONT. */
    PAUSE,
    /**
     * A network partition, then healed; the nodes run in network namespaces. Faults alternate
     * between cutting the node off from the other two (a minority of one, perhaps a leader) and
     * cutting the other two apart while the node still reaches both (it bridges them).
     */
    PARTITION
  }

  /** As {@link #run(Path, Duration, Duration)}, with pauses instead of kills when asked. */
  static String run(Path directory, Duration duration, Duration interval, Fault fault)
      throws Exception {
    LocalCluster cluster = LocalCluster.start(directory, NODES, fault == Fault.PARTITION);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2 * NODES,
            runnable -> {
              Thread thread = new Thread(runnable, "cluster-fault-writer");
              thread.setDaemon(true);
              return thread;
            });
    ClusterFaultWorkload workload = new ClusterFaultWorkload(cluster);
    try {
      return workload.run(executor, duration, interval, fault);
    } finally {
      workload.isRunning.set(false);
      executor.shutdownNow();
      cluster.stop();
    }
  }

  private String run(ExecutorService executor, Duration duration, Duration interval, Fault fault)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(1));
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE events (id BIGINT NOT NULL, writer INTEGER NOT NULL, payload VARCHAR)"
              + " DISTRIBUTED BY (id) WITH (shards = 4)");
    }
    for (int node = 1; node <= NODES; node++) {
      awaitCount(node, count -> count == 0);
    }

    List<Future<?>> writers = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      int writer = node;
      writers.add(executor.submit(() -> write(writer)));
    }
    for (int node = 1; node <= NODES; node++) {
      int reader = node;
      writers.add(executor.submit(() -> read(reader)));
    }
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    // A partition lasts longer: the majority elects a leader and the minority's requests time out.
    Duration downtime =
        fault == Fault.PARTITION
            ? min(Duration.ofSeconds(8), interval.dividedBy(2))
            : min(Duration.ofSeconds(5), interval.dividedBy(3));
    List<String> faults = new ArrayList<>();
    int next = 1;
    for (long at = start + interval.toNanos(); at < end; at += interval.toNanos()) {
      sleepUntil(at);
      switch (fault) {
        case KILL -> cluster.kill(next);
        case PAUSE -> cluster.pause(next);
        case PARTITION -> {
          List<Integer> others = new ArrayList<>();
          for (int node = 1; node <= NODES; node++) {
            if (node != next) {
              others.add(node);
            }
          }
          if (faults.size() % 2 == 0) {
            cluster.partition(List.of(next), others);
            faults.add(next + "|" + others.get(0) + "," + others.get(1));
          } else {
            cluster.partition(List.of(others.get(0)), List.of(others.get(1)));
            faults.add(others.get(0) + "|" + others.get(1));
          }
        }
      }
      if (fault != Fault.PARTITION) {
        faults.add(Integer.toString(next));
      }
      Thread.sleep(downtime.toMillis());
      switch (fault) {
        case KILL -> cluster.startNode(next);
        case PAUSE -> cluster.resume(next);
        case PARTITION -> cluster.heal();
      }
      next = next % NODES + 1;
    }
    sleepUntil(end);
    isRunning.set(false);
    for (Future<?> writer : writers) {
      writer.get(2, TimeUnit.MINUTES);
    }

    assertThat(LocalCluster.parseStatus(cluster.status()).values())
        .as("every node is up again")
        .hasSize(NODES)
        .allSatisfy(node -> assertThat(node.isReady()).isTrue());
    for (int writer = 1; writer <= NODES; writer++) {
      assertThat(acknowledgedPerWriter.getOrDefault(writer, 0L))
          .as("rows acknowledged to writer %d", writer)
          .isPositive();
    }
    // Every node catches up to at least every acknowledged row; then all must agree, once the
    // nodes have finished the write transactions that the kills interrupted.
    for (int node = 1; node <= NODES; node++) {
      awaitCount(node, count -> count >= acknowledged.size());
    }
    assertThat(staleReads).as("reads that missed acknowledged rows").isEmpty();
    for (int node = 1; node <= NODES; node++) {
      assertThat(readsPerNode.getOrDefault(node, 0L))
          .as("reads checked on node %d", node)
          .isPositive();
    }
    List<List<Long>> idsPerNode = converged();
    for (int node = 2; node <= NODES; node++) {
      assertThat(idsPerNode.get(node - 1))
          .as("ids on node %d compared with node 1", node)
          .isEqualTo(idsPerNode.get(0));
    }
    assertThat(partialStatements(idsPerNode.get(0)))
        .as("INSERTs stored in part (first ids)")
        .isEmpty();
    List<Long> ids = idsPerNode.get(0);
    Map<Long, Integer> occurrences = new HashMap<>();
    for (long id : ids) {
      occurrences.merge(id, 1, Integer::sum);
    }
    assertThat(occurrences.entrySet().stream().filter(entry -> entry.getValue() > 1).toList())
        .as("ids stored more than once")
        .isEmpty();
    Set<Long> missing = new HashSet<>(acknowledged);
    missing.removeAll(occurrences.keySet());
    assertThat(missing).as("acknowledged ids missing").isEmpty();
    Set<Long> unknown = new HashSet<>(occurrences.keySet());
    unknown.removeAll(acknowledged);
    unknown.removeAll(maybe);
    assertThat(unknown).as("ids no writer sent").isEmpty();
    long maybeStored = maybe.stream().filter(occurrences::containsKey).count();
    return String.format(
        "%d rows on every node: %d acknowledged, %d of %d maybe; %d INSERTs, none stored in part;"
            + " %d reads during the faults, none missed an acknowledged row, %d saw part of an"
            + " INSERT; %s %s",
        ids.size(),
        acknowledged.size(),
        maybeStored,
        maybe.size(),
        statements.size(),
        readsPerNode.values().stream().mapToLong(Long::longValue).sum(),
        tornReads.get(),
        switch (fault) {
          case KILL -> "nodes killed";
          case PAUSE -> "nodes paused";
          case PARTITION -> "partitions";
        },
        faults);
  }

  /** Inserts batches of rows through node {@code writer} until the run ends. */
  private void write(int writer) {
    long sequence = 0;
    @Nullable Connection connection = null;
    while (isRunning.get()) {
      long first = writer * IDS_PER_WRITER + sequence;
      boolean isSent = false;
      try {
        if (connection == null) {
          connection = DriverManager.getConnection(cluster.jdbcUrl(writer));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO events VALUES ");
        for (int row = 0; row < ROWS_PER_INSERT; row++) {
          long id = first + row;
          sql.append(row == 0 ? "" : ", ")
              .append('(')
              .append(id)
              .append(", ")
              .append(writer)
              .append(", 'row ")
              .append(id)
              .append("')");
        }
        sequence += ROWS_PER_INSERT;
        statements.add(first);
        isSent = true;
        try (Statement statement = connection.createStatement()) {
          assertThat(statement.executeUpdate(sql.toString())).isEqualTo(ROWS_PER_INSERT);
        }
        for (int row = 0; row < ROWS_PER_INSERT; row++) {
          acknowledged.add(first + row);
        }
        acknowledgedPerWriter.merge(writer, (long) ROWS_PER_INSERT, Long::sum);
      } catch (SQLException e) {
        if (isSent) {
          for (int row = 0; row < ROWS_PER_INSERT; row++) {
            maybe.add(first + row);
          }
        }
        close(connection);
        connection = null;
        pause();
      }
    }
    close(connection);
  }

  /**
   * Counts the rows on node {@code node} over and over until the run ends: a count that succeeds
   * must include every row acknowledged before the query started, whichever node it was written
   * through (reads on an isolated or frozen former leader must not answer from stale state).
   */
  private void read(int node) {
    @Nullable Connection connection = null;
    while (isRunning.get()) {
      try {
        if (connection == null) {
          connection = DriverManager.getConnection(cluster.jdbcUrl(node));
        }
        long before = acknowledged.size();
        try (Statement statement = connection.createStatement();
            ResultSet result = statement.executeQuery("SELECT count(*) FROM events")) {
          result.next();
          long count = result.getLong(1);
          if (count % ROWS_PER_INSERT != 0) {
            tornReads.incrementAndGet();
          }
          if (count < before) {
            staleReads.add("node " + node + ": " + count + " rows, " + before + " acknowledged");
          }
        }
        readsPerNode.merge(node, 1L, Long::sum);
        pause();
      } catch (SQLException e) {
        close(connection);
        connection = null;
        pause();
      }
    }
    close(connection);
  }

  /** Polls node {@code node}'s row count until it satisfies {@code condition}. */
  private void awaitCount(int node, LongPredicate condition) throws InterruptedException {
    long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
    @Nullable Object last = null;
    while (System.nanoTime() < deadline) {
      try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(node));
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT count(*) FROM events")) {
        result.next();
        long count = result.getLong(1);
        if (condition.test(count)) {
          return;
        }
        last = count;
      } catch (SQLException e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "Node "
            + node
            + " did not reach the expected row count within "
            + CONVERGENCE_TIMEOUT
            + "; last answer: "
            + last
            + " (acknowledged "
            + acknowledged.size()
            + "); logs in "
            + cluster.directory());
  }

  /**
   * The ids on every node, once all nodes return the same ids and no INSERT is stored in part (the
   * resolvers finish interrupted transactions within seconds), or the last answers after {@link
   * #CONVERGENCE_TIMEOUT}.
   */
  private List<List<Long>> converged() throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
    while (true) {
      List<List<Long>> idsPerNode = new ArrayList<>();
      for (int node = 1; node <= NODES; node++) {
        idsPerNode.add(ids(node));
      }
      boolean isSame = true;
      for (int node = 2; node <= NODES; node++) {
        isSame &= idsPerNode.get(node - 1).equals(idsPerNode.get(0));
      }
      if ((isSame && partialStatements(idsPerNode.get(0)).isEmpty())
          || System.nanoTime() > deadline) {
        return idsPerNode;
      }
      Thread.sleep(500);
    }
  }

  /** The first ids of INSERTs of which some rows but not all are in {@code ids}. */
  private List<Long> partialStatements(List<Long> ids) {
    Map<Long, Integer> stored = new HashMap<>();
    for (long id : ids) {
      long first = id - Math.floorMod(id, ROWS_PER_INSERT);
      stored.merge(first, 1, Integer::sum);
    }
    List<Long> partial = new ArrayList<>();
    for (Map.Entry<Long, Integer> entry : stored.entrySet()) {
      if (entry.getValue() != ROWS_PER_INSERT && statements.contains(entry.getKey())) {
        partial.add(entry.getKey());
      }
    }
    return partial;
  }

  private List<Long> ids(int node) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(node));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT id FROM events ORDER BY id")) {
      while (result.next()) {
        ids.add(result.getLong(1));
      }
    }
    return ids;
  }

  private static void close(@Nullable Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // The node is gone; the connection is of no use either way.
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long remaining = nanoTime - System.nanoTime();
    if (remaining > 0) {
      TimeUnit.NANOSECONDS.sleep(remaining);
    }
  }

  private static Duration min(Duration first, Duration second) {
    return first.compareTo(second) <= 0 ? first : second;
  }
}
