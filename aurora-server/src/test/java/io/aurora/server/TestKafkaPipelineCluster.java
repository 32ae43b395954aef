package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.kafka.TestingKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline on a three-node {@code deploy/local-cluster}: the topic's partitions are read by
 * different nodes (partition p by the leader of shard p mod 3), and when the node reading a
 * partition is SIGKILLed while a transactional producer commits and aborts, another node takes the
 * partition over; the table ends with exactly the committed records on every node.
 */
@Timeout(600)
class TestKafkaPipelineCluster {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path directory;

  @Test
  void partitionsSpreadOverTheNodesAndMoveWhenTheirNodeIsKilled() throws Exception {
    ExecutorService executor = Executors.newCachedThreadPool();
    try (TestingKafka kafka = TestingKafka.start()) {
      kafka.createTopic("orders", 3);
      LocalCluster cluster = LocalCluster.start(directory, 3);
      try {
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(1));
            Statement statement = connection.createStatement()) {
          statement.execute(
              "CREATE TABLE orders (id BIGINT NOT NULL, ts TIMESTAMP NOT NULL) WITH (shards = 3)");
          statement.execute(
              "CREATE PIPELINE orders_in FROM KAFKA '"
                  + kafka.bootstrapServers()
                  + "' TOPIC 'orders' INTO orders FORMAT JSON WITH (batch_max_records = 200)");
        }
        Set<Long> committed = ConcurrentHashMap.newKeySet();
        Set<Long> aborted = ConcurrentHashMap.newKeySet();
        AtomicBoolean isProducing = new AtomicBoolean(true);
        AtomicInteger transactions = new AtomicInteger();
        Future<?> producing =
            executor.submit(
                () -> {
                  produce(kafka, committed, aborted, isProducing, transactions);
                  return null;
                });

        // Every partition is read by one node, and the three nodes share them.
        List<String> readers = awaitReaders(cluster, List.of(1, 2, 3), 3);
        assertThat(readers).hasSize(3);
        assertThat(new HashSet<>(readers)).hasSize(3);

        // Kill the node reading partition 0 while records flow, and start it again later.
        awaitCount(cluster.jdbcUrl(1), 1_000, false);
        int victim = Integer.parseInt(readers.get(0).substring("node".length()));
        cluster.kill(victim);
        int survivor = victim == 1 ? 2 : 1;
        List<Integer> survivors = new ArrayList<>(List.of(1, 2, 3));
        survivors.remove(Integer.valueOf(victim));
        // Another node takes partition 0 over. The survivors say the killed node did not answer.
        List<String> after = awaitReaders(cluster, survivors, 3);
        assertThat(after.get(0)).isNotEqualTo(readers.get(0));
        assertThat(after).doesNotContain(readers.get(0));
        assertThat(unknownRows(cluster.jdbcUrl(survivor)))
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .startsWith(
                readers.get(0) + ": node " + readers.get(0) + " did not answer: UNAVAILABLE");
        long before = count(cluster.jdbcUrl(survivor));
        awaitCount(cluster.jdbcUrl(survivor), before + 1_000, false);
        cluster.startNode(victim);

        while (transactions.get() < 120) {
          Thread.sleep(50);
        }
        isProducing.set(false);
        producing.get(60, TimeUnit.SECONDS);

        for (int node = 1; node <= 3; node++) {
          String url = cluster.jdbcUrl(node);
          awaitCount(url, committed.size(), true);
          List<Long> stored = new ArrayList<>();
          try (Connection connection = DriverManager.getConnection(url);
              Statement statement = connection.createStatement();
              ResultSet result = statement.executeQuery("SELECT id FROM orders")) {
            while (result.next()) {
              stored.add(result.getLong(1));
            }
          }
          assertThat(stored).as("node %s", node).hasSize(committed.size());
          assertThat(new HashSet<>(stored)).as("node %s", node).isEqualTo(committed);
          assertThat(stored).doesNotContainAnyElementsOf(aborted);
        }
        assertThat(aborted).isNotEmpty();
      } finally {
        cluster.stop();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static void produce(
      TestingKafka kafka,
      Set<Long> committed,
      Set<Long> aborted,
      AtomicBoolean isProducing,
      AtomicInteger transactions)
      throws Exception {
    Random random = new Random(5);
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer("orders-cluster-tx")) {
      producer.initTransactions();
      long next = 0;
      while (isProducing.get()) {
        boolean abort = random.nextInt(10) == 0;
        producer.beginTransaction();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          long id = next++;
          ids.add(id);
          String value = "{\"id\": " + id + ", \"ts\": " + (1_796_119_200_000L + id) + "}";
          producer.send(
              new ProducerRecord<>(
                  "orders", (int) (id % 3), null, value.getBytes(StandardCharsets.UTF_8)));
        }
        if (abort) {
          producer.abortTransaction();
          aborted.addAll(ids);
        } else {
          producer.commitTransaction();
          committed.addAll(ids);
        }
        transactions.incrementAndGet();
        Thread.sleep(20);
      }
    }
  }

  /**
   * Waits until every node in {@code nodes} shows, in {@code system.pipelines}, a reader for each
   * of the partitions, and all of them the same readers: any node answers for the whole cluster.
   */
  private static List<String> awaitReaders(
      LocalCluster cluster, List<Integer> nodes, int partitions) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      Set<List<String>> answers = new HashSet<>();
      boolean isComplete = true;
      for (int node : nodes) {
        String[] readers = new String[partitions];
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(node));
            Statement statement = connection.createStatement();
            ResultSet result =
                statement.executeQuery(
                    "SELECT kafka_partition, node_id FROM system.pipelines"
                        + " WHERE kafka_partition IS NOT NULL")) {
          while (result.next()) {
            int partition = result.getInt(1);
            assertThat(readers[partition]).as("partition %s shows once", partition).isNull();
            readers[partition] = result.getString(2);
          }
        } catch (SQLException e) {
          isComplete = false; // a node still electing leaders: ask again
        }
        isComplete &= !Arrays.asList(readers).contains(null);
        answers.add(Arrays.asList(readers));
      }
      if (isComplete && answers.size() == 1) {
        return answers.iterator().next();
      }
      assertThat(System.nanoTime()).as("every partition has one reader").isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** The {@code system.pipelines} rows in state {@code unknown}, as "node_id: error". */
  private static List<String> unknownRows(String url) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT node_id, error FROM system.pipelines WHERE state = 'unknown'")) {
      while (result.next()) {
        rows.add(result.getString(1) + ": " + result.getString(2));
      }
    }
    return rows;
  }

  private static long count(String url) throws SQLException {
    return TestKafkaPipelines.count(url, "SELECT count(*) FROM orders");
  }

  /** Waits for at least {@code expected} rows (exactly that many when {@code exact}). */
  private static void awaitCount(String url, long expected, boolean exact) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long count = -1;
    while (System.nanoTime() < deadline) {
      try {
        count = count(url);
      } catch (SQLException e) {
        count = -1; // a node still electing leaders: ask again
      }
      if (count >= expected) {
        break;
      }
      Thread.sleep(200);
    }
    if (exact) {
      assertThat(count).isEqualTo(expected);
    } else {
      assertThat(count).isGreaterThanOrEqualTo(expected);
    }
  }
}
