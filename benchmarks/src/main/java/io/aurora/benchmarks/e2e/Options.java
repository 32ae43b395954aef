package io.aurora.benchmarks.e2e;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end-to-end run's settings, from {@code --name=value} arguments. {@code --quick} changes the
 * defaults to a run of a few minutes; explicit settings still win.
 */
record Options(
    boolean quick,
    long seed,
    int hitsRows,
    double scaleFactor,
    Set<String> suites,
    Path workDirectory,
    Path results,
    String nodeHeap,
    long queryMaxMemoryBytes,
    String duckDbMemory,
    int queryTimeoutSeconds,
    int concurrencySeconds,
    List<Integer> clients,
    int freshnessSeconds,
    int profiles) {
  static final Set<String> ALL_SUITES =
      Set.of("load", "grpc", "clickbench", "ssb", "tpch", "freshness", "concurrency", "profile");

  static final String USAGE =
      """
      usage: benchmarks/run-e2e.sh [--quick] [--name=value ...]
        --quick                 small data and short suites (a few minutes), results under the work
                                directory instead of benchmarks/RESULTS.md
        --seed=N                generator seed (default 20130701)
        --hits-rows=N           rows of hits (default 10000000; quick 200000)
        --scale-factor=X        SSB and TPC-H scale factor (default 1; quick 0.05)
        --suites=a,b            of load,grpc,clickbench,ssb,tpch,freshness,concurrency,profile
                                (default all; load is implied by the query suites)
        --work-dir=DIR          data, node and DuckDB files (default benchmarks/target/e2e)
        --results=FILE          the Markdown results (default benchmarks/RESULTS.md; quick
                                <work-dir>/RESULTS-quick.md); the JSON goes beside it
        --node-heap=SIZE        the node's -Xmx (default 10g)
        --query-max-memory=N    the node's query.max-memory in bytes (default 4294967296: the
                                default 1 GiB fails ClickBench's 10M-group aggregations)
        --duckdb-memory=SIZE    DuckDB's memory_limit (default 5GB)
        --query-timeout=SECONDS per Aurora query run (default 600)
        --concurrency-seconds=N per client count and statement kind (default 60; quick 5)
        --clients=1,8,64        client counts of the concurrency suite
        --freshness-seconds=N   per producer (default 30; quick 5)
        --profiles=N            queries to profile with JFR, slowest relative to DuckDB (default 5;
                                quick 2)
      """;

  static Options parse(String[] arguments, Path repository) {
    boolean quick = false;
    for (String argument : arguments) {
      quick |= argument.equals("--quick");
    }
    long seed = 20_130_701L;
    int hitsRows = quick ? 200_000 : 10_000_000;
    double scaleFactor = quick ? 0.05 : 1;
    Set<String> suites = new LinkedHashSet<>(ALL_SUITES);
    Path work = repository.resolve("benchmarks/target/e2e");
    Path results = null;
    String nodeHeap = "10g";
    long queryMaxMemory = 4L << 30;
    String duckDbMemory = "5GB";
    int queryTimeout = 600;
    int concurrencySeconds = quick ? 5 : 60;
    List<Integer> clients = List.of(1, 8, 64);
    int freshnessSeconds = quick ? 5 : 30;
    int profiles = quick ? 2 : 5;
    for (String argument : arguments) {
      if (argument.equals("--quick")) {
        continue;
      }
      if (argument.equals("--help") || argument.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      int equals = argument.indexOf('=');
      if (!argument.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("Unknown argument " + argument);
      }
      String name = argument.substring(2, equals);
      String value = argument.substring(equals + 1);
      switch (name) {
        case "seed" -> seed = Long.parseLong(value);
        case "hits-rows" -> hitsRows = Integer.parseInt(value);
        case "scale-factor" -> scaleFactor = Double.parseDouble(value);
        case "suites" -> {
          suites = new LinkedHashSet<>(List.of(value.toLowerCase(Locale.ROOT).split(",")));
          for (String suite : suites) {
            if (!ALL_SUITES.contains(suite)) {
              throw new IllegalArgumentException("Unknown suite " + suite);
            }
          }
        }
        case "work-dir" -> work = Path.of(value).toAbsolutePath();
        case "results" -> results = Path.of(value).toAbsolutePath();
        case "node-heap" -> nodeHeap = value;
        case "query-max-memory" -> queryMaxMemory = Long.parseLong(value);
        case "duckdb-memory" -> duckDbMemory = value;
        case "query-timeout" -> queryTimeout = Integer.parseInt(value);
        case "concurrency-seconds" -> concurrencySeconds = Integer.parseInt(value);
        case "clients" ->
            clients = java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
        case "freshness-seconds" -> freshnessSeconds = Integer.parseInt(value);
        case "profiles" -> profiles = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("Unknown setting --" + name);
      }
    }
    if (results == null) {
      results =
          quick ? work.resolve("RESULTS-quick.md") : repository.resolve("benchmarks/RESULTS.md");
    }
    return new Options(
        quick,
        seed,
        hitsRows,
        scaleFactor,
        suites,
        work,
        results,
        nodeHeap,
        queryMaxMemory,
        duckDbMemory,
        queryTimeout,
        concurrencySeconds,
        clients,
        freshnessSeconds,
        profiles);
  }

  boolean runs(String suite) {
    return suites.contains(suite);
  }

  /** The JSON file beside the Markdown results. */
  Path json() {
    String name = results.getFileName().toString().replaceFirst("\\.md$", "");
    return results.resolveSibling(name + ".json");
  }
}
