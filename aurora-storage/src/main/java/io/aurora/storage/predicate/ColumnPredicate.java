package io.aurora.storage.predicate;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A simple predicate on one column that storage evaluates itself, to skip partitions, segments and
 * blocks by their statistics and indexes, and to filter rows without the executor's help.
 *
 * <p>Values are normalized Java objects, the same for every SQL type of one physical type: {@code
 * Long} for SMALLINT, INTEGER, BIGINT, DATE (days), TIMESTAMP (microseconds) and DECIMAL (unscaled
 * value at the column's scale); {@code Boolean} for BOOLEAN; {@code Double} for REAL and DOUBLE;
 * {@code String} for VARCHAR. Floating point values order as in PostgreSQL: {@code -0.0 = 0.0}, NaN
 * equals NaN and is greater than every other value. Strings order by unsigned UTF-8 bytes.
 *
 * <p>As in SQL, a null value satisfies no predicate except {@link IsNull}.
 */
public sealed interface ColumnPredicate
    permits ColumnPredicate.Comparison,
        ColumnPredicate.Between,
        ColumnPredicate.In,
        ColumnPredicate.IsNull,
        ColumnPredicate.IsNotNull,
        ColumnPredicate.LikePrefix {

  /** The name of the column this predicate reads. */
  String column();

  /** The comparison operators. */
  enum Operator {
    EQUAL,
    NOT_EQUAL,
    LESS_THAN,
    LESS_THAN_OR_EQUAL,
    GREATER_THAN,
    GREATER_THAN_OR_EQUAL
  }

  /** {@code column <op> value}. */
  record Comparison(String column, Operator operator, Object value) implements ColumnPredicate {
    public Comparison {
      requireNonNull(column, "column is null");
      requireNonNull(operator, "operator is null");
      requireNonNull(value, "value is null");
    }
  }

  /** {@code column BETWEEN low AND high}, both bounds inclusive. */
  record Between(String column, Object low, Object high) implements ColumnPredicate {
    public Between {
      requireNonNull(column, "column is null");
      requireNonNull(low, "low is null");
      requireNonNull(high, "high is null");
    }
  }

  /** {@code column IN (values...)}; the list is not empty. */
  record In(String column, List<Object> values) implements ColumnPredicate {
    public In {
      requireNonNull(column, "column is null");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }
  }

  /** {@code column IS NULL}. */
  record IsNull(String column) implements ColumnPredicate {
    public IsNull {
      requireNonNull(column, "column is null");
    }
  }

  /** {@code column IS NOT NULL}. */
  record IsNotNull(String column) implements ColumnPredicate {
    public IsNotNull {
      requireNonNull(column, "column is null");
    }
  }

  /** {@code column LIKE 'prefix%'} on a VARCHAR column, with no other wildcard in the prefix. */
  record LikePrefix(String column, String prefix) implements ColumnPredicate {
    public LikePrefix {
      requireNonNull(column, "column is null");
      requireNonNull(prefix, "prefix is null");
    }
  }
}
