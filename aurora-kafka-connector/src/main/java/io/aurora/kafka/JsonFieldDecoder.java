package io.aurora.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of JSON records that a {@link RecordTransform} asks for into VARCHAR staging
 * columns, as text: strings as they are, numbers and booleans as written, a nested object or array
 * as its JSON text; {@code null} and missing fields are NULL. A field is named by its path from the
 * top, joined by dots ({@code user.id}), matched case-insensitively. The last staging column is the
 * record's row number, set by the pipeline.
 */
final class JsonFieldDecoder implements FieldDecoder {
  private final Map<String, Integer> columnsByPath = new HashMap<>();
  private final int rowNumberColumn;
  private long rowNumber;

  JsonFieldDecoder(List<String> fields) {
    for (int c = 0; c < fields.size(); c++) {
      columnsByPath.putIfAbsent(fields.get(c).toLowerCase(Locale.ROOT), c);
    }
    this.rowNumberColumn = fields.size();
  }

  @Override
  public void rowNumber(long number) {
    rowNumber = number;
  }

  @Override
  public void decode(byte @Nullable [] value, RowAssembler row) {
    if (value == null) {
      throw new AuroraException(ErrorCode.INVALID_TEXT_REPRESENTATION, "record has no value");
    }
    try (JsonParser parser = RecordJsonFactory.INSTANCE.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record is not a JSON object");
      }
      readObject(parser, "", value, row);
      if (parser.nextToken() != null) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record has bytes after its JSON object");
      }
      row.setLong(rowNumberColumn, rowNumber);
      row.commitRow();
    } catch (IOException e) {
      row.abandonRow();
      String message = e.getMessage() == null ? "unreadable record" : e.getMessage();
      int newline = message.indexOf('\n');
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "malformed JSON: " + (newline < 0 ? message : message.substring(0, newline)),
          e);
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    }
  }

  /** Reads the fields of the object whose START_OBJECT the parser is on. */
  private void readObject(JsonParser parser, String prefix, byte[] value, RowAssembler row)
      throws IOException {
    for (JsonToken token = parser.nextToken();
        token == JsonToken.FIELD_NAME;
        token = parser.nextToken()) {
      String path = prefix + parser.currentName().toLowerCase(Locale.ROOT);
      JsonToken valueToken = parser.nextToken();
      Integer column = columnsByPath.get(path);
      switch (valueToken) {
        case START_OBJECT -> {
          // Read its fields too: both user and user.id may be asked for.
          int start = (int) parser.currentTokenLocation().getByteOffset();
          readObject(parser, path + ".", value, row);
          if (column != null) {
            int end = (int) parser.currentLocation().getByteOffset();
            row.setText(column, new String(value, start, end - start, StandardCharsets.UTF_8));
          }
        }
        case START_ARRAY -> {
          if (column != null) {
            row.setText(column, rawText(parser, value));
          } else {
            parser.skipChildren();
          }
        }
        case VALUE_NULL -> {
          if (column != null) {
            row.setNull(column);
          }
        }
        default -> {
          if (column != null) {
            row.setText(column, parser.getText());
          }
        }
      }
    }
  }

  /** The JSON text of the object or array starting at the current token; skips past it. */
  private static String rawText(JsonParser parser, byte[] value) throws IOException {
    int start = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getByteOffset();
    return new String(value, start, end - start, StandardCharsets.UTF_8);
  }
}
