package io.aurora.kafka;

import io.aurora.sql.expression.TextFormats;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.jspecify.annotations.Nullable;

/**
 * Avro records, in one of two modes:
 *
 * <ul>
 *   <li>Confluent's wire format ({@code schema_registry_url}): a 0 byte, the writer schema's id (4
 *       bytes, big-endian), then the Avro binary payload; schemas are fetched from the registry by
 *       id and cached ({@link SchemaRegistry}).
 *   <li>Plain Avro binary ({@code avro_schema}): every record is written with the one schema given
 *       inline, without any header.
 * </ul>
 *
 * Record fields map to columns by name, case-insensitively; unknown fields are ignored and missing
 * ones are NULL. With column mappings ({@link #inlineFields}, {@link #confluentFields}), the fields
 * the mappings read fill staging columns as text instead, nested records' fields by their dotted
 * path ({@code user.id}): numbers and booleans as written, decimals as their digits, timestamps
 * ({@code timestamp-millis}, {@code timestamp-micros}, and their {@code local-} forms) and dates as
 * PostgreSQL writes them ({@code 2026-12-01 10:00:00.123}, UTC, and {@code 2026-12-01}), so that a
 * cast to TIMESTAMP or DATE reads them, nested records, arrays and maps as JSON-like text. Strings
 * and enums are read as text; ints and longs as numbers, except that the logical types {@code
 * timestamp-millis}, {@code timestamp-micros}, {@code date} and {@code decimal} keep their meaning.
 * A nested record, array or map fits a VARCHAR column only (as its JSON-like text). Not
 * thread-safe: one per consumer thread.
 */
public final class AvroRecordDecoder implements FieldDecoder {
  private final Map<String, Integer> columnsByName = new HashMap<>();
  // With column mappings: the dotted paths of the fields read, by staging column; else null.
  private final @Nullable List<String[]> fieldPaths;
  private final @Nullable SchemaRegistry registry;
  private final @Nullable Schema inlineSchema;
  private final Map<Schema, Reader> readers = new HashMap<>();
  private @Nullable BinaryDecoder decoder;
  private long rowNumber;

  /** A schema's reader and, per field position, the column it fills (-1 for none). */
  private record Reader(GenericDatumReader<GenericRecord> datumReader, int[] columns) {}

  private AvroRecordDecoder(
      @Nullable TableSchema table,
      @Nullable List<String> fields,
      @Nullable SchemaRegistry registry,
      @Nullable Schema inlineSchema) {
    if (table != null) {
      for (int c = 0; c < table.columnCount(); c++) {
        columnsByName.put(table.column(c).name().toLowerCase(Locale.ROOT), c);
      }
    }
    if (fields == null) {
      this.fieldPaths = null;
    } else {
      List<String[]> paths = new java.util.ArrayList<>();
      for (String field : fields) {
        paths.add(field.split("\\.", -1));
      }
      this.fieldPaths = paths;
    }
    this.registry = registry;
    this.inlineSchema = inlineSchema;
  }

  /** Records in Confluent's wire format, with writer schemas from {@code registry}. */
  public static AvroRecordDecoder confluent(TableSchema table, SchemaRegistry registry) {
    return new AvroRecordDecoder(table, null, registry, null);
  }

  /** Plain Avro binary records, all written with {@code schema}. */
  public static AvroRecordDecoder inline(TableSchema table, Schema schema) {
    return new AvroRecordDecoder(table, null, null, recordSchema(schema));
  }

  /** As {@link #confluent}, into the staging columns of {@code fields} (see the class doc). */
  static AvroRecordDecoder confluentFields(List<String> fields, SchemaRegistry registry) {
    return new AvroRecordDecoder(null, fields, registry, null);
  }

  /** As {@link #inline}, into the staging columns of {@code fields} (see the class doc). */
  static AvroRecordDecoder inlineFields(List<String> fields, Schema schema) {
    return new AvroRecordDecoder(null, fields, null, recordSchema(schema));
  }

  private static Schema recordSchema(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "avro_schema must be a record schema");
    }
    return schema;
  }

  @Override
  public void rowNumber(long number) {
    rowNumber = number;
  }

  /** Parses an inline schema; a bad one fails with 22023. */
  public static Schema parseSchema(String json) {
    try {
      return new Schema.Parser().parse(json);
    } catch (RuntimeException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "avro_schema is not a valid Avro schema: " + e.getMessage());
    }
  }

  @Override
  public void decode(byte @Nullable [] value, RowAssembler row) {
    if (value == null) {
      throw new AuroraException(ErrorCode.INVALID_TEXT_REPRESENTATION, "record has no value");
    }
    Schema schema;
    int offset;
    if (registry != null) {
      if (value.length < 5 || value[0] != 0) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION,
            "record is not in the Confluent Avro wire format (a 0 byte and a 4-byte schema id)");
      }
      int id = ByteBuffer.wrap(value, 1, 4).getInt();
      schema = registry.schema(id);
      offset = 5;
    } else {
      schema = java.util.Objects.requireNonNull(inlineSchema);
      offset = 0;
    }
    Reader reader = readers.computeIfAbsent(schema, this::reader);
    GenericRecord record;
    try {
      decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder);
      record = reader.datumReader().read(null, decoder);
      if (!decoder.isEnd()) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record has bytes after its Avro datum");
      }
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed Avro record: " + e.getMessage(), e);
    }
    try {
      if (fieldPaths != null) {
        for (int column = 0; column < fieldPaths.size(); column++) {
          String text = text(record, fieldPaths.get(column));
          if (text == null) {
            row.setNull(column);
          } else {
            row.setText(column, text);
          }
        }
        row.setLong(fieldPaths.size(), rowNumber);
        row.commitRow();
        return;
      }
      List<Schema.Field> fields = schema.getFields();
      for (int position = 0; position < fields.size(); position++) {
        int column = reader.columns()[position];
        if (column >= 0) {
          set(row, column, record.get(position), fields.get(position).schema());
        }
      }
      row.commitRow();
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    }
  }

  private Reader reader(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new AuroraException(
          ErrorCode.DATATYPE_MISMATCH, "Avro schema " + schema.getFullName() + " is not a record");
    }
    List<Schema.Field> fields = schema.getFields();
    int[] columns = new int[fields.size()];
    for (int position = 0; position < columns.length; position++) {
      Integer column = columnsByName.get(fields.get(position).name().toLowerCase(Locale.ROOT));
      columns[position] = column == null ? -1 : column;
    }
    return new Reader(new GenericDatumReader<>(schema), columns);
  }

  private static void set(RowAssembler row, int column, @Nullable Object value, Schema schema) {
    if (value == null) {
      row.setNull(column);
      return;
    }
    Schema type = nonNull(schema, value);
    LogicalType logical = type.getLogicalType();
    if (value instanceof Long || value instanceof Integer) {
      long number = ((Number) value).longValue();
      if (logical instanceof LogicalTypes.TimestampMicros) {
        row.setTimestampMicros(column, number);
      } else {
        // timestamp-millis is epoch milliseconds, date is days: setLong reads them so.
        row.setLong(column, number);
      }
    } else if (value instanceof CharSequence
        || value instanceof org.apache.avro.generic.GenericEnumSymbol) {
      row.setText(column, value.toString());
    } else if (value instanceof Double || value instanceof Float) {
      row.setDouble(column, ((Number) value).doubleValue());
    } else if (value instanceof Boolean bool) {
      row.setBoolean(column, bool);
    } else if (value instanceof ByteBuffer bytes
        && logical instanceof LogicalTypes.Decimal decimal) {
      byte[] unscaled = new byte[bytes.remaining()];
      bytes.duplicate().get(unscaled);
      row.setDecimal(column, new BigDecimal(new BigInteger(unscaled), decimal.getScale()));
    } else if (value instanceof org.apache.avro.generic.GenericFixed fixed
        && logical instanceof LogicalTypes.Decimal decimal) {
      row.setDecimal(column, new BigDecimal(new BigInteger(fixed.bytes()), decimal.getScale()));
    } else if (row.type(column).kind() == io.aurora.storage.type.TypeKind.VARCHAR) {
      row.setText(column, value.toString());
    } else {
      throw new AuroraException(
          ErrorCode.DATATYPE_MISMATCH,
          "Avro "
              + type.getType().getName()
              + " value does not fit column type "
              + row.type(column));
    }
  }

  /** The text of the field at {@code path} (names matched case-insensitively), or null. */
  private static @Nullable String text(GenericRecord record, String[] path) {
    Object value = record;
    Schema schema = record.getSchema();
    for (String name : path) {
      if (!(value instanceof GenericRecord nested)) {
        return null;
      }
      Schema.Field field = null;
      for (Schema.Field candidate : nested.getSchema().getFields()) {
        if (candidate.name().equalsIgnoreCase(name)) {
          field = candidate;
          break;
        }
      }
      if (field == null) {
        return null;
      }
      value = nested.get(field.pos());
      if (value == null) {
        return null;
      }
      schema = nonNull(field.schema(), value);
    }
    LogicalType logical = schema.getLogicalType();
    if (value instanceof ByteBuffer bytes && logical instanceof LogicalTypes.Decimal decimal) {
      byte[] unscaled = new byte[bytes.remaining()];
      bytes.duplicate().get(unscaled);
      return new BigDecimal(new BigInteger(unscaled), decimal.getScale()).toPlainString();
    }
    if (value instanceof org.apache.avro.generic.GenericFixed fixed
        && logical instanceof LogicalTypes.Decimal decimal) {
      return new BigDecimal(new BigInteger(fixed.bytes()), decimal.getScale()).toPlainString();
    }
    if (value instanceof Number number && logical != null) {
      switch (logical.getName()) {
        case "timestamp-millis", "local-timestamp-millis" -> {
          return TextFormats.formatTimestamp(Math.multiplyExact(number.longValue(), 1000L));
        }
        case "timestamp-micros", "local-timestamp-micros" -> {
          return TextFormats.formatTimestamp(number.longValue());
        }
        case "date" -> {
          return TextFormats.formatDate(number.intValue());
        }
        default -> {
          // time-millis, time-micros and others: the number as written
        }
      }
    }
    if (value instanceof CharSequence
        || value instanceof org.apache.avro.generic.GenericEnumSymbol
        || value instanceof Number
        || value instanceof Boolean) {
      return value.toString();
    }
    return GenericData.get().toString(value);
  }

  /** The branch of a union that holds {@code value} (a nullable field is a union with null). */
  private static Schema nonNull(Schema schema, Object value) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    try {
      return schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
    } catch (AvroRuntimeException e) {
      return schema;
    }
  }
}
