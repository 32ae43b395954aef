package io.aurora.sql.expression;

import static io.aurora.sql.expression.StringFunctions.advance;
import static io.aurora.sql.expression.StringFunctions.characterLength;
import static io.aurora.sql.expression.StringFunctions.countCharacters;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * PostgreSQL's string functions beyond the standard's, as kernels over one UTF-8 value that write
 * into a {@link VarcharOutput}: {@code reverse}, {@code lpad}, {@code rpad}, {@code split_part},
 * {@code md5}, {@code ascii}, {@code chr}, {@code initcap} and {@code translate}. Lengths and
 * positions count characters (code points). The kernels do not allocate, except {@code md5}'s
 * digest of each value.
 */
final class StringKernels {
  /** The longest result {@code lpad} and {@code rpad} build, as PostgreSQL's 1 GB limit. */
  private static final long MAX_LENGTH = (1 << 30) - 1;

  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private StringKernels() {}

  static void reverse(VarcharOutput out, byte[] bytes, int start, int end) {
    out.ensure(end - start);
    byte[] buffer = out.buffer();
    int at = out.size() + (end - start);
    for (int i = start; i < end; ) {
      int length = Math.min(characterLength(bytes[i]), end - i);
      at -= length;
      System.arraycopy(bytes, i, buffer, at, length);
      i += length;
    }
    out.size(out.size() + (end - start));
  }

  /**
   * {@code lpad} or {@code rpad}: the value cut or filled with {@code fill} to {@code length}
   * characters; a value is returned cut but not filled when {@code fill} is empty.
   */
  static void pad(
      VarcharOutput out,
      byte[] bytes,
      int start,
      int end,
      long length,
      byte[] fill,
      int fillStart,
      int fillEnd,
      boolean isLeft) {
    if (length <= 0) {
      return;
    }
    if (length > MAX_LENGTH) {
      throw new AuroraException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "requested length too large");
    }
    int characters = countCharacters(bytes, start, end);
    if (characters >= length || fillStart == fillEnd) {
      out.write(bytes, start, advance(bytes, start, end, length) - start);
      return;
    }
    if (!isLeft) {
      out.write(bytes, start, end - start);
    }
    long missing = length - characters;
    int at = fillStart;
    for (long i = 0; i < missing; i++) {
      int size = Math.min(characterLength(fill[at]), fillEnd - at);
      out.write(fill, at, size);
      at += size;
      if (at >= fillEnd) {
        at = fillStart;
      }
    }
    if (isLeft) {
      out.write(bytes, start, end - start);
    }
  }

  /**
   * {@code split_part}: field {@code n} of the value split at {@code delimiter}, counting from the
   * end when n is negative (PostgreSQL 14), or the empty string when there are fewer fields. An
   * empty delimiter makes the value one field.
   */
  static void splitPart(
      VarcharOutput out,
      byte[] bytes,
      int start,
      int end,
      byte[] delimiter,
      int delimiterStart,
      int delimiterEnd,
      long n) {
    if (n == 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "field position must not be zero");
    }
    if (start == end) {
      return;
    }
    int delimiterLength = delimiterEnd - delimiterStart;
    if (delimiterLength == 0) {
      if (n == 1 || n == -1) {
        out.write(bytes, start, end - start);
      }
      return;
    }
    if (n < 0) {
      int fields = 1;
      for (int at = find(bytes, start, end, delimiter, delimiterStart, delimiterEnd);
          at >= 0;
          at = find(bytes, at + delimiterLength, end, delimiter, delimiterStart, delimiterEnd)) {
        fields++;
      }
      n += fields + 1;
      if (n <= 0) {
        return;
      }
    }
    int fieldStart = start;
    for (long field = 1; field < n; field++) {
      int at = find(bytes, fieldStart, end, delimiter, delimiterStart, delimiterEnd);
      if (at < 0) {
        return;
      }
      fieldStart = at + delimiterLength;
    }
    int fieldEnd = find(bytes, fieldStart, end, delimiter, delimiterStart, delimiterEnd);
    out.write(bytes, fieldStart, (fieldEnd < 0 ? end : fieldEnd) - fieldStart);
  }

  private static int find(
      byte[] bytes, int from, int end, byte[] needle, int needleStart, int needleEnd) {
    int length = needleEnd - needleStart;
    for (int at = from; at + length <= end; at++) {
      if (Arrays.equals(bytes, at, at + length, needle, needleStart, needleEnd)) {
        return at;
      }
    }
    return -1;
  }

  /** {@code md5}: the digest of the value's bytes in lowercase hexadecimal. */
  static void md5(VarcharOutput out, MessageDigest digest, byte[] bytes, int start, int end) {
    digest.update(bytes, start, end - start);
    byte[] hash = digest.digest();
    out.ensure(hash.length * 2);
    for (byte b : hash) {
      out.write(HEX[(b >> 4) & 0xF]);
      out.write(HEX[b & 0xF]);
    }
  }

  static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "MD5 is not available", e);
    }
  }

  /** {@code ascii}: the code point of the first character, 0 for the empty string. */
  static int ascii(byte[] bytes, int start, int end) {
    return start == end ? 0 : codePoint(bytes, start, end);
  }

  /** {@code chr}: the character of a code point, with PostgreSQL's errors for invalid ones. */
  static void chr(VarcharOutput out, long codePoint) {
    if (codePoint < 0) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED, "character number must be positive");
    }
    if (codePoint == 0) {
      throw new AuroraException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "null character not permitted");
    }
    if (codePoint > Character.MAX_CODE_POINT) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "requested character too large for encoding: " + codePoint);
    }
    if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "requested character not valid for encoding: " + codePoint);
    }
    writeCodePoint(out, (int) codePoint);
  }

  /**
   * {@code initcap}: each word's first letter in upper case and the others in lower case, where
   * words are runs of letters and digits.
   */
  static void initcap(VarcharOutput out, byte[] bytes, int start, int end) {
    boolean isInWord = false;
    for (int i = start; i < end; ) {
      int length = Math.min(characterLength(bytes[i]), end - i);
      int c = codePoint(bytes, i, end);
      int mapped = isInWord ? Character.toLowerCase(c) : Character.toUpperCase(c);
      if (mapped == c) {
        out.write(bytes, i, length);
      } else {
        writeCodePoint(out, mapped);
      }
      isInWord = Character.isLetterOrDigit(c);
      i += length;
    }
  }

  /**
   * {@code translate}: each character found in {@code from} replaced by the character at the same
   * position in {@code to}, or removed when {@code to} is shorter.
   */
  static void translate(
      VarcharOutput out,
      byte[] bytes,
      int start,
      int end,
      byte[] from,
      int fromStart,
      int fromEnd,
      byte[] to,
      int toStart,
      int toEnd) {
    for (int i = start; i < end; ) {
      int length = Math.min(characterLength(bytes[i]), end - i);
      int index = 0;
      int found = -1;
      for (int f = fromStart; f < fromEnd; index++) {
        int size = Math.min(characterLength(from[f]), fromEnd - f);
        if (size == length && Arrays.equals(from, f, f + size, bytes, i, i + length)) {
          found = index;
          break;
        }
        f += size;
      }
      if (found < 0) {
        out.write(bytes, i, length);
      } else {
        int replacement = advance(to, toStart, toEnd, found);
        if (replacement < toEnd) {
          out.write(
              to, replacement, Math.min(characterLength(to[replacement]), toEnd - replacement));
        }
      }
      i += length;
    }
  }

  private static int codePoint(byte[] bytes, int at, int end) {
    int lead = bytes[at] & 0xFF;
    int length = Math.min(characterLength(bytes[at]), end - at);
    if (length == 1) {
      return lead;
    }
    int value = lead & (0x7F >> length);
    for (int i = 1; i < length; i++) {
      value = (value << 6) | (bytes[at + i] & 0x3F);
    }
    return value;
  }

  private static void writeCodePoint(VarcharOutput out, int c) {
    if (c < 0x80) {
      out.write((byte) c);
    } else if (c < 0x800) {
      out.write((byte) (0xC0 | (c >> 6)));
      out.write((byte) (0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.write((byte) (0xE0 | (c >> 12)));
      out.write((byte) (0x80 | ((c >> 6) & 0x3F)));
      out.write((byte) (0x80 | (c & 0x3F)));
    } else {
      out.write((byte) (0xF0 | (c >> 18)));
      out.write((byte) (0x80 | ((c >> 12) & 0x3F)));
      out.write((byte) (0x80 | ((c >> 6) & 0x3F)));
      out.write((byte) (0x80 | (c & 0x3F)));
    }
  }
}
