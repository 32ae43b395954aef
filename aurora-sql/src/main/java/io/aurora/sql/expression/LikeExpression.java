package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code [NOT] LIKE} and {@code [NOT] ILIKE} against a constant pattern, compiled once. {@code %}
 * matches any sequence and {@code _} exactly one character (not one byte); the escape character is
 * backslash unless the query names another, as in PostgreSQL.
 *
 * <p>LIKE matches UTF-8 bytes directly: a pattern without {@code _} is split at {@code %} into
 * literal segments found with byte searches, which is exact for UTF-8 because an encoded character
 * never matches in the middle of another. ILIKE lower-cases with {@link Locale#ROOT} and uses a
 * {@link Pattern} built once. A dictionary-encoded input is matched once per dictionary entry.
 */
final class LikeExpression implements Expression {
  private static final int ANY_CHARACTER = -1;

  private record DictionaryAnswers(VarcharBlock dictionary, boolean[] answers) {}

  private final Expression value;
  private final boolean isNegated;
  private final boolean hasPercent;
  private final int[] head;
  private final int[][] middles;
  private final int[] tail;
  private final @Nullable Pattern caseInsensitive;
  private volatile @Nullable DictionaryAnswers dictionaryAnswers;

  private LikeExpression(
      Expression value,
      boolean isNegated,
      List<int[]> segments,
      @Nullable Pattern caseInsensitive) {
    this.value = requireNonNull(value, "value is null");
    this.isNegated = isNegated;
    this.hasPercent = segments.size() > 1;
    this.head = segments.get(0);
    this.tail = segments.get(segments.size() - 1);
    List<int[]> middles = new ArrayList<>();
    for (int i = 1; i < segments.size() - 1; i++) {
      if (segments.get(i).length > 0) {
        middles.add(segments.get(i));
      }
    }
    this.middles = middles.toArray(new int[0][]);
    this.caseInsensitive = caseInsensitive;
  }

  /**
   * A matcher for {@code pattern}; {@code escape} is the ESCAPE character, or null for the default
   * backslash (an empty escape string disables escaping).
   */
  static LikeExpression create(
      Expression value,
      String pattern,
      @Nullable String escape,
      boolean isCaseInsensitive,
      boolean isNegated) {
    int escapeCharacter = '\\';
    if (escape != null) {
      if (escape.codePointCount(0, escape.length()) > 1) {
        throw new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, "invalid escape string");
      }
      escapeCharacter = escape.isEmpty() ? -1 : escape.codePointAt(0);
    }
    List<int[]> segments = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      int c = pattern.codePointAt(i);
      i += Character.charCount(c);
      if (c == escapeCharacter) {
        if (i >= pattern.length()) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "LIKE pattern must not end with escape character");
        }
        c = pattern.codePointAt(i);
        i += Character.charCount(c);
        addLiteral(current, c);
        regex.append(Pattern.quote(new String(Character.toChars(c))));
      } else if (c == '%') {
        segments.add(toArray(current));
        current.clear();
        regex.append(".*");
      } else if (c == '_') {
        current.add(ANY_CHARACTER);
        regex.append('.');
      } else {
        addLiteral(current, c);
        regex.append(Pattern.quote(new String(Character.toChars(c))));
      }
    }
    segments.add(toArray(current));
    Pattern compiled =
        isCaseInsensitive
            ? Pattern.compile(
                regex.toString(), Pattern.DOTALL | Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
            : null;
    return new LikeExpression(value, isNegated, segments, compiled);
  }

  private static void addLiteral(List<Integer> segment, int codePoint) {
    for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
      segment.add(b & 0xFF);
    }
  }

  private static int[] toArray(List<Integer> values) {
    int[] array = new int[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = value.evaluate(page);
    boolean[] out = new boolean[page.positionCount()];
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    if (block instanceof DictionaryBlock dictionaryBlock) {
      boolean[] answers = dictionaryAnswers(dictionaryBlock.dictionary(), count);
      if (answers != null) {
        int[] ids = dictionaryBlock.ids();
        for (int i = 0; i < count; i++) {
          int p = positions[i];
          out[p] = answers[ids[p]];
        }
        return new BooleanBlock(page.positionCount(), out, block.nulls());
      }
    }
    VarcharBlock strings = Rows.stringValues(block);
    int[] ids = Rows.stringIds(block);
    byte[] bytes = strings.bytes();
    int[] offsets = strings.offsets();
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      int index = ids == null ? p : ids[p];
      out[p] = matches(bytes, offsets[index], offsets[index + 1]) != isNegated;
    }
    return new BooleanBlock(page.positionCount(), out, block.nulls());
  }

  private boolean @Nullable [] dictionaryAnswers(VarcharBlock dictionary, int rowCount) {
    DictionaryAnswers cached = dictionaryAnswers;
    if (cached != null && cached.dictionary() == dictionary) {
      return cached.answers();
    }
    if (dictionary.positionCount() > 4 * Math.max(rowCount, 256)) {
      return null;
    }
    boolean[] answers = new boolean[dictionary.positionCount()];
    byte[] bytes = dictionary.bytes();
    for (int id = 0; id < answers.length; id++) {
      answers[id] = matches(bytes, dictionary.offset(id), dictionary.offset(id + 1)) != isNegated;
    }
    dictionaryAnswers = new DictionaryAnswers(dictionary, answers);
    return answers;
  }

  /** Whether {@code bytes[start, end)} matches the pattern. */
  boolean matches(byte[] bytes, int start, int end) {
    if (caseInsensitive != null) {
      return caseInsensitive
          .matcher(new String(bytes, start, end - start, StandardCharsets.UTF_8))
          .matches();
    }
    int position = matchAt(head, bytes, start, end);
    if (!hasPercent || position < 0) {
      return position == end;
    }
    for (int[] middle : middles) {
      position = find(middle, bytes, position, end);
      if (position < 0) {
        return false;
      }
    }
    if (tail.length == 0) {
      return true;
    }
    for (int q = position; q < end; q++) {
      if ((bytes[q] & 0xC0) != 0x80 && matchAt(tail, bytes, q, end) == end) {
        return true;
      }
    }
    return false;
  }

  /** The end of the leftmost match of {@code segment} at or after {@code from}, or -1. */
  private static int find(int[] segment, byte[] bytes, int from, int end) {
    for (int q = from; q <= end; q++) {
      if (q < end && (bytes[q] & 0xC0) == 0x80) {
        continue;
      }
      int matched = matchAt(segment, bytes, q, end);
      if (matched >= 0) {
        return matched;
      }
    }
    return -1;
  }

  /** The end of {@code segment} matched exactly at {@code position}, or -1. */
  private static int matchAt(int[] segment, byte[] bytes, int position, int end) {
    int at = position;
    for (int element : segment) {
      if (at >= end) {
        return -1;
      }
      if (element == ANY_CHARACTER) {
        at += StringFunctions.characterLength(bytes[at]);
        if (at > end) {
          return -1;
        }
      } else if ((bytes[at] & 0xFF) != element) {
        return -1;
      } else {
        at++;
      }
    }
    return at;
  }
}
