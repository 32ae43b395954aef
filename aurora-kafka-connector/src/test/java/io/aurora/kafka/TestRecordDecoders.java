package io.aurora.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestRecordDecoders {
  private static final TableSchema CLICKS =
      TableSchema.of(
          List.of(
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("User_Id", DataType.BIGINT),
              ColumnSchema.of("url", DataType.VARCHAR),
              ColumnSchema.of("price", DataType.decimal(10, 2)),
              ColumnSchema.of("score", DataType.DOUBLE),
              ColumnSchema.of("ok", DataType.BOOLEAN),
              ColumnSchema.of("n", DataType.INTEGER)));

  // 2026-12-01 10:00:00.123 UTC in microseconds.
  private static final long TS = 1_796_119_200_123_000L;

  @Test
  void jsonFieldsMapToColumnsByNameWhateverTheirCase() {
    RowAssembler rows = new RowAssembler(CLICKS);
    JsonRecordDecoder decoder = new JsonRecordDecoder(CLICKS);
    decode(
        decoder,
        rows,
        "{\"TS\": \"2026-12-01 10:00:00.123\", \"user_id\": 7, \"URL\": \"/a\", \"price\": 1.5,"
            + " \"score\": 2, \"ok\": true, \"n\": \"12\", \"extra\": {\"x\": [1, 2]}}");
    decode(decoder, rows, "{\"ts\": \"2026-12-01T11:00:00.123+01:00\"}");
    decode(decoder, rows, "{\"ts\": 1796119200123, \"url\": null}");
    decode(decoder, rows, "{\"ts\": \"1796119200123\", \"ok\": false}");
    Page page = rows.finish();
    assertThat(rowsOf(page))
        .containsExactly(
            List.of(TS, 7L, "/a", 150L, 2.0, true, 12),
            Arrays.asList(TS, null, null, null, null, null, null),
            Arrays.asList(TS, null, null, null, null, null, null),
            Arrays.asList(TS, null, null, null, null, false, null));
  }

  @Test
  void badJsonRecordsFailWithTheirSqlstateAndLeaveNoRowBehind() {
    RowAssembler rows = new RowAssembler(CLICKS);
    JsonRecordDecoder decoder = new JsonRecordDecoder(CLICKS);
    assertCode(decoder, rows, "{\"user_id\": 1}", ErrorCode.NOT_NULL_VIOLATION);
    assertCode(decoder, rows, "{\"ts\": \"yesterday\"}", ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertCode(
        decoder, rows, "{\"ts\": 1, \"user_id\": \"x\"}", ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertCode(
        decoder, rows, "{\"ts\": 1, \"n\": 3000000000}", ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
    assertCode(decoder, rows, "{\"ts\": 1, \"url\": [1]}", ErrorCode.DATATYPE_MISMATCH);
    // Exponents too large to write out, for a DECIMAL, a BIGINT and a VARCHAR.
    assertCode(
        decoder,
        rows,
        "{\"ts\": 1, \"price\": 1e1000000000}",
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
    assertCode(
        decoder, rows, "{\"ts\": 1, \"n\": 1E999999999}", ErrorCode.INVALID_TEXT_REPRESENTATION);
    // Epoch milliseconds past what a TIMESTAMP holds, as a number and as text.
    assertCode(decoder, rows, "{\"ts\": 9223372036854775807}", ErrorCode.DATETIME_FIELD_OVERFLOW);
    assertCode(
        decoder, rows, "{\"ts\": \"9223372036854775807\"}", ErrorCode.DATETIME_FIELD_OVERFLOW);
    assertCode(
        decoder, rows, "{\"ts\": 1, \"score\": \"1-2\"}", ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertCode(decoder, rows, "{\"ts\": 1,", ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertCode(decoder, rows, "[1, 2]", ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertCode(decoder, rows, "{\"ts\": 1} {}", ErrorCode.INVALID_TEXT_REPRESENTATION);
    // A good record after the bad ones is whole, with none of their fields.
    decode(decoder, rows, "{\"ts\": 1796119200123}");
    assertThat(rowsOf(rows.finish()))
        .containsExactly(Arrays.asList(TS, null, null, null, null, null, null));
  }

  @Test
  void hugeExponentsAreReadWithoutWritingOutTheirDigits() {
    RowAssembler rows = new RowAssembler(CLICKS);
    JsonRecordDecoder decoder = new JsonRecordDecoder(CLICKS);
    decode(decoder, rows, "{\"ts\": 1796119200123, \"url\": 1e2000, \"price\": -1e-999999999}");
    decode(decoder, rows, "{\"ts\": 1796119200123, \"url\": 2.5e3, \"price\": 0.005}");
    assertThat(rowsOf(rows.finish()))
        .containsExactly(
            Arrays.asList(TS, null, "1E+2000", 0L, null, null, null),
            Arrays.asList(TS, null, "2500", 1L, null, null, null));
  }

  @Test
  void jsonRecordsAreUtf8WithOrWithoutAByteOrderMark() {
    RowAssembler rows = new RowAssembler(CLICKS);
    JsonRecordDecoder decoder = new JsonRecordDecoder(CLICKS);
    byte[] json =
        "{\"ts\": 1796119200123, \"url\": \"/caf\u00e9/\u65e5\"}".getBytes(StandardCharsets.UTF_8);
    byte[] withMark = new byte[json.length + 3];
    withMark[0] = (byte) 0xEF;
    withMark[1] = (byte) 0xBB;
    withMark[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withMark, 3, json.length);
    decoder.decode(json, rows);
    decoder.decode(withMark, rows);
    // Bytes that are not UTF-8 (here Latin-1) and a UTF-16 record are bad records.
    byte[] latin1 = "{\"ts\": 1, \"url\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf16 = "{\"ts\": 1}".getBytes(StandardCharsets.UTF_16);
    for (byte[] bad : List.of(latin1, utf16)) {
      assertThatThrownBy(() -> decoder.decode(bad, rows))
          .isInstanceOf(AuroraException.class)
          .extracting(e -> ((AuroraException) e).errorCode())
          .isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION);
    }
    assertThat(rowsOf(rows.finish()))
        .containsExactly(
            Arrays.asList(TS, null, "/caf\u00e9/\u65e5", null, null, null, null),
            Arrays.asList(TS, null, "/caf\u00e9/\u65e5", null, null, null, null));
  }

  @Test
  void csvRecordsFollowTheColumnOrderWithQuoting() {
    RowAssembler rows = new RowAssembler(CLICKS);
    CsvRecordDecoder decoder = CsvRecordDecoder.columns(',', CLICKS.columnCount());
    decode(decoder, rows, "2026-12-01 10:00:00.123,7,\"/a,\"\"b\"\"\",1.50,2.5,t,12\n");
    decode(decoder, rows, "1796119200123,,\"\",,,,");
    assertThat(rowsOf(rows.finish()))
        .containsExactly(
            List.of(TS, 7L, "/a,\"b\"", 150L, 2.5, true, 12),
            Arrays.asList(TS, null, "", null, null, null, null));
    assertCode(decoder, rows, "1,2,3", ErrorCode.BAD_COPY_FILE_FORMAT);
    assertCode(decoder, rows, "1,2,3,4,5,t,7,8", ErrorCode.BAD_COPY_FILE_FORMAT);
    assertCode(decoder, rows, "1,\"open,3,4,5,6,7", ErrorCode.BAD_COPY_FILE_FORMAT);
    assertCode(decoder, rows, ",2,3,4,5,t,7", ErrorCode.NOT_NULL_VIOLATION);
    assertThat(rows.finish().rowCount()).isZero();
  }

  @Test
  void mappedCsvRecordsNameTheirFieldsByCsvColumns() {
    PipelineConfig config =
        PipelineConfig.of(
            "h:1", "t", "CSV", java.util.Map.of("csv_columns", "Event_Time, kind,id"));
    assertThat(config.csvColumns()).containsExactly("event_time", "kind", "id");
    List<String> fields = List.of("id", "event_time", "missing");
    FieldDecoder decoder = config.fieldDecoder(CLICKS, fields);
    RowAssembler rows = new RowAssembler(KafkaPipeline.stagingSchema(fields));
    decoder.rowNumber(3);
    decode(decoder, rows, "2026-12-01 10:00:00,click,7");
    assertThat(rowsOf(rows.finish()))
        .containsExactly(Arrays.asList("7", "2026-12-01 10:00:00", null, 3L));
    assertCode(decoder, rows, "2026-12-01 10:00:00,click", ErrorCode.BAD_COPY_FILE_FORMAT);
    // Without csv_columns, a CSV record's fields are the table's columns in order.
    FieldDecoder byTable =
        PipelineConfig.of("h:1", "t", "CSV", java.util.Map.of())
            .fieldDecoder(CLICKS, List.of(CLICKS.column(1).name()));
    RowAssembler staged = new RowAssembler(KafkaPipeline.stagingSchema(List.of("x")));
    decode(byTable, staged, "2026-12-01 10:00:00.123,7,/a,1.50,2.5,t,12");
    assertThat(rowsOf(staged.finish())).containsExactly(Arrays.asList("7", 0L));
    assertThatThrownBy(
            () -> PipelineConfig.of("h:1", "t", "CSV", java.util.Map.of("csv_columns", "a,,b")))
        .hasMessageContaining("csv_columns");
    assertThatThrownBy(
            () -> PipelineConfig.of("h:1", "t", "JSON", java.util.Map.of("csv_columns", "a")))
        .hasMessageContaining("FORMAT CSV only");
  }

  @Test
  void unknownOptionsAndFormatsAreRefusedByName() {
    assertThatThrownBy(() -> PipelineConfig.of("h:1", "t", "XML", java.util.Map.of()))
        .hasMessageContaining("XML");
    assertThatThrownBy(() -> PipelineConfig.of("h:1", "t", "JSON", java.util.Map.of("colour", "x")))
        .hasMessageContaining("unknown pipeline option colour");
    assertThatThrownBy(
            () ->
                PipelineConfig.of(
                    "h:1", "t", "JSON", java.util.Map.of("kafka.isolation.level", "x")))
        .hasMessageContaining("kafka.isolation.level");
    assertThatThrownBy(
            () -> PipelineConfig.of("h:1", "t", "JSON", java.util.Map.of("start", "soon")))
        .hasMessageContaining("start");
    PipelineConfig config =
        PipelineConfig.of(
            "h:1",
            "t",
            "csv",
            java.util.Map.of(
                "start", "2026-12-01T00:00:00Z",
                "batch_max_records", "10",
                "kafka.security.protocol", "SSL"));
    assertThat(config.start()).isEqualTo(PipelineConfig.StartPosition.TIMESTAMP);
    assertThat(config.consumerProperties("c"))
        .containsEntry("security.protocol", "SSL")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("max.poll.records", "10");
  }

  private static void decode(RecordDecoder decoder, RowAssembler rows, String value) {
    decoder.decode(value.getBytes(StandardCharsets.UTF_8), rows);
  }

  private static void assertCode(
      RecordDecoder decoder, RowAssembler rows, String value, ErrorCode code) {
    assertThatThrownBy(() -> decode(decoder, rows, value))
        .as(value)
        .isInstanceOf(AuroraException.class)
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(code);
  }

  static List<List<Object>> rowsOf(Page page) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < page.rowCount(); row++) {
      List<Object> values = new ArrayList<>();
      for (int c = 0; c < page.channelCount(); c++) {
        values.add(page.objectValue(c, row));
      }
      rows.add(values);
    }
    return rows;
  }
}
