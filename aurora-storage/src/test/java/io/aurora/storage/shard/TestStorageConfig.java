package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.compression.Codec;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestStorageConfig {
  @Test
  void defaults() {
    StorageConfig config = StorageConfig.fromProperties(Map.of());
    assertThat(config).isEqualTo(StorageConfig.DEFAULT);
    assertThat(config.segmentMaxRows()).isEqualTo(1_000_000);
    assertThat(config.segmentMaxBytes()).isEqualTo(256L << 20);
    assertThat(config.segmentMaxAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.writeOptions().blockRowCount()).isEqualTo(65_536);
    assertThat(config.writeOptions().codec()).isEqualTo(Codec.LZ4);
    assertThat(config.compactionTargetRows()).isEqualTo(4_000_000);
    assertThat(config.compactionMinSegments()).isEqualTo(4);
    assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.blocksPerSplit()).isEqualTo(4);
    assertThat(config.blockCacheBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }

  @Test
  void explicitPropertyMappings() {
    StorageConfig config =
        StorageConfig.fromProperties(
            Map.of(
                "storage.segment.max-rows", "500_000",
                "storage.segment.max-bytes", "1048576",
                "storage.segment.max-age", "PT30S",
                "storage.segment.block-rows", "8192",
                "storage.segment.codec", "zstd",
                "storage.compaction.target-rows", "2000000",
                "storage.compaction.min-segments", "3",
                "storage.maintenance.interval", "PT0.5S",
                "storage.scan.blocks-per-split", "2",
                "storage.cache.block-bytes", "0"));
    assertThat(config.segmentMaxRows()).isEqualTo(500_000);
    assertThat(config.segmentMaxBytes()).isEqualTo(1_048_576);
    assertThat(config.segmentMaxAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.writeOptions().blockRowCount()).isEqualTo(8192);
    assertThat(config.writeOptions().codec()).isEqualTo(Codec.ZSTD);
    assertThat(config.compactionTargetRows()).isEqualTo(2_000_000);
    assertThat(config.compactionMinSegments()).isEqualTo(3);
    assertThat(config.maintenanceInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.blocksPerSplit()).isEqualTo(2);
    assertThat(config.blockCacheBytes()).isZero();
    assertThat(StorageConfig.fromProperties(Map.of("server.unrelated", "ignored")))
        .isEqualTo(StorageConfig.DEFAULT);
  }

  @Test
  void invalidValuesAreRejectedNamingTheSetting() {
    assertInvalid(Map.of("storage.segment.max-rows", "0"), "storage.segment.max-rows");
    assertInvalid(Map.of("storage.segment.max-rows", "many"), "storage.segment.max-rows");
    assertInvalid(Map.of("storage.segment.max-age", "10 minutes"), "storage.segment.max-age");
    assertInvalid(Map.of("storage.segment.codec", "snappy"), "storage.segment.codec");
    assertInvalid(
        Map.of("storage.compaction.min-segments", "1"), "storage.compaction.min-segments");
    assertInvalid(Map.of("storage.segmnt.max-rows", "10"), "storage.segmnt.max-rows");
  }

  private static void assertInvalid(Map<String, String> properties, String name) {
    assertThatThrownBy(() -> StorageConfig.fromProperties(properties))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("Setting[" + name + "]")
        .extracting(e -> ((AuroraException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
