package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TestConsensusConfig {
  @Test
  void defaults() {
    assertThat(ConsensusConfig.fromProperties(Map.of())).isEqualTo(ConsensusConfig.DEFAULT);
    assertThat(ConsensusConfig.DEFAULT.logSegmentBytes()).isEqualTo(8L << 20);
    assertThat(ConsensusConfig.DEFAULT.snapshotAutoTriggerEntries()).isZero();
    assertThat(ConsensusConfig.DEFAULT.groupCommitMaxBytes()).isEqualTo(1L << 20);
  }

  @Test
  void explicitProperties() {
    ConsensusConfig config =
        ConsensusConfig.fromProperties(
            Map.of(
                "consensus.log.segment-bytes", "1_048_576",
                "consensus.snapshot.auto-trigger-entries", "1000",
                "consensus.group-commit.max-bytes", "65536",
                "consensus.request-timeout", "1500ms",
                "consensus.transaction-timeout", "90s",
                "consensus.log.kept-entries", "500",
                "storage.segment.max-rows", "ignored here"));
    assertThat(config)
        .isEqualTo(
            new ConsensusConfig(
                1 << 20, 1000, 65536, Duration.ofMillis(1500), Duration.ofSeconds(90), 500));
    assertThat(ConsensusConfig.DEFAULT.transactionTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(ConsensusConfig.DEFAULT.requestTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void rejectsUnknownAndInvalidSettings() {
    assertThatThrownBy(() -> ConsensusConfig.fromProperties(Map.of("consensus.typo", "1")))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("consensus.typo");
    assertThatThrownBy(
            () -> ConsensusConfig.fromProperties(Map.of("consensus.log.segment-bytes", "big")))
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1024, 0, 1, Duration.ofSeconds(20), Duration.ofSeconds(60), 10_000))
        .hasMessageContaining("at least 65536");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1 << 20, -1, 1, Duration.ofSeconds(20), Duration.ofSeconds(60), 10_000))
        .hasMessageContaining("zero or more");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1 << 20, 0, 0, Duration.ofSeconds(20), Duration.ofSeconds(60), 10_000))
        .hasMessageContaining("consensus.group-commit.max-bytes");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1 << 20,
                    0,
                    (2 << 20) + 1,
                    Duration.ofSeconds(20),
                    Duration.ofSeconds(60),
                    10_000))
        .hasMessageContaining("between 1 and 2097152");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1 << 20, 0, 1, Duration.ofMillis(10), Duration.ofSeconds(60), 10_000))
        .hasMessageContaining("consensus.request-timeout");
    assertThatThrownBy(
            () ->
                new ConsensusConfig(
                    1 << 20, 0, 1, Duration.ofSeconds(20), Duration.ofMillis(999), 10_000))
        .hasMessageContaining("consensus.transaction-timeout");
    assertThatThrownBy(() -> ConsensusConfig.DEFAULT.withKeptEntries(-1))
        .hasMessageContaining("consensus.log.kept-entries");
    assertThatThrownBy(
            () -> ConsensusConfig.fromProperties(Map.of("consensus.request-timeout", "soon")))
        .hasMessageContaining("not a duration");
  }

  @Test
  void mapsToRaftProperties() {
    Path storage = Path.of("/data/raft");
    RaftProperties off = ConsensusConfig.DEFAULT.raftProperties(storage, "127.0.0.1", 4242, false);
    assertThat(RaftConfigKeys.Rpc.type(off, ignored -> {})).isEqualTo(SupportedRpcType.GRPC);
    assertThat(GrpcConfigKeys.Server.port(off)).isEqualTo(4242);
    assertThat(GrpcConfigKeys.Server.host(off)).isEqualTo("127.0.0.1");
    assertThat(RaftServerConfigKeys.storageDir(off)).isEqualTo(List.of(storage.toFile()));
    assertThat(RaftServerConfigKeys.Log.segmentSizeMax(off).getSize()).isEqualTo(8L << 20);
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerEnabled(off)).isFalse();
    assertThat(RaftServerConfigKeys.Snapshot.triggerWhenStopEnabled(off)).isFalse();
    assertThat(RaftServerConfigKeys.Log.purgeUptoSnapshotIndex(off)).isTrue();
    assertThat(RaftServerConfigKeys.Snapshot.retentionFileNum(off)).isEqualTo(3);

    RaftProperties on =
        ConsensusConfig.DEFAULT
            .withSnapshotAutoTriggerEntries(500)
            .raftProperties(storage, "127.0.0.1", 1, false);
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerEnabled(on)).isTrue();
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerThreshold(on)).isEqualTo(500);

    RaftProperties cluster = ConsensusConfig.DEFAULT.raftProperties(storage, "127.0.0.1", 1, true);
    assertThat(RaftServerConfigKeys.Log.purgeUptoSnapshotIndex(cluster)).isFalse();
    assertThat(RaftServerConfigKeys.Read.option(cluster))
        .isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    assertThat(RaftServerConfigKeys.Log.Appender.installSnapshotEnabled(cluster)).isFalse();
  }
}
