package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.datasets.BenchmarkQueries;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import io.aurora.sql.datasets.SsbGenerator;
import io.aurora.sql.datasets.TpchGenerator;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.testing.PlanTree;
import io.aurora.sql.testing.StatisticsCatalog;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The join orders the planner chooses for TPC-H and the Star Schema Benchmark at scale factors 1
 * and 100, planned over tables that carry only the statistics the benchmarks' specifications give
 * (row counts and the distinct values of key and filter columns), so that the plans are those of
 * the real scale without its data. The answers are checked at a small scale by the differential
 * suites.
 */
class TestJoinOrder {
  /**
   * TPC-H queries that join lineitem once with other tables and keep much of it: lineitem, the
   * largest table by far, streams through every join as the probe side and is never hashed. (Q12
   * keeps about 0.5% of lineitem, fewer rows than orders has, and rightly hashes them; so does Q7,
   * whose lineitem rows of two nations' suppliers are fewer than orders.)
   */
  private static final List<String> TPCH_ONE_LINEITEM =
      List.of("q03", "q05", "q08", "q09", "q10", "q14", "q19");

  static Stream<Arguments> tpchQueries() {
    List<Arguments> arguments = new ArrayList<>();
    for (double scale : new double[] {1, 100}) {
      for (String name : TPCH_ONE_LINEITEM) {
        arguments.add(Arguments.of(scale, name));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "SF {0} {1}")
  @MethodSource("tpchQueries")
  void lineitemIsNeverABuildSide(double scale, String name) throws Exception {
    PlanTree plan = explain(tpch(scale), query(BenchmarkQueries.tpch(), name));
    assertThat(plan.joins()).isNotEmpty();
    for (PlanTree join : plan.joins()) {
      assertThat(join.buildTables())
          .as("build side of %s in %s", join.line(), name)
          .doesNotContain("lineitem");
    }
  }

  /**
   * Q5 joins customer by its key to orders, never by nation alone to the region's suppliers (12M
   * rows at scale factor 1: the plan that did not finish in 600 s), and its scans read only the
   * columns it uses.
   */
  @ParameterizedTest(name = "SF {0}")
  @MethodSource("scales")
  void q05JoinsCustomersThroughTheirOrders(double scale) throws Exception {
    PlanTree plan = explain(tpch(scale), query(BenchmarkQueries.tpch(), "q05"));
    boolean customerJoined = false;
    for (PlanTree join : plan.joins()) {
      assertThat(join.tables())
          .as("customers joined with suppliers by nation alone")
          .isNotEqualTo(Set.of("customer", "supplier", "nation", "region"));
      if (join.buildTables().equals(Set.of("customer"))) {
        assertThat(join.probeTables()).as(join.line()).contains("orders");
        customerJoined = true;
      }
      if (join.probeTables().equals(Set.of("customer"))) {
        assertThat(join.buildTables()).as(join.line()).contains("orders");
        customerJoined = true;
      }
    }
    assertThat(customerJoined).as("customer joins a subtree with orders").isTrue();
    assertThat(plan.lines())
        .filteredOn(line -> line.contains("Scan [table=lineitem"))
        .singleElement()
        .asString()
        .contains("columns=[l_orderkey, l_suppkey, l_extendedprice, l_discount]");
  }

  /**
   * Q9 joins lineitem to partsupp on both keys at once, and does not take the pair of keys for
   * independent filters (which would make the join look 20x smaller than lineitem and hash it).
   */
  @ParameterizedTest(name = "SF {0}")
  @MethodSource("scales")
  void q09JoinsPartsuppOnItsCompositeKey(double scale) throws Exception {
    PlanTree plan = explain(tpch(scale), query(BenchmarkQueries.tpch(), "q09"));
    PlanTree partsupp =
        plan.joins().stream()
            .filter(join -> join.buildTables().contains("partsupp"))
            .findFirst()
            .orElseThrow();
    assertThat(partsupp.buildTables()).isEqualTo(Set.of("partsupp"));
    assertThat(partsupp.line()).matches("HashJoin \\[INNER, keys=\\[\\d+, \\d+\\]=.*");
  }

  /**
   * Q21's EXISTS and NOT EXISTS, correlated by an equality and an inequality, are a semi and an
   * anti join of the outer lineitem with one more lineitem each: three scans of lineitem in all,
   * where Calcite's decorrelation planned the outer join graph four times over (seven scans).
   */
  @ParameterizedTest(name = "SF {0}")
  @MethodSource("scales")
  void q21ExistsAreSemiAndAntiJoins(double scale) throws Exception {
    PlanTree plan = explain(tpch(scale), query(BenchmarkQueries.tpch(), "q21"));
    assertThat(plan.lines()).filteredOn(line -> line.contains("Scan [table=lineitem")).hasSize(3);
    assertThat(plan.joins())
        .extracting(PlanTree::line)
        .anyMatch(line -> line.matches("HashJoin \\[SEMI, keys=\\[\\d+\\]=\\[\\d+\\], filter=.*"))
        .anyMatch(line -> line.matches("HashJoin \\[ANTI, keys=\\[\\d+\\]=\\[\\d+\\], filter=.*"));
  }

  /**
   * Q7's condition on the two nations, an OR of ANDs over both, also filters each nation alone
   * before any join, and Q19's three branches filter part (not lineitem, which is probed).
   */
  @ParameterizedTest(name = "SF {0}")
  @MethodSource("scales")
  void conditionsImpliedByAnOrFilterEachTable(double scale) throws Exception {
    PlanTree q07 = explain(tpch(scale), query(BenchmarkQueries.tpch(), "q07"));
    assertThat(filtersOver(q07, "nation"))
        .hasSize(2)
        .allMatch(line -> line.contains("FRANCE") && line.contains("GERMANY"), "two nations");
    PlanTree q19 = explain(tpch(scale), query(BenchmarkQueries.tpch(), "q19"));
    assertThat(filtersOver(q19, "part"))
        .singleElement()
        .asString()
        .contains("Brand#12", "Brand#23", "Brand#34");
    // lineitem, the probe side, keeps the OR for after the join.
    assertThat(filtersOver(q19, "lineitem")).isEmpty();
  }

  /** The filters applied to one table alone, below every join. */
  private static List<String> filtersOver(PlanTree plan, String table) {
    return plan.nodes().stream()
        .filter(node -> node.line().startsWith("FilterProject [filter="))
        .filter(node -> node.tables().equals(Set.of(table)))
        .map(PlanTree::line)
        .toList();
  }

  static Stream<Arguments> ssbQueries() {
    List<Arguments> arguments = new ArrayList<>();
    for (double scale : new double[] {1, 100}) {
      for (BenchmarkQuery query : BenchmarkQueries.ssb()) {
        arguments.add(Arguments.of(scale, query.name()));
      }
    }
    return arguments.stream();
  }

  /** In every star join the fact table is probed and only dimensions are hashed. */
  @ParameterizedTest(name = "SF {0} {1}")
  @MethodSource("ssbQueries")
  void lineorderIsNeverABuildSide(double scale, String name) throws Exception {
    PlanTree plan = explain(ssb(scale), query(BenchmarkQueries.ssb(), name));
    assertThat(plan.joins()).isNotEmpty();
    for (PlanTree join : plan.joins()) {
      assertThat(join.buildTables())
          .as("build side of %s in %s", join.line(), name)
          .doesNotContain("lineorder");
      assertThat(join.probeTables()).as("probe side of %s", join.line()).contains("lineorder");
    }
  }

  /**
   * A star of 20 dimensions and a chain of 64 tables are past the exhaustive enumeration and are
   * ordered greedily: the fact table is still never hashed, and no two parts are joined without a
   * condition between them.
   */
  @org.junit.jupiter.api.Test
  void joinsOfManyTablesAreOrderedGreedilyWithoutCrossProducts() throws Exception {
    StatisticsCatalog catalog = new StatisticsCatalog();
    catalog.add(
        "fact",
        TableSchema.of(
            java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> ColumnSchema.of("d" + i, DataType.BIGINT))
                .toList()),
        100_000_000,
        Map.of());
    StringBuilder star = new StringBuilder("SELECT count(*) FROM fact");
    for (int i = 0; i < 20; i++) {
      catalog.add(
          "dim" + i,
          TableSchema.of(
              List.of(
                  ColumnSchema.of("k", DataType.BIGINT), ColumnSchema.of("v", DataType.BIGINT))),
          1_000 + i,
          Map.of("k", 1_000.0 + i, "v", 10.0));
      star.append(", dim").append(i);
    }
    star.append(" WHERE fact.d0 = dim0.k");
    for (int i = 1; i < 20; i++) {
      star.append(" AND fact.d").append(i).append(" = dim").append(i).append(".k");
    }
    star.append(" AND dim3.v = 7");
    PlanTree starPlan = explain(catalog, star.toString());
    assertThat(starPlan.joins()).hasSize(20);
    for (PlanTree join : starPlan.joins()) {
      assertThat(join.line()).as("a join with a condition").contains("keys=");
      assertThat(join.buildTables()).as("build side of %s", join.line()).doesNotContain("fact");
    }

    StringBuilder chain = new StringBuilder("SELECT count(*) FROM c0");
    StringBuilder conditions = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      catalog.add(
          "c" + i,
          TableSchema.of(
              List.of(
                  ColumnSchema.of("a", DataType.BIGINT), ColumnSchema.of("b", DataType.BIGINT))),
          10 + i,
          Map.of("a", 10.0 + i, "b", 10.0 + i));
      if (i > 0) {
        chain.append(", c").append(i);
        conditions.append(i == 1 ? " WHERE " : " AND ");
        conditions.append("c").append(i - 1).append(".b = c").append(i).append(".a");
      }
    }
    PlanTree chainPlan = explain(catalog, chain.append(conditions).toString());
    assertThat(chainPlan.joins()).hasSize(63);
    for (PlanTree join : chainPlan.joins()) {
      assertThat(join.line()).as("a join with a condition").contains("keys=");
    }
  }

  static Stream<Double> scales() {
    return Stream.of(1.0, 100.0);
  }

  private static PlanTree explain(StatisticsCatalog catalog, String sql) throws Exception {
    List<String> lines = new ArrayList<>();
    try (SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
        QueryResult result = (QueryResult) engine.execute("EXPLAIN " + sql)) {
      for (List<Object> row : result.rows()) {
        lines.add((String) row.get(0));
      }
    }
    return PlanTree.parse(lines);
  }

  private static String query(List<BenchmarkQuery> queries, String name) {
    return queries.stream()
        .filter(query -> query.name().equals(name))
        .findFirst()
        .orElseThrow()
        .sql();
  }

  /** TPC-H's tables at a scale factor, with the cardinalities its specification gives. */
  private static StatisticsCatalog tpch(double scale) {
    Map<String, TableSchema> schemas = new HashMap<>();
    new TpchGenerator(0.0001, 1)
        .generate(
            (name, schema) -> {
              schemas.put(name, schema);
              return row -> {};
            });
    StatisticsCatalog catalog = new StatisticsCatalog();
    catalog.add("region", schemas.get("region"), 5, Map.of("r_regionkey", 5.0, "r_name", 5.0));
    catalog.add(
        "nation",
        schemas.get("nation"),
        25,
        Map.of("n_nationkey", 25.0, "n_name", 25.0, "n_regionkey", 5.0));
    double suppliers = 10_000 * scale;
    double customers = 150_000 * scale;
    double parts = 200_000 * scale;
    double orders = 1_500_000 * scale;
    catalog.add(
        "supplier",
        schemas.get("supplier"),
        (long) suppliers,
        Map.of("s_suppkey", suppliers, "s_nationkey", 25.0));
    catalog.add(
        "customer",
        schemas.get("customer"),
        (long) customers,
        Map.of("c_custkey", customers, "c_nationkey", 25.0, "c_mktsegment", 5.0));
    catalog.add(
        "part",
        schemas.get("part"),
        (long) parts,
        Map.of(
            "p_partkey",
            parts,
            "p_type",
            150.0,
            "p_size",
            50.0,
            "p_brand",
            25.0,
            "p_container",
            40.0));
    catalog.add(
        "partsupp",
        schemas.get("partsupp"),
        (long) (4 * parts),
        Map.of("ps_partkey", parts, "ps_suppkey", suppliers));
    catalog.add(
        "orders",
        schemas.get("orders"),
        (long) orders,
        Map.of(
            "o_orderkey",
            orders,
            "o_custkey",
            customers * 2 / 3,
            "o_orderdate",
            2406.0,
            "o_orderstatus",
            3.0,
            "o_orderpriority",
            5.0));
    Map<String, Double> lineitem = new HashMap<>();
    lineitem.put("l_orderkey", orders);
    lineitem.put("l_partkey", parts);
    lineitem.put("l_suppkey", suppliers);
    lineitem.put("l_shipdate", 2526.0);
    lineitem.put("l_commitdate", 2466.0);
    lineitem.put("l_receiptdate", 2554.0);
    lineitem.put("l_returnflag", 3.0);
    lineitem.put("l_shipmode", 7.0);
    lineitem.put("l_shipinstruct", 4.0);
    catalog.add("lineitem", schemas.get("lineitem"), (long) (4 * orders), lineitem);
    return catalog;
  }

  /** The Star Schema Benchmark's tables at a scale factor, with its specification's sizes. */
  private static StatisticsCatalog ssb(double scale) {
    Map<String, TableSchema> schemas = new HashMap<>();
    Consumer<List<Object>> discard = row -> {};
    new SsbGenerator(0.0001, 1)
        .generate(
            (name, schema) -> {
              schemas.put(name, schema);
              return discard;
            });
    double customers = 30_000 * scale;
    double suppliers = 2_000 * scale;
    double parts = 200_000 * Math.floor(1 + Math.log(scale) / Math.log(2));
    StatisticsCatalog catalog = new StatisticsCatalog();
    catalog.add(
        "dates",
        schemas.get("dates"),
        2556,
        Map.of("d_datekey", 2556.0, "d_year", 7.0, "d_yearmonthnum", 84.0, "d_yearmonth", 84.0));
    catalog.add(
        "customer",
        schemas.get("customer"),
        (long) customers,
        Map.of("c_custkey", customers, "c_city", 250.0, "c_nation", 25.0, "c_region", 5.0));
    catalog.add(
        "supplier",
        schemas.get("supplier"),
        (long) suppliers,
        Map.of("s_suppkey", suppliers, "s_city", 250.0, "s_nation", 25.0, "s_region", 5.0));
    catalog.add(
        "part",
        schemas.get("part"),
        (long) parts,
        Map.of("p_partkey", parts, "p_mfgr", 5.0, "p_category", 25.0, "p_brand1", 1000.0));
    catalog.add(
        "lineorder",
        schemas.get("lineorder"),
        (long) (6_000_000 * scale),
        Map.of(
            "lo_orderkey",
            1_500_000 * scale,
            "lo_custkey",
            customers * 2 / 3,
            "lo_partkey",
            parts,
            "lo_suppkey",
            suppliers,
            "lo_orderdate",
            2406.0,
            "lo_discount",
            11.0,
            "lo_quantity",
            50.0));
    return catalog;
  }
}
