package io.aurora.sql.slt;

import static org.assertj.core.api.Assertions.assertThat;

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
 * repository) and reports per file and in total; the pass counts may only go up. Files that are
 * absent (a checkout without the shared folder) are reported and skipped.
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
      if (Files.exists(file)) {
        results.add(report(SqlLogicTestRunner.run(file, work)));
      }
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
    if (Files.exists(file)) {
      SqlLogicTestRunner.FileResult result = report(SqlLogicTestRunner.run(file, work));
      System.out.println("sqllogictest select5: " + SqlLogicTestRunner.describe(List.of(result)));
      assertThat(result.failures()).isEmpty();
    }
  }

  /** The random sample: at least 99.9% of its records must pass; every failure is listed. */
  @Test
  void randomFiles() throws IOException {
    List<SqlLogicTestRunner.FileResult> results = new ArrayList<>();
    Path random = SLT.resolve("random");
    if (Files.isDirectory(random)) {
      try (Stream<Path> files = Files.walk(random)) {
        for (Path file :
            files.filter(path -> path.toString().endsWith(".test")).sorted().toList()) {
          results.add(report(SqlLogicTestRunner.run(file, work)));
        }
      }
    }
    System.out.println("sqllogictest random: " + SqlLogicTestRunner.describe(results));
    long passed = 0;
    long total = 0;
    for (SqlLogicTestRunner.FileResult result : results) {
      passed += result.passed();
      total += result.passed() + result.failed();
    }
    if (total > 0) {
      assertThat((double) passed / total)
          .as("pass rate of the random sample")
          .isGreaterThanOrEqualTo(0.999);
    }
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
