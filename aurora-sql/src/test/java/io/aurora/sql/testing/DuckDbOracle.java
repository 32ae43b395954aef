package io.aurora.sql.testing;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.jspecify.annotations.Nullable;

/** DuckDB in-process, loaded with the same rows as Aurora, as the oracle of differential tests. */
public final class DuckDbOracle implements AutoCloseable {
  private final Connection connection;

  public DuckDbOracle() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      // PostgreSQL's default: nulls sort last ascending and first descending.
      statement.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
      statement.execute("SET TimeZone = 'UTC'");
    }
  }

  /** Creates the table and inserts its rows with a batched prepared statement. */
  public void load(TestingData.TableData table) throws SQLException {
    List<ColumnSchema> columns = table.schema().columns();
    StringJoiner marks = new StringJoiner(", ", "(", ")");
    for (int c = 0; c < columns.size(); c++) {
      marks.add("?");
    }
    create(table);
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + table.name() + " VALUES " + marks)) {
      for (List<Object> row : table.rows()) {
        for (int c = 0; c < columns.size(); c++) {
          insert.setObject(c + 1, jdbcValue(row.get(c), columns.get(c).type()));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Creates the table and appends its rows with DuckDB's appender, which takes benchmark-sized
   * tables (tens of thousands of rows) in a fraction of the time that batched inserts need.
   */
  public void loadBulk(TestingData.TableData table) throws SQLException {
    List<ColumnSchema> columns = table.schema().columns();
    create(table);
    try (DuckDBAppender appender =
        connection.unwrap(DuckDBConnection.class).createAppender(table.name())) {
      for (List<Object> row : table.rows()) {
        appender.beginRow();
        for (int c = 0; c < columns.size(); c++) {
          append(appender, row.get(c), columns.get(c).type());
        }
        appender.endRow();
      }
      appender.flush();
    }
  }

  private void create(TestingData.TableData table) throws SQLException {
    StringJoiner definition = new StringJoiner(", ", "CREATE TABLE " + table.name() + " (", ")");
    for (ColumnSchema column : table.schema().columns()) {
      definition.add(
          column.name() + " " + duckDbType(column.type()) + (column.nullable() ? "" : " NOT NULL"));
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(definition.toString());
    }
  }

  private static void append(DuckDBAppender appender, @Nullable Object value, DataType type)
      throws SQLException {
    if (value == null) {
      appender.appendNull();
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> appender.append((boolean) (Boolean) value);
      case SMALLINT -> appender.append(((Number) value).shortValue());
      case INTEGER -> appender.append(((Number) value).intValue());
      case BIGINT -> appender.append(((Number) value).longValue());
      case REAL -> appender.append(((Number) value).floatValue());
      case DOUBLE -> appender.append(((Number) value).doubleValue());
      case DECIMAL -> appender.append((BigDecimal) value);
      case DATE -> appender.appendEpochDays(((Number) value).intValue());
      case TIMESTAMP -> appender.appendEpochMicros((Long) value);
      case VARCHAR -> appender.append((String) value);
    }
  }

  private static Object jdbcValue(Object value, DataType type) {
    if (value == null) {
      return null;
    }
    return switch (type.kind()) {
      case DATE -> LocalDate.ofEpochDay(((Number) value).intValue());
      case TIMESTAMP -> {
        long micros = (Long) value;
        yield LocalDateTime.ofInstant(
            Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000),
            ZoneOffset.UTC);
      }
      default -> value;
    };
  }

  private static String duckDbType(DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
      default -> type.kind().name();
    };
  }

  /** The rows of a query, each value in {@link ResultValues}' common form. */
  public List<List<Object>> query(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return ResultValues.rows(result);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
