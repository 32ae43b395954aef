package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The consensus settings of a node, and the one place where Aurora settings become Ratis {@code
 * RaftProperties}. Each setting has a property name, a default and a reason to change it:
 *
 * <ul>
 *   <li>{@code consensus.log.segment-bytes} (8388608, 8 MiB): a Raft log segment file is closed and
 *       a new one started at this size. Only closed segments are purged after a snapshot, so
 *       smaller segments give disk space back sooner; larger ones mean fewer files and fewer rolls.
 *   <li>{@code consensus.snapshot.auto-trigger-entries} (0, off): Ratis takes a snapshot (seals the
 *       shard and purges the log behind it) after this many log entries. Independently, a replica
 *       takes a snapshot when its unsealed rows reach {@code storage.segment.max-rows} (or their
 *       bytes or age the storage limits); this setting also bounds restart replay on tables with
 *       small batches.
 *   <li>{@code consensus.group-commit.max-bytes} (1048576, 1 MiB; at most 2 MiB): batches appended
 *       to a shard while the previous log entry is being handed to the log are merged into one
 *       entry (group commit), up to this many encoded bytes; a larger batch still gets an entry of
 *       its own. Merging saves a log entry, an apply and a reply per batch under many small
 *       concurrent INSERTs; larger entries take longer to replicate to followers. 1 turns merging
 *       off. There is no waiting window: a lone writer's batch is submitted at once. The cap keeps
 *       merged entries well under the 4 MiB that Ratis accepts per log entry.
 *   <li>{@code consensus.request-timeout} (20s): how long a write or a catalog change waits for its
 *       group to commit it, and a read for its ReadIndex barrier, before failing with SQLSTATE
 *       57P03. In a cluster that is how long a shard may be without a majority (two of three
 *       replicas down) before statements on it fail instead of waiting; a write that timed out may
 *       still be committed later, whole, once a majority is back. Longer rides out longer outages
 *       at the cost of clients waiting.
 *   <li>{@code consensus.transaction-timeout} (60s): a write transaction (a statement or batch that
 *       spans shards or log entries) whose staged rows have seen no activity for this long, and
 *       that no shard has decided yet, is rolled back by the leader of a shard it staged on; one
 *       that was decided is finished at once. It bounds how long the staged rows of a writer that
 *       died stay invisible on disk. A writer slower than this between two batches gets SQLSTATE
 *       40000 at its commit, and nothing of it is visible.
 *   <li>{@code consensus.log.kept-entries} (10000): in a cluster, how many log entries a node keeps
 *       behind each snapshot of a group. A replica that was down while its group wrote fewer
 *       entries than this catches up from the log; one further behind copies a whole snapshot (the
 *       shard's segment files) from its leader's node first, which costs more time and bandwidth.
 *       More entries cost disk, and replay time at a restart.
 * </ul>
 *
 * The transport is gRPC (Ratis' shaded copy) on the node's Raft address; a snapshot is not taken on
 * shutdown, so a restart replays the log tail instead of sealing a small segment at every stop.
 */
public record ConsensusConfig(
    long logSegmentBytes,
    long snapshotAutoTriggerEntries,
    long groupCommitMaxBytes,
    Duration requestTimeout,
    Duration transactionTimeout,
    long keptEntries) {
  public static final ConsensusConfig DEFAULT =
      new ConsensusConfig(
          8L << 20, 0, 1L << 20, Duration.ofSeconds(20), Duration.ofSeconds(60), 10_000);

  // Ratis refuses a log entry larger than raft.server.log.appender.buffer.byte-limit (4 MiB, left
  // at its default); half of it leaves room for a merged entry's framing.
  private static final long MAX_GROUP_COMMIT_BYTES = 2L << 20;

  private static final Set<String> PROPERTIES =
      Set.of(
          "consensus.log.segment-bytes",
          "consensus.snapshot.auto-trigger-entries",
          "consensus.group-commit.max-bytes",
          "consensus.request-timeout",
          "consensus.transaction-timeout",
          "consensus.log.kept-entries");

  public ConsensusConfig {
    if (logSegmentBytes < 64 << 10) {
      throw invalid("consensus.log.segment-bytes", logSegmentBytes, "at least 65536");
    }
    if (snapshotAutoTriggerEntries < 0) {
      throw invalid(
          "consensus.snapshot.auto-trigger-entries", snapshotAutoTriggerEntries, "zero or more");
    }
    if (groupCommitMaxBytes < 1 || groupCommitMaxBytes > MAX_GROUP_COMMIT_BYTES) {
      throw invalid(
          "consensus.group-commit.max-bytes",
          groupCommitMaxBytes,
          "between 1 and " + MAX_GROUP_COMMIT_BYTES);
    }
    if (requestTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("consensus.request-timeout", requestTimeout, "at least 1s");
    }
    if (transactionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("consensus.transaction-timeout", transactionTimeout, "at least 1s");
    }
    if (keptEntries < 0) {
      throw invalid("consensus.log.kept-entries", keptEntries, "zero or more");
    }
  }

  /**
   * The defaults overridden by the given properties; an unknown {@code consensus.*} name or a value
   * that does not parse is an error.
   */
  public static ConsensusConfig fromProperties(Map<String, String> properties) {
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      if (entry.getKey().startsWith("consensus.")) {
        if (!PROPERTIES.contains(entry.getKey())) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "Setting[" + entry.getKey() + "] is unknown");
        }
        values.put(entry.getKey(), entry.getValue().trim());
      }
    }
    return new ConsensusConfig(
        parseLong(values, "consensus.log.segment-bytes", DEFAULT.logSegmentBytes()),
        parseLong(
            values,
            "consensus.snapshot.auto-trigger-entries",
            DEFAULT.snapshotAutoTriggerEntries()),
        parseLong(values, "consensus.group-commit.max-bytes", DEFAULT.groupCommitMaxBytes()),
        parseDuration(values, "consensus.request-timeout", DEFAULT.requestTimeout()),
        parseDuration(values, "consensus.transaction-timeout", DEFAULT.transactionTimeout()),
        parseLong(values, "consensus.log.kept-entries", DEFAULT.keptEntries()));
  }

  public ConsensusConfig withLogSegmentBytes(long bytes) {
    return new ConsensusConfig(
        bytes,
        snapshotAutoTriggerEntries,
        groupCommitMaxBytes,
        requestTimeout,
        transactionTimeout,
        keptEntries);
  }

  public ConsensusConfig withSnapshotAutoTriggerEntries(long entries) {
    return new ConsensusConfig(
        logSegmentBytes,
        entries,
        groupCommitMaxBytes,
        requestTimeout,
        transactionTimeout,
        keptEntries);
  }

  public ConsensusConfig withGroupCommitMaxBytes(long bytes) {
    return new ConsensusConfig(
        logSegmentBytes,
        snapshotAutoTriggerEntries,
        bytes,
        requestTimeout,
        transactionTimeout,
        keptEntries);
  }

  public ConsensusConfig withRequestTimeout(Duration timeout) {
    return new ConsensusConfig(
        logSegmentBytes,
        snapshotAutoTriggerEntries,
        groupCommitMaxBytes,
        timeout,
        transactionTimeout,
        keptEntries);
  }

  public ConsensusConfig withTransactionTimeout(Duration timeout) {
    return new ConsensusConfig(
        logSegmentBytes,
        snapshotAutoTriggerEntries,
        groupCommitMaxBytes,
        requestTimeout,
        timeout,
        keptEntries);
  }

  public ConsensusConfig withKeptEntries(long entries) {
    return new ConsensusConfig(
        logSegmentBytes,
        snapshotAutoTriggerEntries,
        groupCommitMaxBytes,
        requestTimeout,
        transactionTimeout,
        entries);
  }

  /**
   * The Ratis properties of a server listening on {@code host:port} (port 0 picks a free port) and
   * keeping its groups under {@code storageDirectory}.
   */
  RaftProperties raftProperties(Path storageDirectory, String host, int port, boolean isCluster) {
    RaftProperties properties = new RaftProperties();
    RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(properties, host);
    GrpcConfigKeys.Server.setPort(properties, port);
    RaftServerConfigKeys.setStorageDir(properties, List.of(storageDirectory.toFile()));
    SizeInBytes segmentSize = SizeInBytes.valueOf(logSegmentBytes);
    RaftServerConfigKeys.Log.setSegmentSizeMax(properties, segmentSize);
    // A SIGKILL while an entry is written leaves the open segment's tail torn (its preallocated
    // zeros where the entry's checksum should be). Such an entry was never synced, so never
    // acknowledged: the log ends before it, instead of the node refusing to start.
    RaftServerConfigKeys.Log.setCorruptionPolicy(
        properties, RaftServerConfigKeys.Log.CorruptionPolicy.WARN_AND_RETURN);
    // Ratis preallocates segment files; more than a segment would waste disk on small segments.
    RaftServerConfigKeys.Log.setPreallocatedSize(
        properties, SizeInBytes.valueOf(Math.min(logSegmentBytes, 4L << 20)));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, snapshotAutoTriggerEntries > 0);
    if (snapshotAutoTriggerEntries > 0) {
      RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, snapshotAutoTriggerEntries);
    }
    // Every group's log worker holds a direct write buffer of this size for as long as the group
    // exists; Ratis needs room for the largest entry (its appender limit, 4 MiB) plus 8 bytes.
    // Its default (8 MiB) doubles that: 1,000 groups would pin 8 GiB of direct memory.
    RaftServerConfigKeys.Log.setWriteBufferSize(
        properties,
        SizeInBytes.valueOf(
            RaftServerConfigKeys.Log.Appender.bufferByteLimit(properties).getSize() + 8));
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
    // Snapshot files are small (the segments are the bulk and live in the shard): keep a few.
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 3);
    // The log behind a snapshot is in sealed segments: purge all of it, not only a gap's worth.
    // In a cluster a leader keeps the entries a lagging follower still needs: catching up from the
    // log is cheaper than copying a snapshot, which for a shard is its segment files
    // (ShardStateMachine.notifyInstallSnapshotFromLeader copies them; Ratis' own transfer would
    // send only the snapshot file).
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, !isCluster);
    if (isCluster) {
      // What a leader knows of its followers' progress is in memory only: a leader that was just
      // restarted would purge entries a follower that is down still needs. Every node also keeps
      // this many entries behind its snapshots, which covers a follower's downtime while its
      // group writes fewer entries than that.
      RaftServerConfigKeys.Log.setPurgePreservationLogNum(properties, keptEntries);
    }
    RaftServerConfigKeys.Log.setPurgeGap(properties, 1);
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
    // A read is a ReadIndex barrier on the replica that serves it: it sees every write committed
    // before it began, on a follower as on the leader.
    RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    if (isCluster) {
      // Elections: a leader is suspected after 600-1200 ms without a heartbeat: long enough that
      // a garbage collection pause does not move leaders, short enough that a failover ends in
      // about 2 s (benchmarks/RESULTS.md). A new group's first election waits only 150-300 ms,
      // so CREATE TABLE is not slowed.
      RaftServerConfigKeys.Rpc.setTimeoutMin(
          properties, TimeDuration.valueOf(600, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setTimeoutMax(
          properties, TimeDuration.valueOf(1200, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(
          properties, TimeDuration.valueOf(150, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(
          properties, TimeDuration.valueOf(300, TimeUnit.MILLISECONDS));
    }
    return properties;
  }

  private static long parseLong(Map<String, String> values, String name, long defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + name + "] is [" + value + "], not a whole number");
    }
  }

  private static Duration parseDuration(
      Map<String, String> values, String name, Duration defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("([0-9]+)\\s*(ms|s|m)").matcher(value);
    if (!matcher.matches()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + name + "] is [" + value + "], not a duration such as 500ms, 20s or 1m");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }

  private static AuroraException invalid(String property, Object value, String requirement) {
    return new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Setting[" + property + "] is [" + value + "] but must be " + requirement);
  }
}
