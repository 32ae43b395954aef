package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a shard: the shard's storage, the Raft server of the shard's group, and a client
 * that submits batches to the group's leader. Today a group has one peer (this node on 127.0.0.1);
 * the state machine and log format are those of a three-peer group.
 *
 * <pre>
 * append(page, producer, sequence)
 *   -> BatchCodec entry -> RaftClient -> leader appends to its log -> committed on a majority
 *   -> ShardStateMachine.applyTransaction -> shard.append(page) -> reply -> AppendResult
 * </pre>
 *
 * <p>Layout under the data directory: {@code shard/} holds the shard's segment files and {@code
 * raft/} the Raft log and snapshot files of the group. The shard seals only inside a Raft snapshot,
 * because a segment sealed at any other time would hold rows that the log replays again after a
 * restart; the replica takes a snapshot itself when the unsealed rows reach {@code
 * storage.segment.max-rows}. The storage settings for segment bytes and age are not applied yet.
 *
 * <p>Threading: {@link #append} may be called from several threads; Ratis orders the batches. Reads
 * go to {@link #shard()} directly and see every batch whose append returned.
 */
public final class ShardReplica implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardReplica.class);
  private static final long SNAPSHOT_TIMEOUT_MILLIS = 60_000;
  private static final long LEADER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  // With a 100 ms pause, a write gives up after about a minute without a leader.
  private static final int CLIENT_RETRIES = 600;

  private final RaftGroupId groupId;
  private final Shard shard;
  private final ShardStateMachine stateMachine;
  private final RaftServer server;
  private final RaftClient client;
  private final long sealRows;

  private ShardReplica(
      RaftGroupId groupId,
      Shard shard,
      ShardStateMachine stateMachine,
      RaftServer server,
      RaftClient client,
      long sealRows) {
    this.groupId = groupId;
    this.shard = shard;
    this.stateMachine = stateMachine;
    this.server = server;
    this.client = client;
    this.sealRows = sealRows;
  }

  /**
   * Opens the shard under {@code dataDirectory}, starts the Raft server of its group (replaying the
   * log after the latest snapshot) and returns when the server is running; the first append waits
   * for the leader election.
   *
   * @param shardId identifies the shard cluster-wide (for example {@code table/shard-number}); the
   *     Raft group id is derived from it
   */
  public static ShardReplica start(
      Path dataDirectory,
      String shardId,
      TableSchema schema,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(shardId, "shardId is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(storageConfig, "storageConfig is null");
    requireNonNull(consensusConfig, "consensusConfig is null");
    RaftGroupId groupId =
        RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes(("aurora-shard/" + shardId).getBytes(StandardCharsets.UTF_8)));
    Path raftDirectory = dataDirectory.resolve("raft");
    Shard shard =
        Shard.open(dataDirectory.resolve("shard"), schema, sealOnlyInSnapshots(storageConfig));
    @Nullable RaftServer server = null;
    try {
      Files.createDirectories(raftDirectory);
      int port = freePort();
      RaftPeer peer =
          RaftPeer.newBuilder()
              .setId(RaftPeerId.valueOf("peer-0"))
              .setAddress("127.0.0.1:" + port)
              .build();
      RaftGroup group = RaftGroup.valueOf(groupId, peer);
      RaftProperties properties = consensusConfig.raftProperties(raftDirectory, port);
      ShardStateMachine stateMachine = new ShardStateMachine(shard);
      server =
          RaftServer.newBuilder()
              .setServerId(peer.getId())
              .setGroup(group)
              .setStateMachine(stateMachine)
              .setProperties(properties)
              .setOption(RaftStorage.StartupOption.RECOVER)
              .build();
      server.start();
      RaftClient client =
          RaftClient.newBuilder()
              .setProperties(properties)
              .setRaftGroup(group)
              .setLeaderId(peer.getId())
              .setRetryPolicy(
                  RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                      CLIENT_RETRIES, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
              .build();
      awaitLeader(server, groupId);
      log.info("Started replica of shard[{}] group[{}] on port[{}]", shardId, groupId, port);
      return new ShardReplica(
          groupId, shard, stateMachine, server, client, storageConfig.segmentMaxRows());
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      shard.close();
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Cannot start the replica of shard[" + shardId + "]: " + e, e);
    }
  }

  /**
   * Waits until this peer leads the group and has committed an entry of its term, so the first
   * append does not spin through NotLeader retries. With one peer this takes one election timeout;
   * a multi-peer group will wait for any leader instead.
   */
  private static void awaitLeader(RaftServer server, RaftGroupId groupId) throws IOException {
    long deadline = System.nanoTime() + LEADER_TIMEOUT_NANOS;
    while (!server.getDivision(groupId).getInfo().isLeaderReady()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("No leader of group[" + groupId + "] within 30 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for a leader", e);
      }
    }
  }

  /**
   * The storage settings with sealing thresholds that never trigger: the replica seals through
   * snapshots only (see the class documentation).
   */
  private static StorageConfig sealOnlyInSnapshots(StorageConfig config) {
    return new StorageConfig(
        Integer.MAX_VALUE - 1,
        Long.MAX_VALUE,
        Duration.ofDays(36_500),
        config.writeOptions(),
        config.compactionTargetRows(),
        config.compactionMinSegments(),
        config.maintenanceInterval(),
        config.blocksPerSplit(),
        config.blockCacheBytes());
  }

  /**
   * Appends the selected rows of {@code page} through Raft and returns once the batch is committed
   * and applied to this replica's shard. A batch whose {@code sequence} is at or below the highest
   * applied for {@code producerId} is acknowledged without being applied again, so a producer may
   * retry a batch whose outcome it did not learn.
   *
   * @throws AuroraException with the shard's error code when the shard rejects the batch (nothing
   *     is applied), or {@link ErrorCode#IO_ERROR} when the group cannot be reached
   */
  public AppendResult append(Page page, String producerId, long sequence) {
    byte[] entry = BatchCodec.encode(page, producerId, sequence);
    RaftClientReply reply;
    try {
      reply = client.io().send(Message.valueOf(ByteString.copyFrom(entry)));
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Batch of producer[" + producerId + "] was not committed: " + e, e);
    }
    if (!reply.isSuccess()) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Batch of producer[" + producerId + "] was not committed: " + reply.getException(),
          reply.getException());
    }
    AppendResult result = parseReply(reply);
    if (stateMachine.rowsSinceSnapshot() >= sealRows) {
      takeSnapshot();
    }
    return result;
  }

  private static AppendResult parseReply(RaftClientReply reply) {
    byte[] bytes = reply.getMessage().getContent().toByteArray();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte status = in.readByte();
      int rows = in.readInt();
      return switch (status) {
        case ShardStateMachine.REPLY_APPLIED -> new AppendResult(reply.getLogIndex(), rows, false);
        case ShardStateMachine.REPLY_DUPLICATE -> new AppendResult(reply.getLogIndex(), 0, true);
        case ShardStateMachine.REPLY_REJECTED -> {
          ErrorCode code = errorCode(in.readUTF());
          throw new AuroraException(code, in.readUTF());
        }
        default ->
            throw new AuroraException(
                ErrorCode.INTERNAL_ERROR, "Unknown append reply status[" + status + "]");
      };
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Append reply is truncated", e);
    }
  }

  private static ErrorCode errorCode(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorCode.INTERNAL_ERROR;
    }
  }

  /**
   * Takes a Raft snapshot now: seals every unsealed row of the shard, records the last applied log
   * index and the producers' sequences, and lets Ratis purge the log behind it. Returns the
   * snapshot's log index.
   */
  public long takeSnapshot() {
    try {
      RaftClientReply reply =
          client.getSnapshotManagementApi().create(true, SNAPSHOT_TIMEOUT_MILLIS);
      if (!reply.isSuccess()) {
        throw new AuroraException(
            ErrorCode.IO_ERROR, "Snapshot failed: " + reply.getException(), reply.getException());
      }
      return reply.getLogIndex();
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.IO_ERROR, "Snapshot failed: " + e, e);
    }
  }

  /** Plans a scan of the rows applied so far; see {@link Shard#scan(ScanRequest)}. */
  public TableScan scan(ScanRequest request) {
    return shard.scan(request);
  }

  /** This replica's shard, for reads. Writes must go through {@link #append}. */
  public Shard shard() {
    return shard;
  }

  /** Batches applied to the shard since this replica started (retries and replays excluded). */
  public long batchesAppliedSinceStart() {
    return stateMachine.batchesApplied();
  }

  /** The log index of the first batch applied since this replica started, or -1. */
  public long firstAppliedIndexSinceStart() {
    return stateMachine.firstAppliedIndex();
  }

  /** The log index of the latest snapshot taken or loaded, or -1. */
  public long snapshotIndex() {
    return stateMachine.snapshotIndex();
  }

  /** The first index still in the Raft log; it moves past purged entries after a snapshot. */
  public long logStartIndex() {
    try {
      return server.getDivision(groupId).getRaftLog().getStartIndex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the client, the Raft server and the shard; unsealed rows are recovered from the log. */
  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      log.warn("Closing the Raft client of group[{}] failed", groupId, e);
    }
    closeQuietly(server);
    shard.close();
  }

  private static void closeQuietly(@Nullable RaftServer server) {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Closing Raft server[{}] failed", server.getId(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
