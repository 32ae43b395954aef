package io.aurora.sql.testing;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Aurora and DuckDB loaded with the same {@link TestingData}, for differential tests: runs a query
 * on both and describes the first difference. Aurora receives each table in three appends with a
 * seal after the first, so queries read sealed segments and in-memory rows together.
 */
public final class DifferentialHarness {
  private final LocalCatalog catalog;
  private final SqlEngine engine;
  private final DuckDbOracle oracle;

  public DifferentialHarness(Path directory, List<TestingData.TableData> tables) throws Exception {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    oracle = new DuckDbOracle();
    for (TestingData.TableData table : tables) {
      catalog.createTable(table.name(), table.schema(), false);
      Table auroraTable = Objects.requireNonNull(catalog.table(table.name()));
      List<List<Object>> rows = table.rows();
      int chunk = Math.max(1, rows.size() / 3);
      for (int start = 0; start < rows.size(); start += chunk) {
        auroraTable.append(
            page(
                table.schema().columns(),
                rows.subList(start, Math.min(rows.size(), start + chunk))));
        if (start == 0) {
          catalog.sealAll();
        }
      }
      oracle.load(table);
    }
  }

  /**
   * Runs the query on DuckDB and on Aurora and returns a description of the first difference, or
   * null when the results match: in order when {@code isOrdered}, otherwise as multisets.
   */
  public @Nullable String difference(String sql, boolean isOrdered) throws Exception {
    List<List<Object>> expected = oracle.query(sql);
    List<List<Object>> actual = ResultValues.rows((QueryResult) engine.execute(sql));
    return difference(actual, expected, isOrdered);
  }

  /**
   * The first difference between Aurora's rows and the oracle's (both in the oracle's value forms,
   * see {@link ResultValues#aurora}), or null: in order when {@code isOrdered}, otherwise as
   * multisets.
   */
  public static @Nullable String difference(
      List<List<Object>> actual, List<List<Object>> expected, boolean isOrdered) {
    List<List<Object>> left = isOrdered ? actual : ResultValues.sorted(actual);
    List<List<Object>> right = isOrdered ? expected : ResultValues.sorted(expected);
    if (left.size() != right.size()) {
      return "row count: aurora " + left.size() + " duckdb " + right.size();
    }
    for (int i = 0; i < left.size(); i++) {
      if (!ResultValues.sameRow(left.get(i), right.get(i))) {
        return "row " + i + ": aurora " + left.get(i) + " duckdb " + right.get(i);
      }
    }
    return null;
  }

  /** Stops Aurora's engine and catalog and closes DuckDB. */
  public void close() throws Exception {
    engine.close();
    catalog.close();
    oracle.close();
  }

  /** A page of {@code rows} (Java values as {@link TestingData} holds them) with these columns. */
  public static Page page(List<ColumnSchema> columns, List<List<Object>> rows) {
    Block[] blocks = new Block[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      BlockBuilder builder = BlockBuilder.forType(columns.get(c).type(), rows.size());
      for (List<Object> row : rows) {
        builder.appendObject(row.get(c), columns.get(c).type());
      }
      blocks[c] = builder.build();
    }
    return new Page(rows.size(), blocks);
  }
}
