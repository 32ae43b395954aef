package io.aurora.benchmarks.e2e;

import io.aurora.benchmarks.e2e.DataSets.DataSet;
import io.aurora.benchmarks.e2e.EndToEnd.Results;
import io.aurora.benchmarks.e2e.Loads.Load;
import io.aurora.benchmarks.e2e.Profiles.Entry;
import io.aurora.benchmarks.e2e.Profiles.Profile;
import io.aurora.benchmarks.e2e.QuerySuite.QueryRun;
import io.aurora.benchmarks.e2e.QuerySuite.SuiteRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results as Markdown and JSON. The Markdown goes between the {@code e2e} markers of
 * the results file (the rest of the file, other benchmarks' results, is kept); a file without the
 * markers gets the section appended.
 */
final class Report {
  static final String BEGIN = "<!-- e2e:begin (written by benchmarks/run-e2e.sh) -->";
  static final String END = "<!-- e2e:end -->";

  private Report() {}

  /** Where and on what the run ran. */
  record Environment(
      String date, String commit, String jdk, String os, int cores, String cpu, String memory) {
    static Environment capture(Path repository) {
      return new Environment(
          Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
          command(repository, "git", "describe", "--always", "--dirty", "--abbrev=12"),
          System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.runtime.version")
              + " ("
              + System.getProperty("java.vendor")
              + ")",
          System.getProperty("os.name") + " " + System.getProperty("os.version"),
          Runtime.getRuntime().availableProcessors(),
          readCpu(),
          readMemory());
    }

    private static String readCpu() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).strip();
          }
        }
      } catch (IOException e) {
        // Not Linux: leave it unknown.
      }
      return "unknown";
    }

    private static String readMemory() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
          if (line.startsWith("MemTotal:")) {
            long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
          }
        }
      } catch (IOException e) {
        // Not Linux: leave it unknown.
      }
      return "unknown";
    }

    private static String command(Path directory, String... command) {
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? output.strip() : "unknown";
      } catch (IOException e) {
        return "unknown";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "unknown";
      }
    }
  }

  static void write(Results results) throws IOException {
    Files.createDirectories(results.options().results().getParent());
    Files.writeString(results.options().json(), json(results));
    String section = BEGIN + "\n" + markdown(results) + END + "\n";
    Path file = results.options().results();
    String existing = Files.exists(file) ? Files.readString(file) : "# Benchmark results\n\n";
    int begin = existing.indexOf(BEGIN);
    int end = existing.indexOf(END);
    String updated =
        begin >= 0 && end > begin
            ? existing.substring(0, begin) + section + existing.substring(end + END.length() + 1)
            : existing + (existing.endsWith("\n\n") ? "" : "\n") + section;
    Files.writeString(file, updated);
  }

  static String markdown(Results results) {
    Options options = results.options();
    Environment environment = results.environment();
    StringBuilder md = new StringBuilder();
    md.append("## End-to-end: Aurora beside DuckDB")
        .append(options.quick() ? " (quick mode: not the default sizes)" : "")
        .append("\n\n");
    md.append(
        results.failures() == 0
            ? "Every query that both engines ran returned the same answer on both.\n\n"
            : "**FAILED RUN: "
                + results.failures()
                + " queries failed or returned an answer different from DuckDB's (see the query"
                + " tables).**\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "command", "`benchmarks/run-e2e.sh" + (options.quick() ? " --quick" : "") + "`");
    row(md, "date (UTC)", environment.date());
    row(md, "commit", "`" + environment.commit() + "`");
    row(md, "JDK (runner and node)", environment.jdk());
    row(
        md,
        "machine",
        environment.cores() + " cores, " + environment.cpu() + ", " + environment.memory());
    row(md, "OS", environment.os());
    row(
        md,
        "data",
        String.format(
            Locale.ROOT,
            "hits %,d rows; SSB and TPC-H at scale factor %s; seed %d",
            options.hitsRows(),
            trim(options.scaleFactor()),
            options.seed()));
    row(
        md,
        "engines",
        "Aurora: one node started by `deploy/aurora server`, -Xmx"
            + options.nodeHeap()
            + " and query.max-memory "
            + options.queryMaxMemoryBytes() / (1 << 20)
            + " MiB, queried over pgjdbc; DuckDB: in-process JDBC in the runner, a file database,"
            + " memory_limit "
            + options.duckDbMemory()
            + ", threads = cores");
    row(md, "whole run", String.format(Locale.ROOT, "%.1f min", results.totalSeconds() / 60));
    md.append('\n');

    if (!results.suites().isEmpty()) {
      md.append("### Queries: shifted geometric means (time + 10 ms), seconds\n\n");
      md.append(
          "Cold is each query's first run, hot the best of the next two (ClickBench's method);"
              + " the page cache is not dropped between runs. Ratio is Aurora / DuckDB: below 1"
              + " means Aurora is faster.\n\n");
      md.append(
          "| suite | queries | failed | Aurora cold | DuckDB cold | ratio cold | Aurora hot |"
              + " DuckDB hot | ratio hot |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (SuiteRun suite : results.suites()) {
        double auroraCold = suite.geometricMean(true, 0);
        double duckCold = suite.geometricMean(false, 0);
        double auroraHot = suite.geometricMean(true, 1);
        double duckHot = suite.geometricMean(false, 1);
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %.3f | %.3f | %.2f | %.3f | %.3f | **%.2f** |\n",
                suite.suite(),
                suite.queries().size(),
                suite.failures(),
                auroraCold,
                duckCold,
                ratio(auroraCold, duckCold),
                auroraHot,
                duckHot,
                ratio(auroraHot, duckHot)));
      }
      md.append('\n');
    }

    if (!results.loads().isEmpty()) {
      md.append("### Load\n\n");
      md.append(
          "The same CSV files (generated once, reused by later runs with the same seed and size)."
              + " Aurora's COPY streams them over pgjdbc's CopyManager and is timed up to the end"
              + " of the CHECKPOINT that follows it (sealing and compaction); the gRPC writer reads and"
              + " parses them in the runner and writes Arrow batches (into separate tables,"
              + " dropped afterwards); DuckDB runs its own COPY on the files, then CHECKPOINT."
              + " Bytes on disk, measured after CHECKPOINT on both: the growth of the node's"
              + " segment files (the table's data), of its Raft logs (which Ratis purges once"
              + " the log segment holding the snapshot index is closed, so their size right after"
              + " a load is transient) and of the DuckDB file.\n\n");
      md.append(
          "| data set | rows | engine | method | seconds | rows/s |\n|---|---:|---|---|---:|---:|\n");
      for (Load load : results.loads()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %s | %.1f | %,.0f |\n",
                load.dataSet(),
                load.rows(),
                load.engine(),
                load.method(),
                load.seconds(),
                load.rowsPerSecond()));
      }
      md.append('\n');
      md.append(
          "| data set | CSV bytes | Aurora segments | Aurora Raft logs | DuckDB file | segments /"
              + " DuckDB | COPY rows/s Aurora / DuckDB |\n|---|---:|---:|---:|---:|---:|---:|\n");
      for (Map.Entry<String, long[]> entry : results.bytesOnDisk().entrySet()) {
        long[] bytes = entry.getValue();
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %,d | %,d | %,d | %.2f | %.2f |\n",
                entry.getKey(),
                bytes[3],
                bytes[0],
                bytes[1],
                bytes[2],
                ratio(bytes[0], bytes[2]),
                copyRatio(results.loads(), entry.getKey())));
      }
      md.append('\n');
    }

    if (!results.freshness().isEmpty()) {
      md.append("### Freshness: acknowledgement to visibility\n\n");
      md.append(
          "A producer writes small batches while a poller on another connection queries the"
              + " newest batch; the delay runs from the producer's acknowledgement to the poll that"
              + " first sees it.\n\n");
      md.append(
          "| producer | batches | p50 ms | p99 ms | max ms | write p50 ms | write p99 ms |\n"
              + "|---|---:|---:|---:|---:|---:|---:|\n");
      for (Freshness.Result result : results.freshness()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
                result.producer(),
                result.batches(),
                result.p50Millis(),
                result.p99Millis(),
                result.maxMillis(),
                result.insertP50Millis(),
                result.insertP99Millis()));
      }
      md.append('\n');
    }

    if (!results.auroraConcurrency().isEmpty()) {
      md.append("### Concurrency: dashboard queries over hits\n\n");
      md.append(
          "Each client runs a seeded mix of selective dashboard queries (a time range and one or"
              + " two dimensions, GROUP BY a dimension, top-N) back to back on its own connection"
              + " for "
              + options.concurrencySeconds()
              + " s. DuckDB's clients share one database in the runner. Statements: text sends"
              + " each query as literal SQL (every text differs); prepared runs one JDBC"
              + " PreparedStatement per template on each connection with the values as"
              + " parameters.\n\n");
      md.append(
          "| engine | statements | clients | queries | errors | queries/s | p50 ms | p99 ms |"
              + " p99.9 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (int i = 0; i < results.auroraConcurrency().size(); i++) {
        concurrencyRow(md, "Aurora", results.auroraConcurrency().get(i));
        concurrencyRow(md, "DuckDB", results.duckdbConcurrency().get(i));
      }
      md.append('\n');
    }

    if (!results.plans().isEmpty()) {
      md.append("### Join plans\n\n");
      md.append(
          "The node's EXPLAIN of the TPC-H queries whose join order the planner work was about,"
              + " taken after the suite ran (HashJoin's right input is the build side).\n\n");
      for (EndToEnd.Plan plan : results.plans()) {
        md.append("**")
            .append(plan.suite())
            .append(' ')
            .append(plan.name())
            .append("**\n\n```\n")
            .append(plan.text())
            .append("```\n\n");
      }
    }

    for (SuiteRun suite : results.suites()) {
      md.append("### ").append(suite.suite()).append(": per query, seconds\n\n");
      md.append(
          "| query | Aurora cold | Aurora hot | DuckDB cold | DuckDB hot | ratio hot | rows | check"
              + " |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
      for (QueryRun query : suite.queries()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.3f | %.3f | %.2f | %,d | %s |\n",
                query.name(),
                query.aurora()[0],
                query.auroraHot(),
                query.duckdb()[0],
                query.duckdbHot(),
                ratio(query.auroraHot(), query.duckdbHot()),
                query.rows(),
                query.isOk() ? "same" : "**" + query.failure().replace("|", "\\|") + "**"));
      }
      md.append('\n');
    }

    if (!results.profiles().isEmpty()) {
      md.append("### Profiles of the queries slowest relative to DuckDB\n\n");
      md.append(
          "JFR (`settings=profile`, a stack sample per running thread every 10 ms) on the node"
              + " during each suite; a query's samples are those taken during its three Aurora"
              + " runs. Self: the methods on top of the sampled stacks. Aurora: the first Aurora"
              + " method on each stack. The recordings are kept in `profiles/` under the work"
              + " directory.\n\n");
      for (Profile profile : results.profiles()) {
        md.append(
            String.format(
                Locale.ROOT,
                "**%s %s** (%.1fx DuckDB hot, %,d samples)\n\n",
                profile.suite(),
                profile.name(),
                profile.ratio(),
                profile.samples()));
        md.append("| self | share | first Aurora frame | share |\n|---|---:|---|---:|\n");
        int rows = Math.max(profile.selfTop().size(), profile.auroraTop().size());
        for (int i = 0; i < rows; i++) {
          md.append("| ")
              .append(entry(profile.selfTop(), i))
              .append(" | ")
              .append(entry(profile.auroraTop(), i))
              .append(" |\n");
        }
        md.append('\n');
      }
    }
    return md.toString();
  }

  private static String entry(List<Entry> entries, int i) {
    if (i >= entries.size()) {
      return " | ";
    }
    Entry entry = entries.get(i);
    return "`"
        + shorten(entry.method())
        + "` | "
        + String.format(Locale.ROOT, "%.1f%%", 100 * entry.share());
  }

  private static String shorten(String method) {
    return method.replace("io.aurora.", "").replace("java.util.", "j.u.");
  }

  private static void concurrencyRow(StringBuilder md, String engine, DashboardLoad.Result result) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %d | %,d | %d | %,.1f | %.1f | %.1f | %.1f | %.1f |\n",
            engine,
            result.statements().name().toLowerCase(Locale.ROOT),
            result.clients(),
            result.queries(),
            result.errors(),
            result.queriesPerSecond(),
            result.p50Millis(),
            result.p99Millis(),
            result.p999Millis(),
            result.maxMillis()));
  }

  private static double copyRatio(List<Load> loads, String dataSet) {
    double aurora = Double.NaN;
    double duckdb = Double.NaN;
    for (Load load : loads) {
      if (load.dataSet().equals(dataSet) && load.method().startsWith("COPY")) {
        if (load.engine().equals("aurora")) {
          aurora = load.rowsPerSecond();
        } else {
          duckdb = load.rowsPerSecond();
        }
      }
    }
    return aurora / duckdb;
  }

  private static double ratio(double aurora, double duckdb) {
    return aurora / duckdb;
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  static String json(Results results) {
    Options options = results.options();
    Environment environment = results.environment();
    Json json = new Json().beginObject(null);
    json.value("date", environment.date())
        .value("commit", environment.commit())
        .value("jdk", environment.jdk())
        .value("os", environment.os())
        .value("cores", environment.cores())
        .value("cpu", environment.cpu())
        .value("memory", environment.memory())
        .value("quick", options.quick())
        .value("seed", options.seed())
        .value("hitsRows", options.hitsRows())
        .value("scaleFactor", options.scaleFactor())
        .value("totalSeconds", results.totalSeconds())
        .value("failedQueries", results.failures());
    json.beginArray("dataSets");
    for (DataSet dataSet : results.dataSets()) {
      json.beginObject(null)
          .value("name", dataSet.name())
          .value("rows", dataSet.rows())
          .value("generateSeconds", dataSet.generateSeconds())
          .value("reused", dataSet.reused());
      long[] bytes = results.bytesOnDisk().get(dataSet.name());
      if (bytes != null) {
        json.value("auroraSegmentBytes", bytes[0])
            .value("auroraRaftLogBytes", bytes[1])
            .value("duckdbBytes", bytes[2])
            .value("csvBytes", bytes[3]);
      }
      json.endObject();
    }
    json.endArray().beginArray("loads");
    for (Load load : results.loads()) {
      json.beginObject(null)
          .value("dataSet", load.dataSet())
          .value("engine", load.engine())
          .value("method", load.method())
          .value("rows", load.rows())
          .value("seconds", load.seconds())
          .endObject();
    }
    json.endArray().beginArray("suites");
    for (SuiteRun suite : results.suites()) {
      json.beginObject(null)
          .value("suite", suite.suite())
          .value("auroraColdGeomean", suite.geometricMean(true, 0))
          .value("duckdbColdGeomean", suite.geometricMean(false, 0))
          .value("auroraHotGeomean", suite.geometricMean(true, 1))
          .value("duckdbHotGeomean", suite.geometricMean(false, 1))
          .beginArray("queries");
      for (QueryRun query : suite.queries()) {
        json.beginObject(null)
            .value("name", query.name())
            .value("auroraCold", query.aurora()[0])
            .value("auroraHot", query.auroraHot())
            .value("duckdbCold", query.duckdb()[0])
            .value("duckdbHot", query.duckdbHot())
            .value("rows", query.rows())
            .value("ok", query.isOk());
        if (!query.isOk()) {
          json.value("failure", query.failure());
        }
        json.endObject();
      }
      json.endArray().endObject();
    }
    json.endArray().beginArray("freshness");
    for (Freshness.Result result : results.freshness()) {
      json.beginObject(null)
          .value("producer", result.producer())
          .value("batches", result.batches())
          .value("p50Millis", result.p50Millis())
          .value("p99Millis", result.p99Millis())
          .value("maxMillis", result.maxMillis())
          .endObject();
    }
    json.endArray().beginArray("concurrency");
    for (int i = 0; i < results.auroraConcurrency().size(); i++) {
      concurrencyJson(json, "aurora", results.auroraConcurrency().get(i));
      concurrencyJson(json, "duckdb", results.duckdbConcurrency().get(i));
    }
    json.endArray().beginArray("plans");
    for (EndToEnd.Plan plan : results.plans()) {
      json.beginObject(null)
          .value("suite", plan.suite())
          .value("name", plan.name())
          .value("plan", plan.text())
          .endObject();
    }
    json.endArray().beginArray("profiles");
    for (Profile profile : results.profiles()) {
      json.beginObject(null)
          .value("suite", profile.suite())
          .value("name", profile.name())
          .value("samples", profile.samples())
          .beginArray("self");
      for (Entry entry : profile.selfTop()) {
        json.beginObject(null)
            .value("method", entry.method())
            .value("share", entry.share())
            .endObject();
      }
      json.endArray().beginArray("aurora");
      for (Entry entry : profile.auroraTop()) {
        json.beginObject(null)
            .value("method", entry.method())
            .value("share", entry.share())
            .endObject();
      }
      json.endArray().endObject();
    }
    return json.endArray().endObject().toString();
  }

  private static void concurrencyJson(Json json, String engine, DashboardLoad.Result result) {
    json.beginObject(null)
        .value("engine", engine)
        .value("statements", result.statements().name().toLowerCase(Locale.ROOT))
        .value("clients", result.clients())
        .value("queries", result.queries())
        .value("errors", result.errors())
        .value("queriesPerSecond", result.queriesPerSecond())
        .value("p50Millis", result.p50Millis())
        .value("p99Millis", result.p99Millis())
        .value("p999Millis", result.p999Millis())
        .value("maxMillis", result.maxMillis())
        .endObject();
  }
}
