package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * PostgreSQL's regular expression match operators {@code ~}, {@code ~*}, {@code !~} and {@code
 * !~*}: true when the pattern matches anywhere in the string (not the whole string, unlike LIKE).
 * The pattern is a constant, compiled once with {@code java.util.regex}, whose syntax agrees with
 * PostgreSQL's for the common constructs (classes, anchors, quantifiers, alternation, groups);
 * POSIX's {@code [[:alpha:]]} classes and PostgreSQL's {@code \m}, {@code \M} word anchors are not
 * recognised.
 */
final class RegexExpression implements Expression {
  private final Expression value;
  private final Pattern pattern;
  private final boolean isNegated;

  RegexExpression(Expression value, String pattern, boolean isCaseInsensitive, boolean isNegated) {
    this.value = requireNonNull(value, "value is null");
    try {
      this.pattern =
          Pattern.compile(
              pattern, isCaseInsensitive ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    } catch (PatternSyntaxException e) {
      throw new AuroraException(
          ErrorCode.INVALID_REGULAR_EXPRESSION,
          "Invalid regular expression[" + pattern + "]: " + e.getDescription(),
          e);
    }
    this.isNegated = isNegated;
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block block = value.evaluate(page);
    boolean[] out = new boolean[page.positionCount()];
    VarcharBlock strings = Rows.stringValues(block);
    int[] ids = Rows.stringIds(block);
    byte[] bytes = strings.bytes();
    int[] positions = Rows.positions(page);
    int count = page.rowCount();
    for (int i = 0; i < count; i++) {
      int p = positions[i];
      if (block.isNull(p)) {
        continue;
      }
      int index = ids == null ? p : ids[p];
      int start = strings.offset(index);
      String text =
          new String(bytes, start, strings.offset(index + 1) - start, StandardCharsets.UTF_8);
      out[p] = pattern.matcher(text).find() != isNegated;
    }
    return new BooleanBlock(page.positionCount(), out, block.nulls());
  }
}
