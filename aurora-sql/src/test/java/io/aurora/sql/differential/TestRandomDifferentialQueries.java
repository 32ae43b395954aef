package io.aurora.sql.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.testing.DifferentialHarness;
import io.aurora.sql.testing.TestingData;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generates random queries from a small grammar over {@link TestingData}'s tables and compares
 * Aurora with DuckDB on each: projections, filters combining comparisons, IS NULL, IN, BETWEEN and
 * LIKE with constants drawn from the data, GROUP BY on one or two columns with random aggregates
 * and HAVING, DISTINCT, and ORDER BY over every output column with LIMIT and OFFSET. The grammar
 * stays within constructs whose semantics PostgreSQL and DuckDB share (no integer division, no
 * floating-point arithmetic whose rounding could reorder rows).
 *
 * <p>The seed is fixed for CI; {@code -Daurora.random.seed=N} replaces it and {@code
 * -Daurora.random.count=N} changes the number of queries. Both are printed and named in every
 * failure message, so a failure reproduces with the same properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestRandomDifferentialQueries {
  private static final long DATA_SEED = 20_261_126L;
  private static final long DEFAULT_QUERY_SEED = 7_340_117L;
  private static final int DEFAULT_COUNT = 300;
  private static final long QUERY_SEED = Long.getLong("aurora.random.seed", DEFAULT_QUERY_SEED);
  private static final int COUNT = Integer.getInteger("aurora.random.count", DEFAULT_COUNT);

  @TempDir static Path directory;
  private DifferentialHarness harness;

  record RandomQuery(int index, String sql, boolean isOrdered) {
    @Override
    public String toString() {
      return "seed " + QUERY_SEED + " #" + index + ": " + sql;
    }
  }

  @BeforeAll
  void load() throws Exception {
    harness = new DifferentialHarness(directory, TestingData.tables(DATA_SEED));
  }

  @AfterAll
  void close() throws Exception {
    harness.close();
  }

  static List<RandomQuery> queries() {
    System.out.printf(
        "TestRandomDifferentialQueries: %d queries, -Daurora.random.seed=%d%n", COUNT, QUERY_SEED);
    QueryGenerator generator =
        new QueryGenerator(new Random(QUERY_SEED), TestingData.tables(DATA_SEED));
    List<RandomQuery> queries = new ArrayList<>(COUNT);
    for (int i = 0; i < COUNT; i++) {
      queries.add(generator.next(i));
    }
    return queries;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void auroraMatchesDuckDb(RandomQuery query) throws Exception {
    assertThat(harness.difference(query.sql(), query.isOrdered()))
        .as("-Daurora.random.seed=%d query #%d: %s", QUERY_SEED, query.index(), query.sql())
        .isNull();
  }

  /** A column a query may use, with the values of its table to draw constants from. */
  private record Column(String expression, DataType type, List<Object> values) {
    boolean isNumeric() {
      return switch (type.kind()) {
        case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> true;
        default -> false;
      };
    }

    boolean isExactInteger() {
      return switch (type.kind()) {
        case SMALLINT, INTEGER, BIGINT -> true;
        default -> false;
      };
    }
  }

  /** A FROM clause and the columns it offers. */
  private record Source(String from, List<Column> columns) {}

  private static final class QueryGenerator {
    private static final DateTimeFormatter TIMESTAMP_FORMAT =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private final Random random;
    private final List<Source> sources;

    QueryGenerator(Random random, List<TestingData.TableData> tables) {
      this.random = random;
      Map<String, TestingData.TableData> byName =
          tables.stream()
              .collect(Collectors.toMap(TestingData.TableData::name, Function.identity()));
      TestingData.TableData events = byName.get("events");
      TestingData.TableData users = byName.get("users");
      List<Column> eventColumns = columns(events, "", events);
      List<Column> joined = new ArrayList<>(columns(events, "e.", events));
      joined.addAll(columns(users, "u.", users));
      this.sources =
          List.of(
              new Source("events", eventColumns),
              new Source("events", eventColumns),
              new Source("events", eventColumns),
              new Source("users", columns(users, "", users)),
              new Source("events e JOIN users u ON e.user_id = u.user_id", joined),
              new Source("events e LEFT JOIN users u ON e.user_id = u.user_id", joined),
              new Source("empty_events", columns(byName.get("empty_events"), "", events)));
    }

    /** The columns of {@code table}, with constants drawn from {@code valueSource}'s rows. */
    private static List<Column> columns(
        TestingData.TableData table, String prefix, TestingData.TableData valueSource) {
      List<Column> columns = new ArrayList<>();
      List<ColumnSchema> schema = table.schema().columns();
      for (int c = 0; c < schema.size(); c++) {
        List<Object> values = new ArrayList<>();
        for (List<Object> row : valueSource.rows()) {
          values.add(row.get(c));
        }
        columns.add(new Column(prefix + schema.get(c).name(), schema.get(c).type(), values));
      }
      return columns;
    }

    RandomQuery next(int index) {
      Source source = sources.get(random.nextInt(sources.size()));
      return random.nextInt(5) < 3 ? aggregation(index, source) : projection(index, source);
    }

    private RandomQuery projection(int index, Source source) {
      List<String> items = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        items.add(projectionItem(pick(source.columns())));
      }
      boolean isDistinct = random.nextInt(4) == 0;
      StringBuilder sql = new StringBuilder("SELECT ");
      if (isDistinct) {
        sql.append("DISTINCT ");
      }
      sql.append(String.join(", ", items)).append(" FROM ").append(source.from());
      appendWhere(sql, source);
      boolean isOrdered = random.nextInt(3) == 0;
      if (isOrdered) {
        appendOrderBy(sql, items.size(), 0);
      }
      return new RandomQuery(index, sql.toString(), isOrdered);
    }

    private RandomQuery aggregation(int index, Source source) {
      int keyCount = random.nextInt(3);
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < keyCount; i++) {
        String key = pick(source.columns()).expression();
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
      List<String> items = new ArrayList<>(keys);
      int aggregates = 1 + random.nextInt(4);
      for (int i = 0; i < aggregates; i++) {
        items.add(aggregate(pick(source.columns())));
      }
      StringBuilder sql =
          new StringBuilder("SELECT ")
              .append(String.join(", ", items))
              .append(" FROM ")
              .append(source.from());
      appendWhere(sql, source);
      if (!keys.isEmpty()) {
        sql.append(" GROUP BY ").append(String.join(", ", keys));
        if (random.nextInt(4) == 0) {
          sql.append(" HAVING count(*) > ").append(random.nextInt(30));
        }
      }
      boolean isOrdered = !keys.isEmpty() && random.nextInt(3) == 0;
      if (isOrdered) {
        // Group keys come first: together they are unique, so computed aggregates (whose last
        // bits may differ between engines) never decide the order.
        appendOrderBy(sql, items.size(), keys.size());
      }
      return new RandomQuery(index, sql.toString(), isOrdered);
    }

    private String projectionItem(Column column) {
      String name = column.expression();
      int choice = random.nextInt(10);
      if (choice == 0 && column.isExactInteger()) {
        return name + (random.nextBoolean() ? " + " : " * ") + (random.nextInt(20) - 5);
      }
      if (choice == 1 && column.type().kind() == TypeKind.VARCHAR) {
        return switch (random.nextInt(4)) {
          case 0 -> "upper(" + name + ")";
          case 1 -> "length(" + name + ")";
          case 2 -> name + " || '-'";
          default -> "substring(" + name + " from 2 for 3)";
        };
      }
      if (choice == 2) {
        return "coalesce(" + name + ", " + constant(column) + ")";
      }
      if (choice == 3) {
        return "CASE WHEN " + predicate(column) + " THEN 1 ELSE 0 END";
      }
      return name;
    }

    private String aggregate(Column column) {
      String name = column.expression();
      int choice = random.nextInt(8);
      if (column.isNumeric() && choice < 3) {
        return switch (choice) {
          case 0 -> "sum(" + name + ")";
          case 1 -> "avg(" + name + ")";
          default -> "sum(" + name + ") + count(*)";
        };
      }
      return switch (choice % 5) {
        case 0 -> "count(*)";
        case 1 -> "count(" + name + ")";
        case 2 -> "count(DISTINCT " + name + ")";
        case 3 -> "min(" + name + ")";
        default -> "max(" + name + ")";
      };
    }

    private void appendWhere(StringBuilder sql, Source source) {
      if (random.nextInt(4) == 0) {
        return;
      }
      sql.append(" WHERE ").append(condition(source, 2));
    }

    private String condition(Source source, int depth) {
      int choice = depth == 0 ? 3 : random.nextInt(6);
      return switch (choice) {
        case 0 -> "(" + condition(source, depth - 1) + " AND " + condition(source, depth - 1) + ")";
        case 1 -> "(" + condition(source, depth - 1) + " OR " + condition(source, depth - 1) + ")";
        case 2 -> "NOT (" + condition(source, depth - 1) + ")";
        default -> predicate(pick(source.columns()));
      };
    }

    private String predicate(Column column) {
      String name = column.expression();
      int choice = random.nextInt(10);
      if (choice == 0) {
        return name + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      }
      if (column.type().kind() == TypeKind.BOOLEAN) {
        return switch (choice % 3) {
          case 0 -> name;
          case 1 -> "NOT " + name;
          default -> name + " IS " + (random.nextBoolean() ? "" : "NOT ") + "TRUE";
        };
      }
      if (choice == 1 || choice == 2) {
        StringJoiner list = new StringJoiner(", ", "(", ")");
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
          list.add(constant(column));
        }
        return name + (choice == 1 ? " IN " : " NOT IN ") + list;
      }
      if (choice == 3) {
        String low = constant(column);
        String high = constant(column);
        return name
            + (random.nextInt(4) == 0 ? " NOT BETWEEN " : " BETWEEN ")
            + low
            + " AND "
            + high;
      }
      if (choice == 4 && column.type().kind() == TypeKind.VARCHAR) {
        return name + (random.nextInt(4) == 0 ? " NOT LIKE " : " LIKE ") + likePattern(column);
      }
      String[] operators = {"=", "<>", "<", "<=", ">", ">="};
      return name + " " + operators[random.nextInt(operators.length)] + " " + constant(column);
    }

    private String likePattern(Column column) {
      Object value = nonNullValue(column);
      String text = (String) value;
      String pattern =
          switch (random.nextInt(4)) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1)) + "%";
            case 1 -> "%" + text.substring(random.nextInt(text.length() + 1));
            case 2 -> {
              int start = random.nextInt(text.length() + 1);
              int end = start + random.nextInt(text.length() - start + 1);
              yield "%" + text.substring(start, end) + "%";
            }
            default -> {
              if (text.isEmpty()) {
                yield "_%";
              }
              int position = random.nextInt(text.length());
              yield text.substring(0, position) + "_" + text.substring(position + 1);
            }
          };
      return quote(pattern);
    }

    /** A literal from the column's non-null values (IN lists and comparisons never see NULL). */
    private String constant(Column column) {
      Object value = nonNullValue(column);
      return switch (column.type().kind()) {
        case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> value.toString();
        case DECIMAL -> ((BigDecimal) value).toPlainString();
        case BOOLEAN -> value.toString();
        case VARCHAR -> quote((String) value);
        case DATE -> "DATE '" + LocalDate.ofEpochDay(((Number) value).longValue()) + "'";
        case TIMESTAMP -> {
          // Whole seconds: the constant need not match a row exactly, only fall among them.
          long seconds = Math.floorDiv((Long) value, 1_000_000L);
          yield "TIMESTAMP '"
              + TIMESTAMP_FORMAT.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC))
              + "'";
        }
      };
    }

    private Object nonNullValue(Column column) {
      while (true) {
        Object value = column.values().get(random.nextInt(column.values().size()));
        if (value != null) {
          return value;
        }
      }
    }

    private void appendOrderBy(StringBuilder sql, int columnCount, int leading) {
      List<Integer> positions = new ArrayList<>();
      for (int i = 1; i <= columnCount; i++) {
        positions.add(i);
      }
      Collections.shuffle(positions.subList(0, leading), random);
      Collections.shuffle(positions.subList(leading, columnCount), random);
      StringJoiner order = new StringJoiner(", ", " ORDER BY ", "");
      for (int position : positions) {
        order.add(
            position
                + (random.nextBoolean() ? " ASC" : " DESC")
                + (random.nextBoolean() ? " NULLS FIRST" : " NULLS LAST"));
      }
      sql.append(order);
      if (random.nextInt(3) > 0) {
        sql.append(" LIMIT ").append(1 + random.nextInt(50));
        if (random.nextBoolean()) {
          sql.append(" OFFSET ").append(random.nextInt(20));
        }
      }
    }

    private <T> T pick(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    private static String quote(String text) {
      return "'" + text.replace("'", "''") + "'";
    }
  }
}
