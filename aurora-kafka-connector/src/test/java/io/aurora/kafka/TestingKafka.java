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

/**
 * A real Kafka broker in the test's JVM (KRaft, one combined broker and controller, on loopback),
 * with helpers to create topics and produce records. Shared with the server's pipeline tests.
 */
public final class TestingKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private TestingKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static TestingKafka start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new TestingKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
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
    try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
      for (String value : values) {
        producer
            .send(
                new ProducerRecord<>(
                    topic, partition, null, value.getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws java.io.IOException {
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
