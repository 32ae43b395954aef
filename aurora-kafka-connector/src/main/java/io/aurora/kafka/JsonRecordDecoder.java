package io.aurora.kafka;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.TableSchema;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON records (one object per record, RFC 8259, UTF-8 with or without a byte order mark):
 * top-level fields map to columns by name, case-insensitively; unknown fields are skipped (whatever
 * they hold, nested up to {@value #MAX_DEPTH} levels), missing ones are NULL. Strings are read as
 * PostgreSQL reads text input; numbers, booleans and {@code null} directly. A record that is not
 * exactly one JSON object, or a field whose value does not fit its column, is a bad record.
 *
 * <p>A parser of its own, reading the bytes in place: a record of a few hundred bytes costs no
 * parser set-up, field names are matched against the columns without making Strings of them, and
 * only values that columns take become objects. It is as strict as JSON is: no comments, single
 * quotes, leading zeros, trailing commas, NaN, unescaped control characters or malformed UTF-8.
 *
 * <p>Not thread-safe: one per consumer thread.
 */
public final class JsonRecordDecoder implements RecordDecoder {
  private static final int MAX_DEPTH = 64;
  private static final int NO_COLUMN = -1;
  private static final byte[] NONE = new byte[0];

  // Columns by their lower-cased name, for field names that are not plain ASCII.
  private final Map<String, Integer> columnsByName = new HashMap<>();
  // Open addressing over the ASCII-lower-cased hash of the lower-cased column names that are ASCII:
  // slot -> column + 1 (0 is empty).
  private final int[] slots;
  private final byte[][] names;
  private final String[] columnNames;
  private final TypeKind[] kinds;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private char[] chars = new char[64];

  private byte[] bytes = NONE;
  // Reading a line of newline-delimited JSON: a newline ends the record instead of being
  // whitespace.
  private boolean isLine;
  private int nextLine;
  private int position;
  private int end;

  public JsonRecordDecoder(TableSchema schema) {
    int columns = schema.columnCount();
    this.names = new byte[columns][];
    this.columnNames = new String[columns];
    this.kinds = new TypeKind[columns];
    this.slots = new int[Integer.highestOneBit(Math.max(4, columns * 4) - 1) << 1];
    for (int c = 0; c < columns; c++) {
      columnNames[c] = schema.column(c).name();
      String name = columnNames[c].toLowerCase(Locale.ROOT);
      kinds[c] = schema.column(c).type().kind();
      columnsByName.put(name, c);
      if (isAscii(name)) {
        names[c] = name.getBytes(StandardCharsets.US_ASCII);
        int slot = hash(names[c], 0, names[c].length) & (slots.length - 1);
        // Names equal but for case: the last column wins, as in columnsByName.
        while (slots[slot] != 0 && !Arrays.equals(names[slots[slot] - 1], names[c])) {
          slot = (slot + 1) & (slots.length - 1);
        }
        slots[slot] = c + 1;
      }
    }
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
    decodeRecord(bytes, offset, offset + length, row);
  }

  /**
   * Decodes the line of newline-delimited JSON that starts at {@code start} and ends at its {@code
   * '\n'} or at {@code limit}: a record, or nothing for a line of spaces and tabs (and a final CR).
   * Returns where the next line starts. A bad record throws as {@link #decode} does, having set
   * {@link #nextLine()}. The same as finding the line's end first and decoding what is before it
   * (less a final CR), in one pass: a record cannot span lines, since strings refuse a raw newline
   * and a newline is not whitespace here.
   */
  public int decodeLine(byte[] bytes, int start, int limit, RowAssembler row) {
    int i = start;
    while (i < limit && (bytes[i] == ' ' || bytes[i] == '\t')) {
      i++;
    }
    if (i < limit && bytes[i] == '\r' && (i + 1 == limit || bytes[i + 1] == '\n')) {
      i++;
    }
    if (i == limit || bytes[i] == '\n') {
      return Math.min(i + 1, limit);
    }
    isLine = true;
    try {
      int stop = decodeRecord(bytes, start, limit, row);
      return Math.min(stop + 1, limit);
    } catch (AuroraException e) {
      int next = start;
      while (next < limit && bytes[next] != '\n') {
        next++;
      }
      nextLine = Math.min(next + 1, limit);
      throw e;
    } finally {
      isLine = false;
    }
  }

  /** Where the line after the last bad one {@link #decodeLine} read starts. */
  public int nextLine() {
    return nextLine;
  }

  /**
   * Decodes the record in {@code [from, to)}; returns where it stopped: {@code to}, or in a line
   * the line's {@code '\n'}.
   */
  private int decodeRecord(byte[] bytes, int from, int to, RowAssembler row) {
    this.bytes = bytes;
    this.position = from;
    this.end = to;
    int offset = from;
    int length = to - from;
    try {
      if (length >= 3
          && bytes[offset] == (byte) 0xEF
          && bytes[offset + 1] == (byte) 0xBB
          && bytes[offset + 2] == (byte) 0xBF) {
        position += 3;
      }
      if (skipWhitespace() != '{') {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record is not a JSON object");
      }
      readFields(row);
      int after = skipWhitespace();
      if (after != -1 && !(isLine && after == '\n')) {
        throw new AuroraException(
            ErrorCode.INVALID_TEXT_REPRESENTATION, "record has bytes after its JSON object");
      }
      row.commitRow();
      return position;
    } catch (RuntimeException e) {
      row.abandonRow();
      throw e;
    } finally {
      this.bytes = NONE; // not to keep a consumer's batch alive
    }
  }

  /** Reads the members of the record's object; {@code position} is at its '{'. */
  private void readFields(RowAssembler row) {
    position++;
    int next = skipWhitespace();
    if (next == '}') {
      position++;
      return;
    }
    while (true) {
      if (next != '"') {
        throw malformed("expected a field name in double quotes");
      }
      int column = readFieldName();
      if (skipWhitespace() != ':') {
        throw malformed("expected ':' after a field name");
      }
      position++;
      int first = skipWhitespace();
      if (column == NO_COLUMN) {
        skipValue(first, 1);
      } else {
        readValue(first, column, row);
      }
      next = skipWhitespace();
      position++;
      if (next == '}') {
        return;
      }
      if (next != ',') {
        throw malformed("expected ',' or '}' after a field");
      }
      next = skipWhitespace();
    }
  }

  /** The column a field name (at its opening quote) maps to, or {@link #NO_COLUMN}. */
  private int readFieldName() {
    int start = position + 1;
    int i = start;
    int hash = 0;
    while (i < end) {
      int b = bytes[i];
      if (b == '"') {
        position = i + 1;
        return asciiColumn(start, i, hash);
      }
      if (b == '\\' || b < 0x20) {
        break; // escapes, non-ASCII or control characters: the general path
      }
      hash = 31 * hash + lower(b);
      i++;
    }
    position = start - 1;
    String name = readString();
    Integer column = columnsByName.get(name.toLowerCase(Locale.ROOT));
    return column == null ? NO_COLUMN : column;
  }

  private int asciiColumn(int start, int stop, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
      byte[] name = names[slots[slot] - 1];
      if (name.length == stop - start && equalsIgnoringAsciiCase(name, start)) {
        return slots[slot] - 1;
      }
    }
    return NO_COLUMN;
  }

  private boolean equalsIgnoringAsciiCase(byte[] name, int start) {
    for (int k = 0; k < name.length; k++) {
      if (lower(bytes[start + k]) != name[k]) {
        return false;
      }
    }
    return true;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  private static int hash(byte[] name, int start, int stop) {
    int hash = 0;
    for (int i = start; i < stop; i++) {
      hash = 31 * hash + lower(name[i]);
    }
    return hash;
  }

  private void readValue(int first, int column, RowAssembler row) {
    switch (first) {
      case '"' -> row.setText(column, readString());
      case 't' -> {
        expectWord("true");
        row.setBoolean(column, true);
      }
      case 'f' -> {
        expectWord("false");
        row.setBoolean(column, false);
      }
      case 'n' -> {
        expectWord("null");
        row.setNull(column);
      }
      case '{', '[' ->
          throw new AuroraException(
              ErrorCode.DATATYPE_MISMATCH,
              "field \""
                  + columnNames[column]
                  + "\" is a JSON "
                  + (first == '[' ? "array" : "object")
                  + ", which no column type holds");
      default -> readNumber(first, column, row);
    }
  }

  /**
   * Reads a number into {@code column}: integers as integers, others by the column's type; with no
   * {@code row}, only checks it (the value of a field no column takes).
   */
  private void readNumber(int first, int column, @Nullable RowAssembler row) {
    int start = position;
    int i = position;
    if (first == '-') {
      i++;
    }
    int digitsStart = i;
    long value = 0;
    boolean isOverflow = false;
    while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
      int digit = bytes[i] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        isOverflow = true;
      }
      value = value * 10 + digit;
      i++;
    }
    int digits = i - digitsStart;
    if (digits == 0 || (digits > 1 && bytes[digitsStart] == '0')) {
      position = i;
      throw malformed(digits == 0 ? "unexpected character" : "leading zeros in a number");
    }
    boolean isIntegral = true;
    if (i < end && bytes[i] == '.') {
      isIntegral = false;
      i = requireDigits(i + 1);
    }
    if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
      isIntegral = false;
      i++;
      if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
        i++;
      }
      i = requireDigits(i);
    }
    position = i;
    if (row == null) {
      requireValueEnd(); // a field no column takes: checked, not kept
      return;
    }
    if (isIntegral && !isOverflow) {
      row.setLong(column, first == '-' ? -value : value);
    } else {
      String text = new String(bytes, start, i - start, StandardCharsets.US_ASCII);
      if (isIntegral) {
        row.setDecimal(column, new BigDecimal(new BigInteger(text)));
      } else if (kinds[column] == TypeKind.DOUBLE || kinds[column] == TypeKind.REAL) {
        row.setDouble(column, Double.parseDouble(text));
      } else {
        row.setDecimal(column, new BigDecimal(text));
      }
    }
    // After the value, as a streaming parser finds it: a value that does not fit its column is
    // reported before the character that follows it.
    requireValueEnd();
  }

  private int requireDigits(int from) {
    int i = from;
    while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
      i++;
    }
    if (i == from) {
      position = i;
      throw malformed("expected a digit in a number");
    }
    return i;
  }

  /** A value must be followed by whitespace, ',', '}', ']' or the end. */
  private void requireValueEnd() {
    if (position < end) {
      int b = bytes[position];
      if (b != ',' && b != '}' && b != ']' && !isWhitespace(b)) {
        throw malformed("unexpected character after a value");
      }
    }
  }

  private void expectWord(String word) {
    if (end - position < word.length()) {
      throw malformed("unexpected end of the record");
    }
    for (int k = 0; k < word.length(); k++) {
      if (bytes[position + k] != word.charAt(k)) {
        throw malformed("unrecognized token");
      }
    }
    position += word.length();
    // A letter or digit right after the word makes it another token (truex); anything else is
    // found by what reads next, after the value was taken, as a streaming parser finds it.
    if (position < end) {
      int b = bytes[position];
      if (b < 0 || (b >= '0' && b != ']' && b != '}' && Character.isJavaIdentifierPart(b))) {
        throw malformed("unrecognized token");
      }
    }
  }

  /** Skips a value of a field no column takes; {@code depth} counts the enclosing containers. */
  private void skipValue(int first, int depth) {
    switch (first) {
      case '"' -> skipString();
      case 't' -> expectWord("true");
      case 'f' -> expectWord("false");
      case 'n' -> expectWord("null");
      case '{', '[' -> skipContainer(first == '{' ? '}' : ']', depth + 1);
      default -> readNumber(first, NO_COLUMN, null);
    }
  }

  private void skipContainer(int close, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed("nested deeper than " + MAX_DEPTH + " levels");
    }
    position++;
    int next = skipWhitespace();
    if (next == close) {
      position++;
      return;
    }
    while (true) {
      if (close == '}') {
        if (next != '"') {
          throw malformed("expected a field name in double quotes");
        }
        skipString();
        if (skipWhitespace() != ':') {
          throw malformed("expected ':' after a field name");
        }
        position++;
        next = skipWhitespace();
      }
      skipValue(next, depth);
      next = skipWhitespace();
      position++;
      if (next == close) {
        return;
      }
      if (next != ',') {
        throw malformed("expected ',' or '" + (char) close + "'");
      }
      next = skipWhitespace();
    }
  }

  private void skipString() {
    // Validated as readString validates it; the String is not kept.
    readString();
  }

  /** Reads a string at its opening quote, escapes resolved, UTF-8 checked. */
  private String readString() {
    int start = position + 1;
    int i = start;
    boolean isAscii = true;
    while (true) {
      if (i >= end) {
        position = i;
        throw malformed("unterminated string");
      }
      int b = bytes[i];
      if (b == '"') {
        break;
      }
      if (b == '\\') {
        return readEscapedString(start);
      }
      if (b >= 0 && b < 0x20) {
        position = i;
        throw malformed("unescaped control character in a string");
      }
      isAscii &= b >= 0;
      i++;
    }
    position = i + 1;
    if (isAscii) {
      return new String(bytes, start, i - start, StandardCharsets.ISO_8859_1);
    }
    return utf8(start, i);
  }

  private String utf8(int start, int stop) {
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, start, stop - start)).toString();
    } catch (CharacterCodingException e) {
      position = start;
      throw malformed("a string is not valid UTF-8");
    }
  }

  /** The general path of {@link #readString}, for a string with escapes. */
  private String readEscapedString(int start) {
    int length = 0;
    int i = start;
    int runStart = start;
    while (true) {
      if (i >= end) {
        position = i;
        throw malformed("unterminated string");
      }
      int b = bytes[i];
      if (b == '"' || b == '\\') {
        length = appendRun(length, runStart, i);
        if (b == '"') {
          position = i + 1;
          return new String(chars, 0, length);
        }
        if (i + 1 >= end) {
          position = i;
          throw malformed("unterminated string");
        }
        char decoded;
        int escape = bytes[i + 1];
        i += 2;
        switch (escape) {
          case '"' -> decoded = '"';
          case '\\' -> decoded = '\\';
          case '/' -> decoded = '/';
          case 'b' -> decoded = '\b';
          case 'f' -> decoded = '\f';
          case 'n' -> decoded = '\n';
          case 'r' -> decoded = '\r';
          case 't' -> decoded = '\t';
          case 'u' -> {
            decoded = (char) hex4(i);
            i += 4;
          }
          default -> {
            position = i - 1;
            throw malformed("unrecognized escape in a string");
          }
        }
        length = ensureChars(length + 1);
        chars[length - 1] = decoded;
        runStart = i;
        continue;
      }
      if (b >= 0 && b < 0x20) {
        position = i;
        throw malformed("unescaped control character in a string");
      }
      i++;
    }
  }

  /** Appends the unescaped bytes {@code [from, to)} to {@link #chars} after {@code length}. */
  private int appendRun(int length, int from, int to) {
    if (from == to) {
      return length;
    }
    boolean isAscii = true;
    for (int k = from; k < to; k++) {
      isAscii &= bytes[k] >= 0;
    }
    if (isAscii) {
      int next = ensureChars(length + to - from);
      for (int k = from; k < to; k++) {
        chars[length + k - from] = (char) bytes[k];
      }
      return next;
    }
    CharBuffer run;
    try {
      run = utf8.decode(ByteBuffer.wrap(bytes, from, to - from));
    } catch (CharacterCodingException e) {
      position = from;
      throw malformed("a string is not valid UTF-8");
    }
    int next = ensureChars(length + run.remaining());
    run.get(chars, length, run.remaining());
    return next;
  }

  private int ensureChars(int length) {
    if (length > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(length, chars.length * 2));
    }
    return length;
  }

  private int hex4(int from) {
    if (end - from < 4) {
      position = from;
      throw malformed("unterminated \\u escape");
    }
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      int digit = Character.digit(bytes[k], 16);
      if (digit < 0) {
        position = k;
        throw malformed("bad hex digit in a \\u escape");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  /** Skips whitespace; the byte at the new position, or -1 at the end. */
  private int skipWhitespace() {
    while (position < end) {
      int b = bytes[position] & 0xFF;
      if (!isWhitespace(b)) {
        return b;
      }
      position++;
    }
    return -1;
  }

  private boolean isWhitespace(int b) {
    return b == ' ' || b == '\t' || b == '\r' || (b == '\n' && !isLine);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private AuroraException malformed(String what) {
    return new AuroraException(
        ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed JSON: " + what + " at byte " + position);
  }
}
