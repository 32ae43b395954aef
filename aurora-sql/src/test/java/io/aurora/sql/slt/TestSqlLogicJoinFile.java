package io.aurora.sql.slt;

import static io.aurora.sql.slt.SqlLogicTestRunner.SLT;
import static io.aurora.sql.slt.SqlLogicTestRunner.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code select5.test}: joins of up to 64 tables; the optimizer must not blow up. */
class TestSqlLogicJoinFile {
  @TempDir Path work;

  @Test
  void joinFile() throws IOException {
    Path file = SLT.resolve("select5.test");
    assumeTrue(Files.exists(file), () -> "sqllogictest file " + file + " is absent");
    SqlLogicTestRunner.FileResult result = report(SqlLogicTestRunner.run(file, work));
    System.out.println("sqllogictest select5: " + SqlLogicTestRunner.describe(List.of(result)));
    assertThat(result.failures()).isEmpty();
  }
}
