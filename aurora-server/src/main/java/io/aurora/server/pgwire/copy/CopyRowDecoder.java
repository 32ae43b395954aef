package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a stream of COPY bytes into rows of fields, in PostgreSQL's text or CSV format, however
 * the stream is cut into chunks: a row, a field, a quoted newline or an escape sequence may span
 * any number of {@link #decode} calls. Only the row being read is held in memory.
 *
 * <p>Text format: rows end at LF, CR or CR LF; fields are split at the delimiter; a backslash
 * escapes the next byte ({@code \t \n \r \b \f \v}, octal {@code \NNN}, hex {@code \xHH}, else the
 * byte itself); a field whose raw text equals the NULL string is NULL. CSV: a field may be quoted,
 * and inside quotes delimiters and line breaks are data and the escape character (by default the
 * quote itself) escapes a quote; an unquoted field equal to the NULL string is NULL. In both, a
 * line holding only {@code \.} ends the data, and the first row is skipped when the options ask for
 * a header.
 *
 * <p>A row's fields are kept as bytes, one after the other in one buffer, and handed to the {@link
 * RowHandler} as {@link Fields}: a loader parses numbers from the bytes and copies ASCII text as it
 * is, with no String per field. Not thread-safe; the {@link Fields} are reused for the next row.
 */
final class CopyRowDecoder {
  /** Receives each row; {@code line} is its 1-based line number in the input, header included. */
  interface RowHandler {
    void row(Fields fields, long line);
  }

  /**
   * The fields of one row, as ranges of one byte buffer (escapes already decoded); valid until the
   * {@link RowHandler} returns.
   */
  static final class Fields {
    private byte[] bytes = new byte[1024];
    private int length;
    private int[] starts = new int[16];
    // The end of each field, or -1 for NULL.
    private int[] ends = new int[16];
    private int count;

    /** The number of fields. */
    int size() {
      return count;
    }

    boolean isNull(int field) {
      return ends[field] < 0;
    }

    /** The bytes of the row's fields together. */
    int byteCount() {
      return length;
    }

    /** The buffer holding the fields' bytes. */
    byte[] bytes() {
      return bytes;
    }

    int start(int field) {
      return starts[field];
    }

    int end(int field) {
      return ends[field];
    }

    /** The field as text, or null for NULL. */
    @Nullable String text(int field) {
      return isNull(field)
          ? null
          : new String(bytes, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** Whether the field's bytes are all ASCII (so they are its UTF-8 text as they are). */
    boolean isAscii(int field) {
      for (int i = starts[field]; i < ends[field]; i++) {
        if (bytes[i] < 0) {
          return false;
        }
      }
      return true;
    }

    private void append(byte b) {
      if (length == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[length++] = b;
    }

    private void append(byte[] data, int offset, int count) {
      if (length + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
      }
      System.arraycopy(data, offset, bytes, length, count);
      length += count;
    }

    private void add(int start, int end) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = start;
      ends[count] = end;
      count++;
    }

    private void clear() {
      length = 0;
      count = 0;
    }
  }

  private static final int MAX_ROW_BYTES = 64 << 20;
  private static final byte[] END_MARKER = {'\\', '.'};

  private final CopyOptions options;
  private final String context;
  private final RowHandler handler;
  private final byte delimiter;
  private final byte quote;
  private final byte escape;
  private final byte[] nullBytes;
  private final Fields fields = new Fields();
  // Where the field being read starts in the fields' buffer.
  private int fieldStart;
  private int rowBytes;
  private boolean isRowStarted;
  private boolean hasBackslash;
  private boolean isQuoted;
  private boolean isInQuotes;
  private boolean isAfterBackslash;
  private boolean isAfterQuoteInQuotes;
  private boolean isAfterEscapeInQuotes;
  private boolean isSkippingLineFeed;
  private boolean isEnded;
  private long line;

  /** {@code context} starts error messages, such as {@code "COPY events"}. */
  CopyRowDecoder(CopyOptions options, String context, RowHandler handler) {
    this.options = requireNonNull(options, "options is null");
    this.context = requireNonNull(context, "context is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.delimiter = (byte) options.delimiter();
    this.quote = (byte) options.quote();
    this.escape = (byte) options.escape();
    this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
  }

  /** The line number of the row being read, or of the last row when between rows. */
  long line() {
    return line;
  }

  /** Reads the next chunk of the stream, handing each completed row to the handler. */
  void decode(byte[] data, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end && !isEnded; i++) {
      byte b = data[i];
      if (isSkippingLineFeed) {
        isSkippingLineFeed = false;
        if (b == '\n') {
          continue;
        }
      }
      if (!isRowStarted) {
        isRowStarted = true;
        line++;
      }
      int run = plainRun(data, i, end);
      if (run > 0) {
        // Bytes that are field data in the current state whatever follows: copied at once.
        rowBytes += run;
        checkRowBytes();
        fields.append(data, i, run);
        i += run - 1;
        continue;
      }
      ++rowBytes;
      checkRowBytes();
      if (options.isCsv()) {
        csvByte(b);
      } else {
        textByte(b);
      }
    }
  }

  private void checkRowBytes() {
    if (rowBytes > MAX_ROW_BYTES) {
      throw new AuroraException(
          ErrorCode.BAD_COPY_FILE_FORMAT,
          context + ", line " + line + ": row is longer than " + (MAX_ROW_BYTES >> 20) + " MiB");
    }
  }

  /**
   * How many bytes from {@code data[from]} on are plain field data in the current state (none of
   * the bytes this state acts on): outside quotes, no delimiter, line break or quote (CSV) or
   * backslash (text); inside CSV quotes, no quote or escape. 0 when {@code data[from]} is not.
   */
  private int plainRun(byte[] data, int from, int end) {
    int i = from;
    if (options.isCsv()) {
      if (isInQuotes) {
        if (isAfterEscapeInQuotes || isAfterQuoteInQuotes) {
          return 0;
        }
        while (i < end && data[i] != quote && data[i] != escape) {
          i++;
        }
      } else {
        while (i < end) {
          byte b = data[i];
          if (b == delimiter || b == '\n' || b == '\r' || b == quote) {
            break;
          }
          i++;
        }
      }
    } else {
      if (isAfterBackslash) {
        return 0;
      }
      while (i < end) {
        byte b = data[i];
        if (b == delimiter || b == '\n' || b == '\r' || b == '\\') {
          break;
        }
        i++;
      }
    }
    return i - from;
  }

  /** Ends the stream: a last row without a line break is read; an open quote is an error. */
  void finish() {
    if (isEnded || !isRowStarted) {
      return;
    }
    if (isAfterQuoteInQuotes) {
      isAfterQuoteInQuotes = false;
      isInQuotes = false;
    }
    if (isInQuotes || isAfterEscapeInQuotes) {
      throw new AuroraException(
          ErrorCode.BAD_COPY_FILE_FORMAT,
          context + ", line " + line + ": unterminated CSV quoted field");
    }
    endRow();
  }

  private void textByte(byte b) {
    if (isAfterBackslash) {
      isAfterBackslash = false;
      append(b);
    } else if (b == '\\') {
      isAfterBackslash = true;
      hasBackslash = true;
      append(b);
    } else if (b == delimiter) {
      endField();
    } else if (b == '\n') {
      endRow();
    } else if (b == '\r') {
      endRow();
      isSkippingLineFeed = true;
    } else {
      append(b);
    }
  }

  private void csvByte(byte b) {
    if (isInQuotes) {
      if (isAfterEscapeInQuotes) {
        isAfterEscapeInQuotes = false;
        if (b == quote || b == escape) {
          append(b);
          return;
        }
        append(escape);
      } else if (isAfterQuoteInQuotes) {
        isAfterQuoteInQuotes = false;
        if (b == quote) {
          append(b);
          return;
        }
        isInQuotes = false;
        csvByte(b);
        return;
      }
      if (b == escape && escape != quote) {
        isAfterEscapeInQuotes = true;
      } else if (b == quote) {
        if (escape == quote) {
          isAfterQuoteInQuotes = true;
        } else {
          isInQuotes = false;
        }
      } else {
        append(b);
      }
    } else if (b == delimiter) {
      endField();
    } else if (b == '\n') {
      endRow();
    } else if (b == '\r') {
      endRow();
      isSkippingLineFeed = true;
    } else if (b == quote) {
      isInQuotes = true;
      isQuoted = true;
    } else {
      append(b);
    }
  }

  private void append(byte b) {
    fields.append(b);
  }

  private void endField() {
    int end = fields.length;
    if (!isQuoted && Arrays.equals(fields.bytes, fieldStart, end, nullBytes, 0, nullBytes.length)) {
      end = -1;
    } else if (!options.isCsv() && hasBackslash) {
      end = unescape(fields.bytes, fieldStart, end);
      fields.length = end;
    }
    fields.add(fieldStart, end);
    fieldStart = fields.length;
    hasBackslash = false;
    isQuoted = false;
  }

  private void endRow() {
    boolean isEndMarker =
        fields.count == 0
            && !isQuoted
            && Arrays.equals(
                fields.bytes, fieldStart, fields.length, END_MARKER, 0, END_MARKER.length);
    endField();
    isRowStarted = false;
    rowBytes = 0;
    isAfterBackslash = false;
    if (isEndMarker) {
      isEnded = true;
    } else if (!(line == 1 && options.hasHeader())) {
      handler.row(fields, line);
    }
    fields.clear();
    fieldStart = 0;
  }

  /**
   * Decodes the backslash escapes of a text-format field in place ({@code raw[from, to)}: the
   * decoded bytes are never more than the escaped ones) and returns the decoded field's end.
   */
  private static int unescape(byte[] raw, int from, int to) {
    byte[] out = raw;
    int length = to;
    int size = from;
    int i = from;
    while (i < length) {
      byte b = raw[i++];
      if (b != '\\' || i == length) {
        out[size++] = b;
        continue;
      }
      byte next = raw[i++];
      switch (next) {
        case 'b' -> out[size++] = '\b';
        case 'f' -> out[size++] = '\f';
        case 'n' -> out[size++] = '\n';
        case 'r' -> out[size++] = '\r';
        case 't' -> out[size++] = '\t';
        case 'v' -> out[size++] = 0x0B;
        case 'x' -> {
          int value = 0;
          int digits = 0;
          while (digits < 2 && i < length && Character.digit(raw[i], 16) >= 0) {
            value = value * 16 + Character.digit(raw[i++], 16);
            digits++;
          }
          out[size++] = digits == 0 ? (byte) 'x' : (byte) value;
        }
        default -> {
          if (next >= '0' && next <= '7') {
            int value = next - '0';
            int digits = 1;
            while (digits < 3 && i < length && raw[i] >= '0' && raw[i] <= '7') {
              value = value * 8 + (raw[i++] - '0');
              digits++;
            }
            out[size++] = (byte) value;
          } else {
            out[size++] = next;
          }
        }
      }
    }
    return size;
  }
}
