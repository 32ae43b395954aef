package io.aurora.sql.access;

import java.nio.CharBuffer;
import java.text.Normalizer;

/**
 * SASLprep (RFC 4013), the normalization SCRAM applies to passwords, as PostgreSQL applies it
 * ({@code src/common/saslprep.c}): an all-ASCII password is used as it is; otherwise non-ASCII
 * spaces map to U+0020, the characters of RFC 3454 table B.1 are removed and the result is
 * normalized to NFKC. When the result holds a prohibited character or breaks the bidirectional
 * rules, the password is used unnormalized, as PostgreSQL does, so that every password still has a
 * verifier. Unassigned code points are judged by the JDK's Unicode tables rather than Unicode 3.2.
 */
final class SaslPrep {
  private SaslPrep() {}

  /**
   * The prepared password: {@code password} itself when nothing changes, otherwise a new array that
   * the caller clears after use.
   */
  static char[] prepare(char[] password) {
    boolean isAscii = true;
    for (char c : password) {
      if (c >= 0x80) {
        isAscii = false;
        break;
      }
    }
    if (isAscii) {
      return password;
    }
    StringBuilder mapped = new StringBuilder(password.length);
    CharBuffer input = CharBuffer.wrap(password);
    input
        .codePoints()
        .forEach(
            codePoint -> {
              if (isNonAsciiSpace(codePoint)) {
                mapped.append(' ');
              } else if (!isMappedToNothing(codePoint)) {
                mapped.appendCodePoint(codePoint);
              }
            });
    String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
    mapped.setLength(0);
    if (normalized.codePoints().anyMatch(SaslPrep::isProhibited) || !isBidiValid(normalized)) {
      return password;
    }
    return normalized.toCharArray();
  }

  private static boolean isNonAsciiSpace(int c) {
    return c == 0x00A0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200B)
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  private static boolean isMappedToNothing(int c) {
    return c == 0x00AD
        || c == 0x034F
        || c == 0x1806
        || (c >= 0x180B && c <= 0x180D)
        || (c >= 0x200B && c <= 0x200D)
        || c == 0x2060
        || (c >= 0xFE00 && c <= 0xFE0F)
        || c == 0xFEFF;
  }

  /** RFC 4013 section 2.3 (tables C.1.2 through C.9) and unassigned code points. */
  private static boolean isProhibited(int c) {
    int type = Character.getType(c);
    return isNonAsciiSpace(c)
        || type == Character.CONTROL
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED
        || (c & 0xFFFE) == 0xFFFE
        || (c >= 0xFDD0 && c <= 0xFDEF)
        || c == 0x06DD
        || c == 0x070F
        || c == 0x180E
        || (c >= 0x200C && c <= 0x200F)
        || (c >= 0x2028 && c <= 0x202E)
        || (c >= 0x2060 && c <= 0x2063)
        || (c >= 0x206A && c <= 0x206F)
        || (c >= 0x2FF0 && c <= 0x2FFB)
        || c == 0x0340
        || c == 0x0341
        || (c >= 0xFFF9 && c <= 0xFFFD)
        || (c >= 0x1D173 && c <= 0x1D17A)
        || c == 0xE0001
        || (c >= 0xE0020 && c <= 0xE007F);
  }

  /**
   * RFC 3454 section 6: a string with a right-to-left character has no left-to-right character and
   * starts and ends with a right-to-left character.
   */
  private static boolean isBidiValid(String text) {
    if (text.codePoints().noneMatch(SaslPrep::isRightToLeft)) {
      return true;
    }
    if (text.codePoints()
        .anyMatch(c -> Character.getDirectionality(c) == Character.DIRECTIONALITY_LEFT_TO_RIGHT)) {
      return false;
    }
    return isRightToLeft(text.codePointAt(0)) && isRightToLeft(text.codePointBefore(text.length()));
  }

  private static boolean isRightToLeft(int c) {
    byte direction = Character.getDirectionality(c);
    return direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || direction == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }
}
