package io.aurora.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.jspecify.annotations.Nullable;

/**
 * A real Kafka broker in the test's JVM (KRaft, one combined broker and controller, on loopback),
 * with helpers to create topics and produce records. Shared with the server's pipeline tests.
 */
public final class TestingKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final @Nullable TcpProxy proxy;

  private TestingKafka(KafkaClusterTestKit cluster, @Nullable TcpProxy proxy) {
    this.cluster = cluster;
    this.proxy = proxy;
  }

  public static TestingKafka start() throws Exception {
    return start(null);
  }

  /**
   * A broker that clients reach through a {@link TcpProxy} (its advertised address), so that a test
   * can make it go away ({@link #disconnect}) and come back ({@link #reconnect}) at the same
   * address.
   */
  static TestingKafka startBehindProxy() throws Exception {
    TcpProxy proxy = new TcpProxy();
    try {
      return start(proxy);
    } catch (Exception e) {
      proxy.close();
      throw e;
    }
  }

  private static TestingKafka start(@Nullable TcpProxy proxy) throws Exception {
    KafkaClusterTestKit.Builder builder =
        new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
    if (proxy != null) {
      builder.setConfigProp("advertised.listeners", "EXTERNAL://127.0.0.1:" + proxy.port());
    }
    KafkaClusterTestKit cluster =
        builder
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    try {
      cluster.format();
      cluster.startup();
      if (proxy != null) {
        proxy.target(
            cluster
                .brokers()
                .values()
                .iterator()
                .next()
                .boundPort(org.apache.kafka.common.network.ListenerName.normalised("EXTERNAL")));
      }
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new TestingKafka(cluster, proxy);
  }

  /** Cuts every client connection to the broker and refuses new ones (behind a proxy only). */
  void disconnect() {
    java.util.Objects.requireNonNull(proxy, "not behind a proxy").down();
  }

  /** Lets clients reach the broker again. */
  void reconnect() {
    java.util.Objects.requireNonNull(proxy, "not behind a proxy").up();
  }

  /**
   * A standalone broker for manual use and benchmarks, until Ctrl-C:
   *
   * <pre>
   * mvn -B -q -pl aurora-kafka-connector exec:java -Dexec.classpathScope=test \
   *     -Dexec.mainClass=io.aurora.kafka.TestingKafka
   * </pre>
   */
  public static void main(String[] args) throws Exception {
    try (TestingKafka kafka = start()) {
      System.out.println("Kafka broker ready at " + kafka.bootstrapServers());
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  public String bootstrapServers() {
    return proxy == null ? cluster.bootstrapServers() : "127.0.0.1:" + proxy.port();
  }

  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** A producer of byte[] keys and values; {@code transactionalId} may be null. */
  public KafkaProducer<byte[], byte[]> producer(String transactionalId) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    properties.put("linger.ms", "0");
    if (transactionalId != null) {
      properties.put("transactional.id", transactionalId);
    }
    return new KafkaProducer<>(properties);
  }

  /** Sends each value (UTF-8) to the partition and waits for the broker's acknowledgement. */
  public void send(String topic, int partition, String... values) throws Exception {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
    }
    send(topic, partition, bytes);
  }

  /** Sends records with these values (binary, such as Avro) to one partition, one by one. */
  public void send(String topic, int partition, byte[]... values) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
      for (byte[] value : values) {
        producer
            .send(new ProducerRecord<>(topic, partition, null, value))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws java.io.IOException {
    if (proxy != null) {
      proxy.close();
    }
    try {
      cluster.close();
    } catch (java.io.IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new java.io.IOException("Stopping the Kafka broker failed", e);
    }
  }
}
