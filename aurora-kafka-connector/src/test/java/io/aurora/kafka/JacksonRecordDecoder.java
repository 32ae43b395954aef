package io.aurora.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The test oracle of {@link JsonRecordDecoder}: the same mapping of JSON records to rows, read with
 * Jackson's streaming parser (which the decoder used before it had its own), so that both can be
 * run on the same records and compared.
 */
final class JacksonRecordDecoder implements RecordDecoder {
  private static final com.fasterxml.jackson.core.JsonFactory FACTORY =
      com.fasterxml.jackson.core.JsonFactory.builder()
          .streamReadConstraints(
              com.fasterxml.jackson.core.StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .build())
          .build();

  private final Map<String, Integer> columnsByName = new HashMap<>();
  // Field names as records spell them (Jackson hands out the same interned String for a name it
  // has seen), to the column or -1: saves lower-casing every field of every record.
  private final Map<String, Integer> columnsBySpelling = new HashMap<>();

  JacksonRecordDecoder(TableSchema schema) {
    for (int c = 0; c < schema.columnCount(); c++) {
      columnsByName.put(schema.column(c).name().toLowerCase(Locale.ROOT), c);
    }
  }

  private @Nullable Integer column(String name) {
    Integer column = columnsBySpelling.get(name);
    if (column == null) {
      Integer found = columnsByName.get(name.toLowerCase(Locale.ROOT));
      column = found == null ? -1 : found;
      if (columnsBySpelling.size() < 4096) {
        columnsBySpelling.put(name, column);
      }
    }
    return column < 0 ? null : column;
  }

  @Override
  public void decode(byte @Nullable [] value, RowAssembler row) {
    if (value == null) {
      throw new AuroraException(ErrorCode.INVALID_TEXT_REPRESENTATION, "record has no value");
    }
    decode(value, 0, value.length, row);
  }

  /** Decodes the record in {@code length} bytes of {@code bytes} from {@code offset}. */
  public void decode(byte[] bytes, int offset, int length, RowAssembler row) {
    try (JsonParser parser = FACTORY.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record is not a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        Integer column = column(parser.currentName());
        JsonToken valueToken = parser.nextToken();
        if (column == null) {
          parser.skipChildren();
          continue;
        }
        setField(parser, valueToken, column, row);
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record has bytes after its JSON object");
      }
      row.commitRow();
    } catch (IOException e) {
      row.abandonRow();
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed JSON: " + firstLine(e.getMessage()), e);
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    }
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable record";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static void setField(JsonParser parser, JsonToken token, int column, RowAssembler row)
      throws IOException {
    switch (token) {
      case VALUE_NULL -> row.setNull(column);
      case VALUE_STRING -> row.setText(column, parser.getText());
      case VALUE_NUMBER_INT -> {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          row.setDecimal(column, new java.math.BigDecimal(parser.getBigIntegerValue()));
        } else {
          row.setLong(column, parser.getLongValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        if (row.type(column).kind() == io.aurora.storage.type.TypeKind.DOUBLE
            || row.type(column).kind() == io.aurora.storage.type.TypeKind.REAL) {
          row.setDouble(column, parser.getDoubleValue());
        } else {
          row.setDecimal(column, parser.getDecimalValue());
        }
      }
      case VALUE_TRUE -> row.setBoolean(column, true);
      case VALUE_FALSE -> row.setBoolean(column, false);
      default ->
          throw new AuroraException(
              ErrorCode.DATATYPE_MISMATCH,
              "field \""
                  + parser.currentName()
                  + "\" is a JSON "
                  + (token == JsonToken.START_ARRAY ? "array" : "object")
                  + ", which no column type holds");
    }
  }
}
