package io.aurora.kafka;

import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter table of a pipeline, {@code <pipeline>_errors}: one row per bad record with where
 * it came from, its raw key and payload (UTF-8; bytes that are not UTF-8 are replaced), and why it
 * was refused. Users query it, and re-insert fixed rows from it.
 */
public final class DeadLetters {
  /** The dead-letter table's columns; {@code record_time} is the record's Kafka timestamp. */
  public static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              new ColumnSchema("topic", DataType.VARCHAR, false),
              new ColumnSchema("kafka_partition", DataType.INTEGER, false),
              new ColumnSchema("kafka_offset", DataType.BIGINT, false),
              ColumnSchema.of("record_key", DataType.VARCHAR),
              ColumnSchema.of("payload", DataType.VARCHAR),
              new ColumnSchema("error", DataType.VARCHAR, false),
              new ColumnSchema("sqlstate", DataType.VARCHAR, false),
              new ColumnSchema("record_time", DataType.TIMESTAMP, false)),
          "record_time",
          PartitionGranularity.DAY,
          List.of(),
          1);

  /** The name of a pipeline's dead-letter table. */
  public static String tableName(String pipeline) {
    return io.aurora.sql.catalog.PipelineDefinition.errorTableName(pipeline);
  }

  private final BlockBuilder.VarcharBuilder topics = new BlockBuilder.VarcharBuilder(16);
  private final BlockBuilder.IntBuilder partitions = new BlockBuilder.IntBuilder(16);
  private final BlockBuilder.LongBuilder offsets = new BlockBuilder.LongBuilder(16);
  private final BlockBuilder.VarcharBuilder keys = new BlockBuilder.VarcharBuilder(16);
  private final BlockBuilder.VarcharBuilder payloads = new BlockBuilder.VarcharBuilder(16);
  private final BlockBuilder.VarcharBuilder errors = new BlockBuilder.VarcharBuilder(16);
  private final BlockBuilder.VarcharBuilder sqlstates = new BlockBuilder.VarcharBuilder(16);
  private final BlockBuilder.LongBuilder times = new BlockBuilder.LongBuilder(16);
  private long[] recordOffsets = new long[16];
  private int rows;

  /** Adds a bad record. */
  void add(
      String topic,
      int partition,
      long offset,
      byte @Nullable [] key,
      byte @Nullable [] payload,
      String error,
      String sqlstate,
      long timestampMillis) {
    topics.append(topic);
    partitions.append(partition);
    offsets.append(offset);
    appendBytes(keys, key);
    appendBytes(payloads, payload);
    errors.append(error);
    sqlstates.append(sqlstate);
    times.append(timestampMillis * 1000L);
    if (rows == recordOffsets.length) {
      recordOffsets = java.util.Arrays.copyOf(recordOffsets, rows * 2);
    }
    recordOffsets[rows++] = offset;
  }

  int rowCount() {
    return rows;
  }

  /** The source offset of each row of {@link #page}. */
  long[] offsets() {
    return java.util.Arrays.copyOf(recordOffsets, rows);
  }

  Page page() {
    return Page.of(
        topics.build(),
        partitions.build(),
        offsets.build(),
        keys.build(),
        payloads.build(),
        errors.build(),
        sqlstates.build(),
        times.build());
  }

  private static void appendBytes(BlockBuilder.VarcharBuilder builder, byte @Nullable [] bytes) {
    if (bytes == null) {
      builder.appendNull();
    } else {
      builder.append(new String(bytes, StandardCharsets.UTF_8));
    }
  }
}
