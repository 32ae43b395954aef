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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sqllogictest files {@code select1.test} to {@code select4.test} of {@code ../shared/slt} (the
 * workspace's shared folder, beside the repository): every record must pass. Where the files are
 * absent the test reports itself skipped, through a JUnit assumption, so that a missing folder
 * never counts as a pass. The three sqllogictest classes are apart so that the module's two test
 * JVMs share them out.
 */
class TestSqlLogicSelectFiles {
  @TempDir Path work;

  @Test
  void selectFiles() throws IOException {
    List<SqlLogicTestRunner.FileResult> results = new ArrayList<>();
    for (String name : List.of("select1.test", "select2.test", "select3.test", "select4.test")) {
      Path file = SLT.resolve(name);
      assumeTrue(Files.exists(file), () -> "sqllogictest file " + file + " is absent");
      results.add(report(SqlLogicTestRunner.run(file, work)));
    }
    System.out.println("sqllogictest select1-4: " + SqlLogicTestRunner.describe(results));
    for (SqlLogicTestRunner.FileResult result : results) {
      assertThat(result.failures()).as("failures in %s", result.file()).isEmpty();
    }
  }
}
