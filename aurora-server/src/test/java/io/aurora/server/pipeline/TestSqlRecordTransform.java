package io.aurora.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.kafka.RecordTransform;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSqlRecordTransform {
  private static final TableSchema VIEWS =
      TableSchema.of(
          List.of(
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("user_id", DataType.BIGINT),
              ColumnSchema.of("kind", DataType.VARCHAR)));

  /**
   * Mappings and a filter over batches of one size: Calcite plans the statement for the first batch
   * only, and every batch gets its own rows, mapped and filtered.
   */
  @Test
  void plansOnceAndMapsEveryBatch() {
    PipelineDefinition pipeline =
        new PipelineDefinition(
            7,
            "views_in",
            "127.0.0.1:9092",
            "views",
            "views",
            "JSON",
            Map.of(),
            Map.of("ts", "event_time", "kind", "upper(kind)"),
            "kind <> 'heartbeat'",
            true,
            null);
    try (SqlRecordTransform transform = new SqlRecordTransform(pipeline, VIEWS)) {
      assertThat(transform.sourceFields()).containsExactly("event_time", "user_id", "kind");
      for (int batch = 0; batch < 5; batch++) {
        RecordTransform.Result result = transform.apply(staging(batch, 100));
        // Every third record is a heartbeat and is filtered out.
        assertThat(result.rows().rowCount()).isEqualTo(66);
        assertThat(result.stagingRows()[0]).isEqualTo(1);
        assertThat(result.rows().objectValue(1, 0)).isEqualTo(batch * 1000L + 1);
        assertThat(result.rows().objectValue(2, 0)).isEqualTo("CLICK");
      }
      assertThat(transform.plannedStatements()).isEqualTo(1);
    }
  }

  /** The staging page of a batch: event_time, user_id, kind as text, then the row number. */
  private static Page staging(int batch, int rows) {
    List<BlockBuilder> builders = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      builders.add(BlockBuilder.forType(DataType.VARCHAR, rows));
    }
    BlockBuilder.LongBuilder rowNumbers =
        (BlockBuilder.LongBuilder) BlockBuilder.forType(DataType.BIGINT, rows);
    for (int row = 0; row < rows; row++) {
      ((BlockBuilder.VarcharBuilder) builders.get(0)).append("2026-12-01 10:00:0" + (row % 10));
      ((BlockBuilder.VarcharBuilder) builders.get(1)).append(Long.toString(batch * 1000L + row));
      ((BlockBuilder.VarcharBuilder) builders.get(2)).append(row % 3 == 0 ? "heartbeat" : "click");
      rowNumbers.append(row);
    }
    return new Page(
        rows,
        new io.aurora.storage.block.Block[] {
          builders.get(0).build(),
          builders.get(1).build(),
          builders.get(2).build(),
          rowNumbers.build()
        });
  }
}
