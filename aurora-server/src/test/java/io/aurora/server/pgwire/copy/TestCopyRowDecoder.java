package io.aurora.server.pgwire.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestCopyRowDecoder {
  @Test
  void textEscapesNullsAndLineEnds() {
    assertThat(decode(CopyOptions.TEXT, "a\\tb\t\\N\t\\101\\x42\\\\\r\nx\\\ty\t\t\n"))
        .containsExactly(List.of("1", "a\tb", "null", "AB\\"), List.of("2", "x\ty", "", ""));
  }

  @Test
  void csvQuotesEscapesAndEndMarker() {
    CopyOptions backslashEscape = new CopyOptions(CopyOptions.Format.CSV, true, ',', "", '"', '\\');
    assertThat(decode(backslashEscape, "h1,h2\n\"a\\\"b\",\"\"\n,\"x\\y\"\n\\.\nignored,row\n"))
        .containsExactly(List.of("2", "a\"b", ""), List.of("3", "null", "x\\y"));
  }

  @Test
  void unterminatedQuoteFailsAtTheEnd() {
    CopyRowDecoder decoder = new CopyRowDecoder(CopyOptions.CSV, "COPY t", (fields, line) -> {});
    byte[] data = "1,\"open\n".getBytes(StandardCharsets.UTF_8);
    decoder.decode(data, 0, data.length);
    assertThatThrownBy(decoder::finish)
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_COPY_FILE_FORMAT))
        .hasMessage("COPY t, line 1: unterminated CSV quoted field");
  }

  /**
   * Rows written by {@link CopyRowEncoder} (text and CSV, including backslash escapes, quotes,
   * delimiters and line breaks inside fields, NULLs and non-ASCII text) read back as written, in
   * chunks of one byte, of the whole input and of random sizes: a run of plain bytes copied at once
   * may end anywhere.
   */
  @Test
  void encodedRowsReadBackWhateverTheChunks() {
    java.util.Random random = new java.util.Random(20261207);
    String alphabet = "abc,\t\"\\\n\r\u00e9N.";
    CopyOptions semicolons = new CopyOptions(CopyOptions.Format.CSV, false, ';', "NULL", '"', '\\');
    for (CopyOptions options : List.of(CopyOptions.TEXT, CopyOptions.CSV, semicolons)) {
      CopyRowEncoder encoder = new CopyRowEncoder(options);
      for (int round = 0; round < 200; round++) {
        List<List<String>> rows = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (int row = 0; row < 1 + random.nextInt(5); row++) {
          List<String> fields = new ArrayList<>();
          for (int field = 0; field < 1 + random.nextInt(4); field++) {
            if (random.nextInt(8) == 0) {
              fields.add(null);
              continue;
            }
            StringBuilder value = new StringBuilder();
            for (int c = random.nextInt(12); c > 0; c--) {
              value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            fields.add(value.toString());
          }
          input.append(encoder.encode(fields));
          List<String> expected = new ArrayList<>();
          expected.add(Integer.toString(row + 1));
          for (String field : fields) {
            expected.add(String.valueOf(field));
          }
          rows.add(expected);
        }
        byte[] data = input.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(decode(options, data, 1)).as("%s", input).isEqualTo(rows);
        assertThat(decode(options, data, data.length + 1)).as("%s", input).isEqualTo(rows);
        assertThat(decode(options, data, 1 + random.nextInt(7))).as("%s", input).isEqualTo(rows);
      }
    }
  }

  /** Decodes the input in chunks of {@code chunk} bytes; each row starts with its line number. */
  private static List<List<String>> decode(CopyOptions options, byte[] data, int chunk) {
    List<List<String>> rows = new ArrayList<>();
    CopyRowDecoder decoder =
        new CopyRowDecoder(
            options,
            "COPY t",
            (fields, line) -> {
              List<String> row = new ArrayList<>();
              row.add(Long.toString(line));
              for (int i = 0; i < fields.size(); i++) {
                row.add(String.valueOf(fields.text(i)));
              }
              rows.add(row);
            });
    for (int i = 0; i < data.length; i += chunk) {
      decoder.decode(data, i, Math.min(chunk, data.length - i));
    }
    decoder.finish();
    return rows;
  }

  /** Decodes the input fed one byte at a time; each row starts with its line number. */
  private static List<List<String>> decode(CopyOptions options, String input) {
    return decode(options, input.getBytes(StandardCharsets.UTF_8), 1);
  }
}
