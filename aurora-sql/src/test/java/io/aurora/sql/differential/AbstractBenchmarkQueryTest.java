package io.aurora.sql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.DuckDbOracle;
import io.aurora.sql.testing.ResultValues;
import io.aurora.sql.testing.TestingData.TableData;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Loads a generated benchmark data set into Aurora and DuckDB once and compares the results of the
 * benchmark's queries.
 *
 * <p>Each query names the output columns of its ORDER BY. Rows must come in the same order of those
 * columns; rows that tie on all of them may come in any order and are compared as multisets (TPC-H
 * Q3, Q10 and Q18 and SSB Q3.x order by a revenue or a price that does not determine the other
 * columns). When a LIMIT cuts the result, the engines may cut the last run of tied rows at
 * different rows, so only that run's sort columns are compared. A query without ORDER BY names no
 * columns and is compared as a multiset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractBenchmarkQueryTest {
  private static final int PAGE_ROWS = 8192;
  private static final Pattern LIMIT = Pattern.compile("(?i)\\blimit\\s+(\\d+)\\s*$");

  private Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private DuckDbOracle oracle;

  /** A query resource and the output columns (zero-based) of its ORDER BY. */
  record BenchmarkQuery(String name, List<Integer> sortColumns) {
    BenchmarkQuery {
      sortColumns = List.copyOf(sortColumns);
    }

    static BenchmarkQuery of(String name, Integer... sortColumns) {
      return new BenchmarkQuery(name, List.of(sortColumns));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The data set's tables, dimensions first. */
  abstract List<TableData> tables();

  /** The resource directory of the queries, such as {@code tpch}. */
  abstract String resourceDirectory();

  @BeforeAll
  void load() throws Exception {
    directory = Files.createTempDirectory(resourceDirectory());
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    oracle = new DuckDbOracle();
    for (TableData table : tables()) {
      catalog.createTable(table.name(), table.schema(), false);
      Table auroraTable = Objects.requireNonNull(catalog.table(table.name()));
      List<List<Object>> rows = table.rows();
      for (int start = 0; start < rows.size(); start += PAGE_ROWS) {
        auroraTable.append(
            page(
                table.schema().columns(),
                rows.subList(start, Math.min(rows.size(), start + PAGE_ROWS))));
      }
      oracle.loadBulk(table);
    }
    catalog.sealAll();
  }

  @AfterAll
  void close() throws Exception {
    engine.close();
    catalog.close();
    oracle.close();
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  String sql(BenchmarkQuery query) throws IOException {
    String resource = "/" + resourceDirectory() + "/" + query.name() + ".sql";
    try (InputStream input = getClass().getResourceAsStream(resource)) {
      return new String(
              Objects.requireNonNull(input, resource).readAllBytes(), StandardCharsets.UTF_8)
          .strip();
    }
  }

  void assertMatchesDuckDb(BenchmarkQuery query) throws Exception {
    String sql = sql(query);
    List<List<Object>> expected = oracle.query(sql);
    List<List<Object>> actual = new ArrayList<>();
    try (QueryResult result = (QueryResult) engine.execute(sql)) {
      List<DataType> types = result.types();
      for (List<Object> row : result.rows()) {
        List<Object> converted = new ArrayList<>(row.size());
        for (int c = 0; c < row.size(); c++) {
          converted.add(ResultValues.aurora(row.get(c), types.get(c)));
        }
        actual.add(converted);
      }
    }
    assertThat(actual).as("row count of %s", query).hasSize(expected.size());
    List<Integer> keys = query.sortColumns();
    for (int i = 0; i < expected.size(); i++) {
      int row = i;
      assertThat(ResultValues.sameRow(project(actual.get(i), keys), project(expected.get(i), keys)))
          .as(
              () ->
                  describe(query, "sort columns of row " + row, actual.get(row), expected.get(row)))
          .isTrue();
    }
    Matcher limit = LIMIT.matcher(sql);
    boolean isCut = limit.find() && Integer.parseInt(limit.group(1)) == expected.size();
    int start = 0;
    while (start < expected.size()) {
      int end = start + 1;
      while (end < expected.size()
          && ResultValues.sameRow(
              project(expected.get(start), keys), project(expected.get(end), keys))) {
        end++;
      }
      if (!(isCut && end == expected.size())) {
        List<List<Object>> left = ResultValues.sorted(actual.subList(start, end));
        List<List<Object>> right = ResultValues.sorted(expected.subList(start, end));
        for (int i = 0; i < left.size(); i++) {
          int row = i;
          assertThat(ResultValues.sameRow(left.get(i), right.get(i)))
              .as(() -> describe(query, "row " + row, left.get(row), right.get(row)))
              .isTrue();
        }
      }
      start = end;
    }
  }

  private static List<Object> project(List<Object> row, List<Integer> columns) {
    List<Object> projected = new ArrayList<>(columns.size());
    for (int column : columns) {
      projected.add(row.get(column));
    }
    return projected;
  }

  private static String describe(
      BenchmarkQuery query, String what, List<Object> aurora, List<Object> duckDb) {
    return query + " " + what + ": aurora " + aurora + " duckdb " + duckDb;
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
