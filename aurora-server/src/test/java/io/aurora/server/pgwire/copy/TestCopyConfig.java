package io.aurora.server.pgwire.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestCopyConfig {
  @Test
  void defaults() {
    assertThat(CopyConfig.DEFAULT.spoolDirectory())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "aurora-copy"));
    assertThat(CopyConfig.DEFAULT.stagingSegmentRows()).isEqualTo(262_144);
  }

  @Test
  void explicitValuesAndValidation() {
    CopyConfig config =
        CopyConfig.DEFAULT.withSpoolDirectory(Path.of("/data/spool")).withStagingSegmentRows(10);
    assertThat(config).isEqualTo(new CopyConfig(Path.of("/data/spool"), 10));
    assertThatThrownBy(() -> CopyConfig.DEFAULT.withSpoolDirectory(Path.of("relative")))
        .hasMessageContaining("pgwire.copy.spool-directory");
    assertThatThrownBy(() -> CopyConfig.DEFAULT.withStagingSegmentRows(0))
        .hasMessageContaining("pgwire.copy.staging-segment-rows");
  }
}
