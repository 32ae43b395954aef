package io.aurora.sql.expression;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's {@code json_extract_path} and {@code json_extract_path_text} over JSON kept as text:
 * walks a path of object keys (matched exactly; of duplicate keys the last one counts, as in
 * PostgreSQL's processing functions) and array positions (from 0), with Jackson's streaming parser.
 * Text that is not JSON fails with 22P02, as PostgreSQL's cast to {@code json} does. Allocates per
 * value (the parser and the result): these functions read the occasional JSON column, such as a
 * pipeline's dead-letter payloads, not a scan's hot path.
 */
final class JsonPaths {
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(256).build())
          .build();

  private JsonPaths() {}

  /**
   * The value at {@code path} in the JSON text {@code bytes[start, end)}: as text ({@code asText}:
   * a string without its quotes, JSON null as NULL, anything else as its JSON) or as its JSON; NULL
   * when the path leads nowhere.
   */
  static @Nullable String extract(byte[] bytes, int start, int end, String[] path, boolean asText) {
    byte[] json = Arrays.copyOfRange(bytes, start, end);
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw invalid("the input is empty");
      }
      String found = find(parser, token, path, 0, json, asText);
      if (parser.nextToken() != null) {
        throw invalid("more than one JSON value");
      }
      return found;
    } catch (IOException e) {
      String message = e.getMessage() == null ? "malformed JSON" : e.getMessage();
      int newline = message.indexOf('\n');
      throw invalid(newline < 0 ? message : message.substring(0, newline));
    }
  }

  /** Finds the rest of the path in the value starting at {@code token}, consuming that value. */
  private static @Nullable String find(
      JsonParser parser, JsonToken token, String[] path, int depth, byte[] json, boolean asText)
      throws IOException {
    if (depth == path.length) {
      return value(parser, token, json, asText);
    }
    String key = path[depth];
    String found = null;
    if (token == JsonToken.START_OBJECT) {
      for (JsonToken next = parser.nextToken();
          next == JsonToken.FIELD_NAME;
          next = parser.nextToken()) {
        boolean isKey = parser.currentName().equals(key);
        JsonToken value = parser.nextToken();
        if (isKey) {
          found = find(parser, value, path, depth + 1, json, asText);
        } else {
          parser.skipChildren();
        }
      }
    } else if (token == JsonToken.START_ARRAY) {
      int index = index(key);
      int i = 0;
      for (JsonToken next = parser.nextToken();
          next != JsonToken.END_ARRAY;
          next = parser.nextToken(), i++) {
        if (i == index) {
          found = find(parser, next, path, depth + 1, json, asText);
        } else {
          parser.skipChildren();
        }
      }
    }
    return found;
  }

  private static @Nullable String value(
      JsonParser parser, JsonToken token, byte[] json, boolean asText) throws IOException {
    switch (token) {
      case VALUE_NULL -> {
        return asText ? null : "null";
      }
      case VALUE_STRING -> {
        String text = parser.getText();
        return asText
            ? text
            : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
      }
      case START_OBJECT, START_ARRAY -> {
        int from = (int) parser.currentTokenLocation().getByteOffset();
        parser.skipChildren();
        int to = (int) parser.currentLocation().getByteOffset();
        return new String(json, from, to - from, StandardCharsets.UTF_8);
      }
      default -> {
        return parser.getText();
      }
    }
  }

  /** An array position from a path element, or -1 when it is not one. */
  private static int index(String key) {
    if (key.isEmpty() || key.length() > 9) {
      return -1;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(key);
  }

  private static AuroraException invalid(String detail) {
    return new AuroraException(
        ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json: " + detail);
  }
}
