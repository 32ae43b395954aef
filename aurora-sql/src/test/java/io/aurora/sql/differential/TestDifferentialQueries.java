package io.aurora.sql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.DuckDbOracle;
import io.aurora.sql.testing.ResultValues;
import io.aurora.sql.testing.TestingData;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every query of {@code differential/queries.sql} on Aurora and on DuckDB over the same data
 * and compares the results: exactly for integers, decimals and strings, within a relative 1e-9 for
 * floating point, and in order only for queries marked {@code ordered:}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestDifferentialQueries {
  private static final long SEED = 20_261_126L;

  @TempDir static Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private DuckDbOracle oracle;

  record Query(int line, String sql, boolean isOrdered) {
    @Override
    public String toString() {
      return line + ": " + sql;
    }
  }

  @BeforeAll
  void load() throws Exception {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    oracle = new DuckDbOracle();
    for (TestingData.TableData table : TestingData.tables(SEED)) {
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

  @AfterAll
  void close() throws Exception {
    engine.close();
    catalog.close();
    oracle.close();
  }

  static List<Query> queries() throws IOException {
    List<Query> queries = new ArrayList<>();
    try (InputStream input =
        TestDifferentialQueries.class.getResourceAsStream("/differential/queries.sql")) {
      String[] lines =
          new String(Objects.requireNonNull(input).readAllBytes(), StandardCharsets.UTF_8)
              .split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("--")) {
          continue;
        }
        boolean isOrdered = line.startsWith("ordered:");
        queries.add(
            new Query(
                i + 1, isOrdered ? line.substring("ordered:".length()).strip() : line, isOrdered));
      }
    }
    return queries;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void auroraMatchesDuckDb(Query query) throws Exception {
    List<List<Object>> expected = oracle.query(query.sql());
    List<List<Object>> actual = new ArrayList<>();
    try (QueryResult result = (QueryResult) engine.execute(query.sql())) {
      List<DataType> types = result.types();
      for (List<Object> row : result.rows()) {
        List<Object> converted = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
          converted.add(ResultValues.aurora(row.get(c), types.get(c)));
        }
        actual.add(converted);
      }
    }
    List<List<Object>> left = query.isOrdered() ? actual : ResultValues.sorted(actual);
    List<List<Object>> right = query.isOrdered() ? expected : ResultValues.sorted(expected);
    assertThat(left).as("row count of %s", query.sql()).hasSize(right.size());
    for (int i = 0; i < left.size(); i++) {
      int row = i;
      assertThat(ResultValues.sameRow(left.get(i), right.get(i)))
          .as(
              () ->
                  "row "
                      + row
                      + " of "
                      + query.sql()
                      + ": aurora "
                      + left.get(row)
                      + " duckdb "
                      + right.get(row))
          .isTrue();
    }
  }

  private static Page page(List<ColumnSchema> columns, List<List<Object>> rows) {
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
