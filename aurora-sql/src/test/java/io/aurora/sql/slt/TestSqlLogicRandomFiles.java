package io.aurora.sql.slt;

import static io.aurora.sql.slt.SqlLogicTestRunner.SLT;
import static io.aurora.sql.slt.SqlLogicTestRunner.report;
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

/** The random sample of {@code ../shared/slt/random}. */
class TestSqlLogicRandomFiles {
  @TempDir Path work;

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
}
