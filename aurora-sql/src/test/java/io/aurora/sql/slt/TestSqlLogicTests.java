package io.aurora.sql.slt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sqllogictest files of {@code ../shared/slt} (the workspace's shared folder, beside the
 * repository) and reports per file and in total; the pass counts may only go up. Where the files
 * are absent (a checkout without the shared folder) each test reports itself skipped, through a
 * JUnit assumption, so that a missing folder never counts as a pass.
 */
class TestSqlLogicTests {
  private static final Logger log = LoggerFactory.getLogger(TestSqlLogicTests.class);
  private static final Path SLT = Path.of(System.getProperty("aurora.slt.dir", "../../shared/slt"));

  @TempDir Path work;

  @Test
  void selectFiles() throws IOException {
    List<SqlLogicTestRunner.FileResult> results = new ArrayList<>();
    for (String name : List.of("select1.test", "select2.test", "select3.test", "select4.test")) {
      Path file = SLT.resolve(name);
      assumeTrue(Files.exists(file), () -> "sqllogictest file " + file + " is absent");
      results.add(report(SqlLogicTestRunner.run(file, work)));
    }
    String summary = SqlLogicTestRunner.describe(results);
    log.info("sqllogictest select1-4: {}", summary);
    System.out.println("sqllogictest select1-4: " + summary);
    for (SqlLogicTestRunner.FileResult result : results) {
      assertThat(result.failures()).as("failures in %s", result.file()).isEmpty();
    }
  }

  /** Joins of up to 64 tables: the optimizer must not blow up. About four minutes on 2 cores. */
  @Test
  void joinFile() throws IOException {
    Path file = SLT.resolve("select5.test");
    assumeTrue(Files.exists(file), () -> "sqllogictest file " + file + " is absent");
    SqlLogicTestRunner.FileResult result = report(SqlLogicTestRunner.run(file, work));
    System.out.println("sqllogictest select5: " + SqlLogicTestRunner.describe(List.of(result)));
    assertThat(result.failures()).isEmpty();
  }

  /** The random sample: at least 99.99% of its records must pass; every failure is listed. */
  @Test
  void randomFiles() throws IOException {
    Path random = SLT.resolve("random");
    assumeTrue(Files.isDirectory(random), () -> "sqllogictest folder " + random + " is absent");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(random)) {
      files = walk.filter(path -> path.toString().endsWith(".test")).sorted().toList();
    }
    assumeTrue(!files.isEmpty(), () -> "sqllogictest folder " + random + " has no files");
    List<SqlLogicTestRunner.FileResult> results = new ArrayList<>();
    for (Path file : files) {
      results.add(report(SqlLogicTestRunner.run(file, work)));
    }
    System.out.println("sqllogictest random: " + SqlLogicTestRunner.describe(results));
    long passed = 0;
    long total = 0;
    for (SqlLogicTestRunner.FileResult result : results) {
      passed += result.passed();
      total += result.passed() + result.failed();
    }
    assertThat(total).as("records run").isPositive();
    assertThat((double) passed / total)
        .as("pass rate of the random sample")
        .isGreaterThanOrEqualTo(0.9999);
  }

  private static SqlLogicTestRunner.FileResult report(SqlLogicTestRunner.FileResult result) {
    System.out.println(
        result.file().getFileName()
            + ": "
            + result.passed()
            + " passed, "
            + result.failed()
            + " failed, "
            + result.skipped()
            + " skipped");
    for (String failure : result.failures().subList(0, Math.min(25, result.failures().size()))) {
      System.out.println("  " + failure);
    }
    return result;
  }
}
