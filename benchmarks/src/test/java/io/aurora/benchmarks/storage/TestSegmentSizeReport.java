package io.aurora.benchmarks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.compression.Codec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link SegmentSizeReport} on a small table and checks that compression pays. */
final class TestSegmentSizeReport {
  @Test
  void compressedSegmentsAreSmallerThanRaw(@TempDir Path directory) {
    SegmentSizeReport.Report report = SegmentSizeReport.measure(20_000, directory);

    assertThat(report.rawBytes()).isPositive();
    assertThat(report.fileBytes().get(Codec.LZ4)).isLessThan(report.rawBytes());
    assertThat(report.fileBytes().get(Codec.ZSTD))
        .isLessThan(report.fileBytes().get(Codec.LZ4))
        .isLessThan(report.fileBytes().get(Codec.NONE));
    assertThat(report.columnBytes().get(Codec.NONE)).hasSize(20).doesNotContain(0L);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SegmentSizeReport.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("| bytes/row |")
        .contains("| user_agent | VARCHAR |");
  }
}
