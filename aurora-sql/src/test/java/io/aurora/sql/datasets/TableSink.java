package io.aurora.sql.datasets;

import io.aurora.sql.testing.TestingData.TableData;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Receives a generated data set table by table and row by row, so that a data set larger than the
 * heap (the end-to-end benchmarks' scale factor 1) streams to a file instead of a list. A generator
 * may keep more than one table open at once (TPC-H writes an order and its line items together).
 */
public interface TableSink {
  /** Starts a table; the generator passes each of its rows, in order, to the returned consumer. */
  Consumer<List<Object>> table(String name, TableSchema schema);

  /** A sink that keeps every table in memory, in the order the generator started them. */
  static Collecting collecting() {
    return new Collecting();
  }

  /** The in-memory sink behind the generators' {@code tables()}. */
  final class Collecting implements TableSink {
    private final List<TableData> tables = new ArrayList<>();

    private Collecting() {}

    @Override
    public Consumer<List<Object>> table(String name, TableSchema schema) {
      List<List<Object>> rows = new ArrayList<>();
      tables.add(new TableData(name, schema, rows));
      return rows::add;
    }

    public List<TableData> tables() {
      return List.copyOf(tables);
    }
  }
}
