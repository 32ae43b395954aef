package io.aurora.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.benchmarks.e2e.QuerySuite.SuiteRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole end-to-end benchmark at a tiny size, through the same {@code deploy/aurora} node a real
 * run starts (the reactor has packaged aurora-server before this module's tests): every suite runs,
 * every answer matches DuckDB's, and the report is written between its markers without touching the
 * rest of the file.
 */
@Timeout(600)
class TestEndToEnd {
  @TempDir Path directory;

  @Test
  void runsEverySuiteWithAnswersMatchingDuckDb() throws Exception {
    Path repository = Path.of("..").toAbsolutePath().normalize();
    Path results = directory.resolve("RESULTS.md");
    Files.writeString(results, "# Benchmark results\n\nEarlier results stay.\n");
    Options options =
        Options.parse(
            new String[] {
              "--quick",
              "--hits-rows=5000",
              "--scale-factor=0.01",
              "--seed=2",
              "--work-dir=" + directory.resolve("work"),
              "--results=" + results,
              "--node-heap=1g",
              "--query-max-memory=268435456",
              "--duckdb-memory=1GB",
              "--concurrency-seconds=1",
              "--clients=1,4",
              "--freshness-seconds=1",
              "--profiles=2"
            },
            repository);

    EndToEnd.Results run = EndToEnd.run(options, repository);
    Report.write(run);

    assertThat(run.suites())
        .extracting(SuiteRun::suite)
        .containsExactly("clickbench", "ssb", "tpch");
    assertThat(run.suites())
        .extracting(suite -> suite.queries().size())
        .containsExactly(43, 13, 22);
    assertThat(run.failures()).as("failed or different answers").isZero();
    // COPY and the gRPC writer for Aurora, COPY for DuckDB, per data set; counts were checked.
    assertThat(run.loads()).hasSize(9).allSatisfy(load -> assertThat(load.rows()).isPositive());
    assertThat(run.bytesOnDisk().get("hits")[0]).as("hits segment bytes").isPositive();
    assertThat(run.freshness())
        .extracting(Freshness.Result::producer)
        .containsExactly("pgwire", "grpc", "duckdb");
    // Two client counts, with text and with prepared statements.
    assertThat(run.auroraConcurrency())
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.errors()).isZero())
        .extracting(DashboardLoad.Result::statements)
        .containsExactly(
            DashboardLoad.Statements.TEXT,
            DashboardLoad.Statements.TEXT,
            DashboardLoad.Statements.PREPARED,
            DashboardLoad.Statements.PREPARED);
    assertThat(run.duckdbConcurrency()).hasSize(4);
    assertThat(run.plans())
        .extracting(EndToEnd.Plan::name)
        .containsExactly("q05", "q07", "q09", "q21");
    assertThat(run.plans()).allSatisfy(plan -> assertThat(plan.text()).contains("HashJoin"));
    assertThat(run.profiles()).hasSize(2);

    String markdown = Files.readString(results);
    assertThat(markdown)
        .startsWith("# Benchmark results\n\nEarlier results stay.\n")
        .contains(Report.BEGIN, Report.END, "| clickbench | 43 | 0 |")
        .doesNotContain("FAILED RUN");
    // A second write replaces the section instead of adding one.
    Report.write(run);
    String again = Files.readString(results);
    assertThat(again.indexOf(Report.BEGIN)).isEqualTo(again.lastIndexOf(Report.BEGIN));
    assertThat(Files.readString(options.json())).contains("\"failedQueries\": 0");
  }
}
