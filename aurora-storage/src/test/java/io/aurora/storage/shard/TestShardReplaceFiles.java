package io.aurora.storage.shard;

import static io.aurora.storage.shard.TestShard.ids;
import static io.aurora.storage.shard.TestShard.range;
import static io.aurora.storage.shard.TestShard.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard takes another shard's files as its own (a replica rebuilt from a peer's snapshot): the
 * copy is linked while the donor's files are settled, and the receiving shard swaps it in.
 */
@Timeout(60)
class TestShardReplaceFiles {
  private static final List<ColumnSchema> COLUMNS = TestShard.COLUMNS;
  private static final TableSchema SCHEMA = TestShard.SCHEMA;
  private static final StorageConfig CONFIG = TestShard.CONFIG;

  @TempDir Path directory;

  @Test
  void takesACopyOfAnotherShardsFilesWhileEarlierScansReadItsOwn() throws IOException {
    Path copy = directory.resolve("copy");
    try (Shard donor = Shard.open(directory.resolve("donor"), SCHEMA, CONFIG);
        Shard replica = Shard.open(directory.resolve("replica/segments"), SCHEMA, CONFIG)) {
      for (int batch = 0; batch < 4; batch++) {
        donor.append(rows(batch * 100L, 100, 2));
        donor.sealAll();
      }
      donor.append(rows(400, 50, 1));
      List<Path> linked = new ArrayList<>();
      donor.whileFilesSettled(() -> linked.addAll(link(donor.directory(), copy)));
      assertThat(linked).isNotEmpty();

      replica.append(rows(10_000, 300, 1));
      replica.sealAll();
      replica.append(rows(20_000, 10, 1));
      TableScan before = replica.scan(ScanRequest.of(List.of("id")));

      List<ColumnSchema> wider = new ArrayList<>(COLUMNS);
      wider.add(ColumnSchema.of("extra", DataType.BIGINT));
      replica.replaceFiles(copy, wider);

      // The donor's sealed rows only: rows in memory are not part of a copy.
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(range(0, 400));
      assertThat(replica.columns()).extracting(ColumnSchema::name).contains("extra");
      assertThat(copy).doesNotExist();
      assertThat(directory.resolve("replica/segments.old")).doesNotExist();
      List<Long> old = new ArrayList<>();
      for (List<Object> row : Rows.rows(before)) {
        old.add((Long) row.get(0));
      }
      assertThat(old).hasSize(310).contains(10_000L, 20_009L);

      // Nothing merges until the caller says which segments its snapshot covers.
      assertThat(replica.compact()).isFalse();
      replica.limitCompactionTo(Long.MAX_VALUE);
      replica.compact();
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(range(0, 400));
      replica.append(replica.padToColumns(rows(400, 10, 1)));
      replica.sealAll();
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(range(0, 410));
    }
    try (Shard reopened = Shard.open(directory.resolve("replica/segments"), SCHEMA, CONFIG)) {
      assertThat(ids(reopened)).containsExactlyInAnyOrderElementsOf(range(0, 410));
    }
  }

  @Test
  void aReplacementThatACrashInterruptedIsCleanedUpAtTheNextOpen() throws IOException {
    Path shardDirectory = directory.resolve("replica/segments");
    try (Shard replica = Shard.open(shardDirectory, SCHEMA, CONFIG)) {
      replica.append(rows(0, 100, 1));
      replica.sealAll();
    }
    // A crash after the copy moved in, before the replaced files were deleted.
    Path replaced = directory.resolve("replica/segments.old");
    Directories.linkTree(shardDirectory, replaced);
    try (Shard replica = Shard.open(shardDirectory, SCHEMA, CONFIG)) {
      assertThat(replaced).doesNotExist();
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(range(0, 100));
    }
  }

  private static List<Path> link(Path source, Path target) {
    try {
      return Directories.linkTree(source, target);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
