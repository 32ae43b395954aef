package io.aurora.kafka;

import org.jspecify.annotations.Nullable;

/**
 * Turns one Kafka record's value into one row of the target table in a {@link RowAssembler}: {@link
 * RowAssembler#commitRow} on success. A bad record throws {@link
 * io.aurora.storage.error.AuroraException} (with a SQLSTATE) and leaves no row behind; the pipeline
 * sends it to the dead-letter table and goes on. Not thread-safe: one per consumer thread.
 */
public interface RecordDecoder {
  void decode(byte @Nullable [] value, RowAssembler row);
}
