package io.aurora.sql.planner;

/**
 * The text of PostgreSQL's escape strings ({@code E'...'}): a backslash followed by {@code n},
 * {@code t}, {@code b}, {@code f} or {@code r}, by one to three octal digits, by {@code x} and one
 * or two hexadecimal digits, or by a lower-case (four digits) or upper-case (eight) {@code u} and a
 * code point; a backslash before any other character stands for that character, and a doubled quote
 * for one quote.
 */
public final class EscapeStrings {
  private EscapeStrings() {}

  /** The text an escape string's body (between its quotes) stands for. */
  public static String resolve(String body) {
    StringBuilder text = new StringBuilder(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        text.append('\'');
        i += 2;
        continue;
      }
      if (c != '\\' || i + 1 >= body.length()) {
        text.append(c);
        i++;
        continue;
      }
      char escaped = body.charAt(i + 1);
      i += 2;
      switch (escaped) {
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'x', 'u', 'U' -> {
          int digits = escaped == 'x' ? 2 : escaped == 'u' ? 4 : 8;
          int end = i;
          while (end < body.length()
              && end - i < digits
              && Character.digit(body.charAt(end), 16) >= 0) {
            end++;
          }
          if (end == i) {
            text.append(escaped);
          } else {
            text.appendCodePoint(Integer.parseInt(body.substring(i, end), 16));
            i = end;
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int end = i;
          while (end < body.length()
              && end - i < 2
              && body.charAt(end) >= '0'
              && body.charAt(end) <= '7') {
            end++;
          }
          text.append((char) Integer.parseInt(body.substring(i - 1, end), 8));
          i = end;
        }
        default -> text.append(escaped);
      }
    }
    return text.toString();
  }
}
