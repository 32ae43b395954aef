package io.aurora.sql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.Answers;
import io.aurora.sql.testing.DuckDbOracle;
import io.aurora.sql.testing.ResultValues;
import io.aurora.sql.testing.TestingData.TableData;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Loads a generated benchmark data set into Aurora and DuckDB once and compares the results of the
 * benchmark's queries.
 *
 * <p>Each query names the output columns of its ORDER BY, and {@link Answers} compares the rows:
 * rows that tie on all of them may come in any order (TPC-H Q3, Q10 and Q18 and SSB Q3.x order by a
 * revenue or a price that does not determine the other columns).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractBenchmarkQueryTest {
  private static final int PAGE_ROWS = 8192;

  private Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private DuckDbOracle oracle;

  /** The data set's tables, dimensions first. */
  abstract List<TableData> tables();

  @BeforeAll
  void load() throws Exception {
    directory = Files.createTempDirectory("benchmark-queries");
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

  void assertMatchesDuckDb(BenchmarkQuery query) throws Exception {
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
    assertThat(Answers.difference(query.sql(), query.sortColumns(), actual, expected))
        .as("%s against DuckDB", query)
        .isNull();
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
