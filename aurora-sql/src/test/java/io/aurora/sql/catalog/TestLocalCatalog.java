package io.aurora.sql.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLocalCatalog {
  @TempDir Path directory;

  @Test
  void producerBatchAtOrBelowTheLastSequenceIsADuplicate() {
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      catalog.createTable(
          "t", TableSchema.of(List.of(ColumnSchema.of("x", DataType.BIGINT))), false);
      Table table = catalog.table("t");
      Page page = new Page(2, new LongBlock(2, new long[] {1, 2}, null));
      assertThat(table.append(page, "p", 5)).isTrue();
      assertThat(table.append(page, "p", 5)).isFalse();
      assertThat(table.append(page, "p", 4)).isFalse();
      assertThat(table.append(page, "q", 1)).isTrue();
      assertThat(table.append(page, "p", 6)).isTrue();
      assertThat(table.rowCount()).isEqualTo(6);
    }
  }
}
