package io.aurora.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder's own JSON parser against Jackson's ({@link JacksonRecordDecoder}) on random records,
 * well-formed and damaged: each record decodes to the same row with both, or fails with both with
 * the same SQLSTATE.
 */
class TestJsonRecordDecoder {
  private static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              ColumnSchema.of("ts", DataType.TIMESTAMP),
              ColumnSchema.of("User_Id", DataType.BIGINT),
              ColumnSchema.of("url", DataType.VARCHAR),
              ColumnSchema.of("price", DataType.decimal(10, 2)),
              ColumnSchema.of("score", DataType.DOUBLE),
              ColumnSchema.of("ok", DataType.BOOLEAN),
              ColumnSchema.of("n", DataType.INTEGER),
              ColumnSchema.of("Zürich", DataType.VARCHAR),
              new ColumnSchema("id", DataType.BIGINT, false)));

  private static final String[] STRINGS = {
    "",
    "/a",
    "caf\u00e9",
    "\u65e5\u672c",
    "\ud83d\ude00",
    "2026-12-01 10:00:00.123",
    "2026-12-01T10:00:00.5+01:00",
    "12",
    "-7",
    "t",
    "false",
    "1.25",
    "x y",
    "NaN"
  };
  private static final String[] ESCAPES = {
    "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\\t", "\\u0041", "\\b"
  };
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "7",
    "-42",
    "2147483648",
    "3000000000",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "123456789012345678901234567890",
    "1.5",
    "-0.25",
    "1e3",
    "2.5E-3",
    "1796119200123",
    "12.345",
    "0.1"
  };
  private static final String[] DAMAGE = {
    "{", "}", "[", "]", "\"", ",", ":", "x", "0", " ", "\\", "\u0001", "-", ".", "e", "tru", "nul"
  };

  @Test
  void decodesEveryRecordAsJacksonDoes() {
    Random random = new Random(20261208);
    RowAssembler ours = new RowAssembler(SCHEMA);
    RowAssembler theirs = new RowAssembler(SCHEMA);
    JsonRecordDecoder decoder = new JsonRecordDecoder(SCHEMA);
    JacksonRecordDecoder oracle = new JacksonRecordDecoder(SCHEMA);
    int good = 0;
    int bad = 0;
    for (int i = 0; i < 20_000; i++) {
      String record = record(random);
      byte[] written = record.getBytes(StandardCharsets.UTF_8);
      byte[] bytes = random.nextInt(3) == 0 ? damage(random, written) : written;
      ErrorCode ourError = outcome(() -> decoder.decode(bytes, ours));
      ErrorCode theirError = outcome(() -> oracle.decode(bytes, theirs));
      assertThat(ourError)
          .as("record %s", new String(bytes, StandardCharsets.UTF_8))
          .isEqualTo(theirError);
      if (ourError == null) {
        good++;
      } else {
        bad++;
      }
    }
    assertThat(good).as("decoded records").isGreaterThan(2_000);
    assertThat(bad).as("refused records").isGreaterThan(3_000);
    Page ourPage = ours.finish();
    Page theirPage = theirs.finish();
    assertThat(ourPage.rowCount()).isEqualTo(good);
    assertThat(TestRecordDecoders.rowsOf(ourPage)).isEqualTo(TestRecordDecoders.rowsOf(theirPage));
  }

  /**
   * Newline-delimited bodies read line by line in one pass ({@link JsonRecordDecoder#decodeLine})
   * give the rows and bad line numbers of cutting the lines first and decoding each.
   */
  @Test
  void readsNewlineDelimitedBodiesAsLineByLine() {
    Random random = new Random(8);
    String[] blanks = {"", "  ", "\t", " \r", "\r", " \r "};
    for (int body = 0; body < 300; body++) {
      StringBuilder text = new StringBuilder();
      for (int line = random.nextInt(40); line >= 0; line--) {
        String record =
            random.nextInt(6) == 0 ? blanks[random.nextInt(blanks.length)] : record(random);
        if (!record.isBlank() && random.nextInt(4) == 0) {
          record =
              new String(
                  damage(random, record.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
        text.append(record.replace("\n", random.nextBoolean() ? "\r\n" : "\n"));
        if (line > 0 || random.nextBoolean()) {
          text.append(random.nextBoolean() ? "\r\n" : "\n");
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      RowAssembler expectedRows = new RowAssembler(SCHEMA);
      List<String> expectedBad = cutThenDecode(bytes, expectedRows);
      RowAssembler rows = new RowAssembler(SCHEMA);
      List<String> bad = new ArrayList<>();
      JsonRecordDecoder decoder = new JsonRecordDecoder(SCHEMA);
      int start = 0;
      int line = 0;
      while (start < bytes.length) {
        line++;
        try {
          start = decoder.decodeLine(bytes, start, bytes.length, rows);
        } catch (AuroraException e) {
          start = decoder.nextLine();
          bad.add(line + " " + e.errorCode().sqlState());
        }
      }
      assertThat(bad).as("body %s", text).isEqualTo(expectedBad);
      assertThat(TestRecordDecoders.rowsOf(rows.finish()))
          .as("body %s", text)
          .isEqualTo(TestRecordDecoders.rowsOf(expectedRows.finish()));
    }
  }

  /** The bad lines (number and SQLSTATE) of cutting {@code body} into lines, then decoding. */
  private static List<String> cutThenDecode(byte[] body, RowAssembler rows) {
    JsonRecordDecoder decoder = new JsonRecordDecoder(SCHEMA);
    List<String> bad = new ArrayList<>();
    int line = 0;
    int start = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      line++;
      int last = end > start && body[end - 1] == '\r' ? end - 1 : end;
      boolean isBlank = true;
      for (int i = start; i < last; i++) {
        isBlank &= body[i] == ' ' || body[i] == '\t';
      }
      if (!isBlank) {
        try {
          decoder.decode(body, start, last - start, rows);
        } catch (AuroraException e) {
          bad.add(line + " " + e.errorCode().sqlState());
        }
      }
      start = end + 1;
    }
    return bad;
  }

  @Test
  void readsRecordsWithinALargerBuffer() {
    RowAssembler rows = new RowAssembler(SCHEMA);
    JsonRecordDecoder decoder = new JsonRecordDecoder(SCHEMA);
    byte[] body =
        "{\"id\": 1, \"url\": \"/a\"}\n{\"ID\": 2, \"N\": 3}\n".getBytes(StandardCharsets.UTF_8);
    decoder.decode(body, 0, 22, rows);
    decoder.decode(body, 23, body.length - 24, rows);
    assertThat(TestRecordDecoders.rowsOf(rows.finish()))
        .containsExactly(
            java.util.Arrays.asList(null, null, "/a", null, null, null, null, null, 1L),
            java.util.Arrays.asList(null, null, null, null, null, null, 3, null, 2L));
  }

  private interface Action {
    void run();
  }

  private static ErrorCode outcome(Action action) {
    try {
      action.run();
      return null;
    } catch (AuroraException e) {
      return e.errorCode();
    }
  }

  private static String record(Random random) {
    StringBuilder json = new StringBuilder("{");
    int fields = random.nextInt(9);
    List<String> written = new ArrayList<>();
    if (random.nextInt(10) != 0) {
      written.add("\"id\": " + random.nextInt(1000)); // NOT NULL: mostly present
    }
    for (int f = 0; f < fields; f++) {
      written.add(name(random) + ": " + value(random, 0));
    }
    java.util.Collections.shuffle(written, random);
    json.append(String.join(random.nextBoolean() ? ", " : ",", written));
    return json.append(random.nextInt(8) == 0 ? " }\n" : "}").toString();
  }

  private static String name(Random random) {
    String name =
        random.nextInt(6) == 0
            ? "extra" + random.nextInt(3)
            : SCHEMA.column(random.nextInt(SCHEMA.columnCount())).name();
    StringBuilder spelled = new StringBuilder("\"");
    for (char c : name.toCharArray()) {
      int pick = random.nextInt(10);
      if (pick == 0) {
        spelled.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (pick < 4) {
        spelled.append(Character.toUpperCase(c));
      } else {
        spelled.append(c);
      }
    }
    return spelled.append('"').toString();
  }

  private static String value(Random random, int depth) {
    switch (random.nextInt(depth < 3 ? 8 : 6)) {
      case 0:
        return "null";
      case 1:
        return random.nextBoolean() ? "true" : "false";
      case 2:
      case 3:
        return NUMBERS[random.nextInt(NUMBERS.length)];
      case 4:
      case 5:
        StringBuilder text = new StringBuilder("\"");
        for (int k = random.nextInt(3); k >= 0; k--) {
          text.append(
              random.nextInt(3) == 0
                  ? ESCAPES[random.nextInt(ESCAPES.length)]
                  : STRINGS[random.nextInt(STRINGS.length)]);
        }
        return text.append('"').toString();
      case 6:
        List<String> items = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
          items.add(value(random, depth + 1));
        }
        return "[" + String.join(", ", items) + "]";
      default:
        List<String> members = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
          members.add("\"k" + k + "\": " + value(random, depth + 1));
        }
        return "{" + String.join(", ", members) + "}";
    }
  }

  private static byte[] damage(Random random, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = random.nextInt(text.length() + 1);
    switch (random.nextInt(4)) {
      case 0:
        return text.substring(0, at).getBytes(StandardCharsets.UTF_8);
      case 1:
        {
          String inserted = DAMAGE[random.nextInt(DAMAGE.length)];
          return (text.substring(0, at) + inserted + text.substring(at))
              .getBytes(StandardCharsets.UTF_8);
        }
      case 2:
        {
          if (at == text.length()) {
            return bytes;
          }
          String replaced = DAMAGE[random.nextInt(DAMAGE.length)];
          return (text.substring(0, at) + replaced + text.substring(at + 1))
              .getBytes(StandardCharsets.UTF_8);
        }
      default:
        {
          // A byte that cannot start or continue UTF-8 here.
          byte[] damaged = bytes.clone();
          damaged[random.nextInt(damaged.length)] = (byte) 0xFF;
          return damaged;
        }
    }
  }
}
