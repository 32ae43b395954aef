package io.aurora.benchmarks;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.util.StringJoiner;

/** {@code CREATE TABLE} statements for a generated table's schema, for Aurora and DuckDB alike. */
public final class TableDefinitions {
  private TableDefinitions() {}

  /** The columns only: a statement both Aurora and DuckDB accept. */
  public static String columns(String name, TableSchema schema) {
    StringJoiner definition = new StringJoiner(", ", "CREATE TABLE " + name + " (", ")");
    for (ColumnSchema column : schema.columns()) {
      definition.add(column.name() + " " + column.type() + (column.nullable() ? "" : " NOT NULL"));
    }
    return definition.toString();
  }

  /** Aurora's statement: the columns, then the schema's partitioning and sort key. */
  public static String aurora(String name, TableSchema schema) {
    StringBuilder ddl = new StringBuilder(columns(name, schema));
    if (schema.timeColumn() != null && schema.granularity() != PartitionGranularity.NONE) {
      ddl.append(" PARTITION BY ")
          .append(schema.granularity())
          .append(" (")
          .append(schema.timeColumn())
          .append(')');
    }
    if (!schema.sortKey().isEmpty()) {
      ddl.append(" SORT BY (").append(String.join(", ", schema.sortKey())).append(')');
    }
    return ddl.toString();
  }
}
