package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot seals the shard's rows into segment files first and writes its snapshot file after: a
 * crash in between leaves segments whose rows the log replays at the restart. They must not be
 * counted twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestSealWithoutSnapshot {
  private static final TableSchema SCHEMA =
      TableSchema.of(List.of(ColumnSchema.of("id", DataType.BIGINT)));

  @TempDir Path directory;

  @Test
  void rowsSealedBeforeAnySnapshotCompletedAreNotCountedTwice() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("t", SCHEMA, false);
      Objects.requireNonNull(catalog.table("t")).append(ids(0, 100));
      sealWithoutSnapshot(catalog);
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(Objects.requireNonNull(catalog.table("t"))))
          .hasSize(100)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void rowsSealedAfterTheLastSnapshotAreNotCountedTwiceAndCompactedOnesStay() {
    try (ReplicatedCatalog catalog = open()) {
      catalog.createTable("t", SCHEMA, false);
      Table table = Objects.requireNonNull(catalog.table("t"));
      for (int batch = 0; batch < 4; batch++) {
        table.append(ids(batch * 100L, 100));
        catalog.checkpoint(); // a completed snapshot each time, then compaction merges them
      }
      table.append(ids(400, 100));
      sealWithoutSnapshot(catalog);
      table.append(ids(500, 100)); // only in the log
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(Objects.requireNonNull(catalog.table("t"))))
          .hasSize(600)
          .doesNotHaveDuplicates();
      catalog.checkpoint();
    }
    try (ReplicatedCatalog catalog = open()) {
      assertThat(TestReplicatedCatalog.ids(Objects.requireNonNull(catalog.table("t"))))
          .hasSize(600)
          .doesNotHaveDuplicates();
    }
  }

  /** What a crash between a snapshot's seal and its snapshot file leaves behind. */
  private static void sealWithoutSnapshot(ReplicatedCatalog catalog) {
    for (UUID groupId : catalog.node().shardGroupIds()) {
      Objects.requireNonNull(catalog.node().shardGroup(groupId)).shard().sealAll();
    }
  }

  private static Page ids(long first, int count) {
    BlockBuilder ids = BlockBuilder.forType(DataType.BIGINT, count);
    for (long i = first; i < first + count; i++) {
      ids.appendObject(i, DataType.BIGINT);
    }
    return Page.of(ids.build());
  }

  private ReplicatedCatalog open() {
    return ReplicatedCatalog.open(
        directory,
        "127.0.0.1",
        0,
        StorageConfig.DEFAULT.withBlockCacheBytes(0),
        ConsensusConfig.DEFAULT.withLogSegmentBytes(256 << 10));
  }
}
