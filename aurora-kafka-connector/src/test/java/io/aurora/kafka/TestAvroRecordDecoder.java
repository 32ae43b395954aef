package io.aurora.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class TestAvroRecordDecoder {
  private static final TableSchema ORDERS =
      TableSchema.of(
          List.of(
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("id", DataType.BIGINT),
              ColumnSchema.of("customer", DataType.VARCHAR),
              ColumnSchema.of("amount", DataType.decimal(10, 2)),
              ColumnSchema.of("day", DataType.DATE),
              ColumnSchema.of("ok", DataType.BOOLEAN)));

  private static final String SCHEMA =
      "{\"type\": \"record\", \"name\": \"Order\", \"fields\": ["
          + "{\"name\": \"TS\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}},"
          + "{\"name\": \"id\", \"type\": [\"null\", \"long\"], \"default\": null},"
          + "{\"name\": \"customer\", \"type\": [\"null\", \"string\"], \"default\": null},"
          + "{\"name\": \"amount\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\","
          + " \"precision\": 10, \"scale\": 2}},"
          + "{\"name\": \"day\", \"type\": {\"type\": \"int\", \"logicalType\": \"date\"}},"
          + "{\"name\": \"extra\", \"type\": \"string\"}]}";

  // 2026-12-01 10:00:00.123 UTC.
  private static final long MILLIS = 1_796_119_200_123L;

  @Test
  void plainAvroRecordsMapFieldsToColumnsKeepingLogicalTypes() throws Exception {
    Schema schema = AvroRecordDecoder.parseSchema(SCHEMA);
    AvroRecordDecoder decoder = AvroRecordDecoder.inline(ORDERS, schema);
    RowAssembler rows = new RowAssembler(ORDERS);
    decoder.decode(encode(schema, order(schema, 7L, "ann")), rows);
    decoder.decode(encode(schema, order(schema, null, null)), rows);
    assertThat(TestRecordDecoders.rowsOf(rows.finish()))
        .containsExactly(
            Arrays.asList(MILLIS * 1000, 7L, "ann", 1234L, 20_423, null),
            Arrays.asList(MILLIS * 1000, null, null, 1234L, 20_423, null));
    assertThatThrownBy(() -> decoder.decode(new byte[] {1, 2, 3}, rows))
        .isInstanceOf(AuroraException.class)
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_TEXT_REPRESENTATION);
    assertThat(rows.finish().rowCount()).isZero();
  }

  @Test
  void confluentRecordsFetchTheirSchemaOnceFromTheRegistry() throws Exception {
    Schema schema = AvroRecordDecoder.parseSchema(SCHEMA);
    AtomicInteger fetches = new AtomicInteger();
    HttpServer registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    registry.createContext(
        "/schemas/ids/",
        exchange -> {
          fetches.incrementAndGet();
          boolean known = exchange.getRequestURI().getPath().endsWith("/42");
          byte[] body =
              (known
                      ? "{\"schema\": " + quote(SCHEMA) + "}"
                      : "{\"error_code\": 40403, \"message\": \"Schema not found\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    registry.start();
    try {
      String url = "http://127.0.0.1:" + registry.getAddress().getPort() + "/";
      PipelineConfig config =
          PipelineConfig.of("h:1", "t", "AVRO", Map.of("schema_registry_url", url));
      RecordDecoder decoder = config.decoder(ORDERS);
      RowAssembler rows = new RowAssembler(ORDERS);
      byte[] payload = encode(schema, order(schema, 1L, "bob"));
      for (int i = 0; i < 3; i++) {
        decoder.decode(confluent(42, payload), rows);
      }
      assertThat(rows.finish().rowCount()).isEqualTo(3);
      assertThat(fetches.get()).isEqualTo(1);
      assertThatThrownBy(() -> decoder.decode(confluent(7, payload), rows))
          .hasMessageContaining("schema id 7 is not known");
      assertThatThrownBy(() -> decoder.decode(payload, rows))
          .hasMessageContaining("Confluent Avro wire format");
    } finally {
      registry.stop(0);
    }
    assertThatThrownBy(() -> PipelineConfig.of("h:1", "t", "AVRO", Map.of()))
        .hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> PipelineConfig.of("h:1", "t", "AVRO", Map.of("avro_schema", "{")))
        .hasMessageContaining("not a valid Avro schema");
  }

  @Test
  void mappedPipelinesReadAvroFieldsAsTextByTheirPath() throws Exception {
    Schema schema =
        AvroRecordDecoder.parseSchema(
            "{\"type\": \"record\", \"name\": \"Event\", \"fields\": ["
                + "{\"name\": \"kind\", \"type\": \"string\"},"
                + "{\"name\": \"user\", \"type\": {\"type\": \"record\", \"name\": \"User\","
                + " \"fields\": [{\"name\": \"Id\", \"type\": \"long\"},"
                + " {\"name\": \"name\", \"type\": [\"null\", \"string\"]}]}},"
                + "{\"name\": \"amount\", \"type\": {\"type\": \"bytes\", \"logicalType\":"
                + " \"decimal\", \"precision\": 10, \"scale\": 2}},"
                + "{\"name\": \"ok\", \"type\": \"boolean\"},"
                + "{\"name\": \"at\", \"type\": {\"type\": \"long\", \"logicalType\":"
                + " \"timestamp-millis\"}},"
                + "{\"name\": \"atMicros\", \"type\": [\"null\", {\"type\": \"long\","
                + " \"logicalType\": \"timestamp-micros\"}]},"
                + "{\"name\": \"day\", \"type\": {\"type\": \"int\", \"logicalType\":"
                + " \"date\"}}]}");
    List<String> fields =
        List.of(
            "kind",
            "user.id",
            "user.name",
            "user",
            "amount",
            "ok",
            "none",
            "at",
            "atmicros",
            "day");
    AvroRecordDecoder decoder = AvroRecordDecoder.inlineFields(fields, schema);
    RowAssembler rows = new RowAssembler(KafkaPipeline.stagingSchema(fields));
    GenericRecord user = new GenericData.Record(schema.getField("user").schema());
    user.put("Id", 7L);
    user.put("name", null);
    GenericRecord event = new GenericData.Record(schema);
    event.put("kind", "click");
    event.put("user", user);
    event.put("amount", ByteBuffer.wrap(java.math.BigInteger.valueOf(1234).toByteArray()));
    event.put("ok", true);
    event.put("at", MILLIS);
    event.put("atMicros", MILLIS * 1000 + 456);
    event.put("day", 20_423);
    decoder.rowNumber(5);
    decoder.decode(encode(schema, event), rows);
    assertThat(TestRecordDecoders.rowsOf(rows.finish()))
        .containsExactly(
            Arrays.asList(
                "click",
                "7",
                null,
                "{\"Id\": 7, \"name\": null}",
                "12.34",
                "true",
                null,
                "2026-12-01 10:00:00.123",
                "2026-12-01 10:00:00.123456",
                "2025-12-01",
                5L));
  }

  private static GenericRecord order(Schema schema, Long id, String customer) {
    GenericRecord record = new GenericData.Record(schema);
    record.put("TS", MILLIS);
    record.put("id", id);
    record.put("customer", customer);
    record.put("amount", ByteBuffer.wrap(java.math.BigInteger.valueOf(1234).toByteArray()));
    record.put("day", 20_423);
    record.put("extra", "ignored");
    return record;
  }

  static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  static byte[] confluent(int schemaId, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put((byte) 0)
        .putInt(schemaId)
        .put(payload)
        .array();
  }

  private static String quote(String json) {
    return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
