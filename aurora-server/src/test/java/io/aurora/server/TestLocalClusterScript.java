package io.aurora.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aurora.server.LocalCluster.NodeStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/local-cluster} as an operator uses it: a three-node cluster started, read and
 * written through different nodes, a node killed and started again on its data, and the cluster
 * stopped; and short runs of {@link ClusterFaultWorkload} (two kills in 30 s, and two network
 * partitions in 30 s), whose full two minutes run in {@link TestLocalClusterFaults} and {@link
 * TestLocalClusterPartitions}. The directories stay behind when a test fails, for the node logs.
 */
@Timeout(900)
class TestLocalClusterScript {
  private static final int ROWS_PER_INSERT = 100;
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path directory;

  @Test
  void helpListsEveryCommand() throws Exception {
    Process process =
        new ProcessBuilder(
                LocalCluster.repository().resolve("deploy/local-cluster").toString(), "--help")
            .redirectErrorStream(true)
            .start();
    String help = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(help)
        .contains("start --nodes N", "status", "stop", "kill I", "start-node I")
        .contains("partition A B", "heal")
        .contains("--dir DIR", "--base-port PORT", "--timeout SECONDS", "--netns");
  }

  @Test
  void startsAClusterAndRestartsAKilledNodeOnItsData() throws Exception {
    LocalCluster cluster = LocalCluster.start(directory.resolve("cluster"), 3);
    try {
      Map<Integer, NodeStatus> nodes = LocalCluster.parseStatus(cluster.status());
      assertThat(nodes).containsOnlyKeys(1, 2, 3);
      for (int node = 1; node <= 3; node++) {
        int pgPort = cluster.pgPort(node);
        assertThat(nodes.get(node))
            .as("node %d", node)
            .isEqualTo(
                new NodeStatus(true, true, pgPort, pgPort + 100, pgPort + 200, pgPort + 300));
      }

      long acknowledged;
      try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(1));
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (id BIGINT NOT NULL, phase INTEGER NOT NULL)");
        acknowledged = insert(statement, 0, 10, 1);
      }
      assertThat(awaitCount(cluster, 3, acknowledged))
          .as("count on node 3")
          .isEqualTo(acknowledged);

      cluster.kill(2);
      NodeStatus killed = LocalCluster.parseStatus(cluster.status()).get(2);
      assertThat(killed.isAlive()).isFalse();
      assertThat(killed.isReady()).isFalse();
      try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(1));
          Statement statement = connection.createStatement()) {
        acknowledged += insert(statement, acknowledged, 10, 2);
      }

      cluster.startNode(2);
      assertThat(LocalCluster.parseStatus(cluster.status()).get(2).isReady()).isTrue();
      assertThat(awaitCount(cluster, 2, acknowledged))
          .as("count on the restarted node 2")
          .isEqualTo(acknowledged);
      try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(2));
          Statement statement = connection.createStatement()) {
        acknowledged += insert(statement, acknowledged, 1, 3);
      }
      for (int node = 1; node <= 3; node++) {
        assertThat(awaitCount(cluster, node, acknowledged))
            .as("count on node %d", node)
            .isEqualTo(acknowledged);
      }
    } finally {
      cluster.stop();
    }
    assertThat(LocalCluster.parseStatus(cluster.status()).values())
        .hasSize(3)
        .noneMatch(NodeStatus::isAlive);
  }

  @Test
  void keepsEveryAcknowledgedRowThroughShortRoundRobinKills() throws Exception {
    String summary =
        ClusterFaultWorkload.run(
            directory.resolve("faults"), Duration.ofSeconds(30), Duration.ofSeconds(10));
    System.out.println(summary);
  }

  /**
   * Two partitions in 30 s on nodes in network namespaces: one node cut off from the others, then
   * two nodes cut apart while the third reaches both. The full two minutes run in {@link
   * TestLocalClusterPartitions}. Needs Linux, root and iproute2 (skipped otherwise).
   */
  @Test
  void keepsEveryAcknowledgedRowThroughShortPartitions() throws Exception {
    assumeTrue(LocalCluster.canUseNamespaces(), "needs Linux, root and network namespaces");
    String summary =
        ClusterFaultWorkload.run(
            directory.resolve("partitions"),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            ClusterFaultWorkload.Fault.PARTITION);
    System.out.println(summary);
  }

  /**
   * Inserts {@code batches} batches of rows with ids from {@code firstId}; the rows acknowledged.
   */
  private static long insert(Statement statement, long firstId, int batches, int phase)
      throws SQLException {
    long rows = 0;
    for (int batch = 0; batch < batches; batch++) {
      StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
      for (int row = 0; row < ROWS_PER_INSERT; row++) {
        sql.append(row == 0 ? "" : ", ")
            .append('(')
            .append(firstId + rows + row)
            .append(", ")
            .append(phase)
            .append(')');
      }
      assertThat(statement.executeUpdate(sql.toString())).isEqualTo(ROWS_PER_INSERT);
      rows += ROWS_PER_INSERT;
    }
    return rows;
  }

  /**
   * Node {@code node}'s row count once it equals {@code expected}, or its last count after {@link
   * #CATCH_UP_TIMEOUT}: a node that was down catches up from the others after it is ready.
   */
  private static long awaitCount(LocalCluster cluster, int node, long expected) throws Exception {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    while (true) {
      long count;
      try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(node));
          Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT count(*) FROM t")) {
        result.next();
        count = result.getLong(1);
      }
      if (count == expected || System.nanoTime() > deadline) {
        return count;
      }
      Thread.sleep(200);
    }
  }
}
