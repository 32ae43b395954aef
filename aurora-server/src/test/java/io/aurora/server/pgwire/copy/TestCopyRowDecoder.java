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

  /** Decodes the input fed one byte at a time; each row starts with its line number. */
  private static List<List<String>> decode(CopyOptions options, String input) {
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
    byte[] data = input.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < data.length; i++) {
      decoder.decode(data, i, 1);
    }
    decoder.finish();
    return rows;
  }
}
