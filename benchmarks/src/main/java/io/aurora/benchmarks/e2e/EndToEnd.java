package io.aurora.benchmarks.e2e;

import io.aurora.benchmarks.e2e.DataSets.DataSet;
import io.aurora.benchmarks.e2e.Loads.Load;
import io.aurora.benchmarks.e2e.Profiles.Profile;
import io.aurora.benchmarks.e2e.QuerySuite.QueryRun;
import io.aurora.benchmarks.e2e.QuerySuite.SuiteRun;
import io.aurora.sql.datasets.BenchmarkQueries;
import io.aurora.sql.datasets.BenchmarkQueries.BenchmarkQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end benchmark: generates the data sets, starts a node, loads both engines, runs the
 * suites on both and writes the results. {@code benchmarks/run-e2e.sh} builds and runs it; see
 * {@code benchmarks/README.md} and {@link Options#USAGE}. Exits 1 when a query fails or an answer
 * differs from DuckDB's: such a run is a failed benchmark run, and its report says so.
 */
public final class EndToEnd {
  private static final Logger log = LoggerFactory.getLogger(EndToEnd.class);

  private EndToEnd() {}

  /** Everything one run measured, for the report. */
  record Results(
      Options options,
      Report.Environment environment,
      List<DataSet> dataSets,
      List<Load> loads,
      Map<String, long[]> bytesOnDisk,
      List<SuiteRun> suites,
      List<Freshness.Result> freshness,
      List<DashboardLoad.Result> auroraConcurrency,
      List<DashboardLoad.Result> duckdbConcurrency,
      List<Profile> profiles,
      List<Plan> plans,
      double totalSeconds) {
    long failures() {
      return suites.stream().mapToLong(SuiteRun::failures).sum();
    }
  }

  /** A query's plan as the node's EXPLAIN shows it. */
  record Plan(String suite, String name, String text) {}

  /** TPC-H queries whose join plans the report shows: the ones the join order work was about. */
  private static final List<String> EXPLAINED_TPCH = List.of("q05", "q07", "q09", "q21");

  public static void main(String[] arguments) throws Exception {
    Path repository = Path.of(System.getProperty("aurora.repository", ".")).toAbsolutePath();
    Options options;
    try {
      options = Options.parse(arguments, repository);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    Results results = run(options, repository);
    Report.write(results);
    log.info(
        "Wrote {} and {} in {} s; {} failed queries",
        options.results(),
        options.json(),
        Math.round(results.totalSeconds()),
        results.failures());
    System.exit(results.failures() == 0 ? 0 : 1);
  }

  static Results run(Options options, Path repository) throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(options.workDirectory());
    Report.Environment environment = Report.Environment.capture(repository);
    Path data = options.workDirectory().resolve("data");
    List<DataSet> dataSets = new ArrayList<>();
    boolean anyQueries = options.runs("clickbench") || options.runs("ssb") || options.runs("tpch");
    boolean loads = options.runs("load") || anyQueries || options.runs("concurrency");
    if (loads || options.runs("grpc")) {
      if (options.runs("clickbench") || options.runs("load") || options.runs("concurrency")) {
        dataSets.add(logged(DataSets.hits(data, options.seed(), options.hitsRows())));
      }
      if (options.runs("ssb") || options.runs("load")) {
        dataSets.add(logged(DataSets.ssb(data, options.seed(), options.scaleFactor())));
      }
      if (options.runs("tpch") || options.runs("load")) {
        dataSets.add(logged(DataSets.tpch(data, options.seed(), options.scaleFactor())));
      }
    }

    List<Load> loadResults = new ArrayList<>();
    Map<String, long[]> bytesOnDisk = new TreeMap<>();
    List<SuiteRun> suites = new ArrayList<>();
    List<Freshness.Result> freshness = new ArrayList<>();
    List<DashboardLoad.Result> auroraConcurrency = new ArrayList<>();
    List<DashboardLoad.Result> duckdbConcurrency = new ArrayList<>();
    List<Profile> profiles = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    Path duckDbFile = options.workDirectory().resolve("duckdb/bench.duckdb");
    Files.createDirectories(duckDbFile.getParent());
    Files.deleteIfExists(duckDbFile);
    Files.deleteIfExists(duckDbFile.resolveSibling("bench.duckdb.wal"));
    try (NodeProcess node =
            NodeProcess.start(
                repository,
                options.workDirectory(),
                options.nodeHeap(),
                options.queryMaxMemoryBytes());
        Connection aurora = DriverManager.getConnection(node.jdbcUrl());
        Connection duckdb = DriverManager.getConnection("jdbc:duckdb:" + duckDbFile)) {
      configureDuckDb(duckdb, options);
      log.info("Node pid {} at {}, DuckDB at {}", node.pid(), node.jdbcUrl(), duckDbFile);
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Path profileDirectory = options.workDirectory().resolve("profiles");
      Files.createDirectories(profileDirectory);
      Map<String, Path> recordings = new TreeMap<>();
      // One data set at a time: SSB and TPC-H both have part, supplier and customer tables, so
      // each is queried right after its load and dropped before the next (hits stays for the
      // concurrency suite).
      for (DataSet dataSet : dataSets) {
        if (loads) {
          load(dataSet, node, aurora, duckdb, duckDbFile, loadResults, bytesOnDisk);
        }
        if (options.runs("grpc")) {
          loadResults.add(logged(Loads.auroraGrpc(node.grpcEndpoint(), aurora, dataSet)));
        }
        String suite = dataSet.name().equals("hits") ? "clickbench" : dataSet.name();
        if (options.runs(suite)) {
          Path recording = profileDirectory.resolve(suite + ".jfr");
          if (options.runs("profile")) {
            Profiles.start(jcmd, node.pid());
          }
          suites.add(
              QuerySuite.run(suite, queries(suite), aurora, duckdb, options.queryTimeoutSeconds()));
          if (options.runs("profile")) {
            Profiles.stop(jcmd, node.pid(), recording);
            recordings.put(suite, recording);
          }
          if (suite.equals("tpch")) {
            plans.addAll(explain(aurora, suite, queries(suite), EXPLAINED_TPCH));
          }
        }
        if (!dataSet.name().equals("hits")) {
          Loads.drop(aurora, duckdb, dataSet);
        }
      }
      if (options.runs("profile")) {
        profiles.addAll(profile(options, suites, recordings));
      }
      if (options.runs("freshness")) {
        Duration duration = Duration.ofSeconds(options.freshnessSeconds());
        freshness.add(logged(Freshness.runPgwire(node.jdbcUrl(), duration)));
        freshness.add(logged(Freshness.runGrpc(node.grpcEndpoint(), node.jdbcUrl(), duration)));
        freshness.add(logged(Freshness.runDuckDb(duckdb, duration)));
      }
      if (options.runs("concurrency")) {
        Duration duration = Duration.ofSeconds(options.concurrencySeconds());
        for (DashboardLoad.Statements statements : DashboardLoad.Statements.values()) {
          for (int clients : options.clients()) {
            auroraConcurrency.add(
                logged(
                    DashboardLoad.run(
                        () -> DriverManager.getConnection(node.jdbcUrl()),
                        clients,
                        duration,
                        options.seed(),
                        statements)));
            duckdbConcurrency.add(
                logged(
                    DashboardLoad.run(
                        () -> ((DuckDBConnection) duckdb).duplicate(),
                        clients,
                        duration,
                        options.seed(),
                        statements)));
          }
        }
      }
    }
    return new Results(
        options,
        environment,
        dataSets,
        loadResults,
        bytesOnDisk,
        suites,
        freshness,
        auroraConcurrency,
        duckdbConcurrency,
        profiles,
        plans,
        (System.nanoTime() - start) / 1e9);
  }

  /** The node's EXPLAIN of the named queries of a suite. */
  private static List<Plan> explain(
      Connection aurora, String suite, List<BenchmarkQuery> queries, List<String> names)
      throws SQLException {
    List<Plan> plans = new ArrayList<>();
    for (BenchmarkQuery query : queries) {
      if (!names.contains(query.name())) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      try (Statement statement = aurora.createStatement();
          ResultSet rows = statement.executeQuery("EXPLAIN " + query.sql())) {
        while (rows.next()) {
          text.append(rows.getString(1)).append('\n');
        }
      }
      plans.add(new Plan(suite, query.name(), text.toString()));
    }
    return plans;
  }

  private static void configureDuckDb(Connection duckdb, Options options) throws SQLException {
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("SET threads = " + Runtime.getRuntime().availableProcessors());
      statement.execute("SET memory_limit = '" + options.duckDbMemory() + "'");
      // PostgreSQL's default, which Aurora follows: nulls sort last ascending, first descending.
      statement.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'");
      statement.execute("SET TimeZone = 'UTC'");
    }
  }

  private static List<BenchmarkQuery> queries(String suite) {
    return switch (suite) {
      case "clickbench" -> BenchmarkQueries.clickBench();
      case "ssb" -> BenchmarkQueries.ssb();
      default -> BenchmarkQueries.tpch();
    };
  }

  private static void load(
      DataSet dataSet,
      NodeProcess node,
      Connection aurora,
      Connection duckdb,
      Path duckDbFile,
      List<Load> loadResults,
      Map<String, long[]> bytesOnDisk)
      throws SQLException, IOException {
    long duckBefore = Files.size(duckDbFile);
    loadResults.add(logged(Loads.duckDbCopy(duckdb, dataSet)));
    long duckBytes = Files.size(duckDbFile) - duckBefore;
    Path segments = node.dataDirectory().resolve("shards");
    Path logs = node.dataDirectory().resolve("raft");
    long segmentsBefore = NodeProcess.bytesOnDisk(segments);
    long logsBefore = NodeProcess.bytesOnDisk(logs);
    loadResults.add(logged(Loads.auroraCopy(aurora, dataSet)));
    try (Statement statement = aurora.createStatement()) {
      statement.execute("CHECKPOINT");
    }
    long auroraSegments = NodeProcess.bytesOnDisk(segments) - segmentsBefore;
    long auroraLogs = NodeProcess.bytesOnDisk(logs) - logsBefore;
    long csv = csvBytes(dataSet);
    bytesOnDisk.put(dataSet.name(), new long[] {auroraSegments, auroraLogs, duckBytes, csv});
    log.info(
        "{} on disk: aurora segments {} bytes and Raft logs {} bytes, duckdb {} bytes, csv {}"
            + " bytes",
        dataSet.name(),
        auroraSegments,
        auroraLogs,
        duckBytes,
        csv);
  }

  /** The queries slowest relative to DuckDB (hot), from the JFR recordings of their suites. */
  private static List<Profile> profile(
      Options options, List<SuiteRun> suites, Map<String, Path> recordings) throws IOException {
    List<QueryRun> candidates = new ArrayList<>();
    for (SuiteRun suite : suites) {
      for (QueryRun query : suite.queries()) {
        if (query.isOk()) {
          candidates.add(query);
        }
      }
    }
    candidates.sort(
        Comparator.comparingDouble((QueryRun query) -> query.auroraHot() / query.duckdbHot())
            .reversed());
    List<QueryRun> slowest = candidates.subList(0, Math.min(options.profiles(), candidates.size()));
    // One pass over each suite's recording for all of its profiled queries.
    Map<String, List<QueryRun>> bySuite = new TreeMap<>();
    for (QueryRun query : slowest) {
      bySuite.computeIfAbsent(query.suite(), suite -> new ArrayList<>()).add(query);
    }
    Map<QueryRun, Profile> profiled = new java.util.IdentityHashMap<>();
    for (Map.Entry<String, List<QueryRun>> suite : bySuite.entrySet()) {
      List<Profile> summaries =
          Profiles.summarize(recordings.get(suite.getKey()), suite.getValue());
      for (int i = 0; i < summaries.size(); i++) {
        profiled.put(suite.getValue().get(i), summaries.get(i));
      }
    }
    List<Profile> profiles = new ArrayList<>();
    for (QueryRun query : slowest) {
      Profile profile = profiled.get(query);
      log.info(
          "Profiled {} {}: {} samples, top {}",
          query.suite(),
          query.name(),
          profile.samples(),
          profile.selfTop().isEmpty() ? "-" : profile.selfTop().get(0));
      profiles.add(profile);
    }
    return profiles;
  }

  private static long csvBytes(DataSet dataSet) throws IOException {
    long bytes = 0;
    for (DataSets.CsvTable table : dataSet.tables()) {
      bytes += table.bytes();
    }
    return bytes;
  }

  private static <T> T logged(T result) {
    log.info("{}", result);
    return result;
  }
}
