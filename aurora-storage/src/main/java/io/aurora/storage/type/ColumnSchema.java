package io.aurora.storage.type;

import static java.util.Objects.requireNonNull;

/** A named, typed column; {@code nullable} is false for a column declared NOT NULL. */
public record ColumnSchema(String name, DataType type, boolean nullable) {
  public ColumnSchema {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name is empty");
    }
  }

  /** A nullable column. */
  public static ColumnSchema of(String name, DataType type) {
    return new ColumnSchema(name, type, true);
  }
}
