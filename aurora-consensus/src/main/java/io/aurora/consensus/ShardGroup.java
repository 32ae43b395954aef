package io.aurora.consensus;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's Raft group on this node: submits batches and added columns to the group's leader and
 * reads the shard that the group's {@link ShardStateMachine} applies them to.
 *
 * <pre>
 * append(page)
 *   -> BatchCodec entry (node producer id, next sequence) -> RaftClient -> leader's log
 *   -> committed on a majority (fsync'd) -> ShardStateMachine.applyTransaction -> shard.append
 *   -> reply -> AppendResult
 * </pre>
 *
 * <p>The shard seals only inside a Raft snapshot (see {@link RaftNode#sealOnlyInSnapshots}); this
 * class takes one after an append when the rows applied since the last snapshot reach {@code
 * storage.segment.max-rows}, their log entries reach {@code storage.segment.max-bytes} (encoded
 * bytes, a proxy for the unsealed segment's memory), or the oldest of them is older than {@code
 * storage.segment.max-age} (checked on appends only).
 *
 * <p>Threading: appends may come from many threads. The node's own producer assigns sequence
 * numbers and hands the entry to Ratis' ordered asynchronous client under one lock, so entries
 * reach the log in sequence order and a later sequence never makes an earlier one look like a
 * retry. Reads go to {@link #shard()} and see every batch whose append returned.
 */
final class ShardGroup {
  private static final Logger log = LoggerFactory.getLogger(ShardGroup.class);

  private final RaftNode node;
  private final RaftGroupId groupId;
  private final ShardStateMachine stateMachine;
  private final RaftClient client;
  private final String producerId;
  private final long sealRows;
  private final long sealBytes;
  private final long sealAgeNanos;
  private final ReentrantLock submitLock = new ReentrantLock();
  private final AtomicBoolean isSnapshotting = new AtomicBoolean();
  private long nextSequence;

  ShardGroup(
      RaftNode node,
      RaftGroupId groupId,
      ShardStateMachine stateMachine,
      RaftClient client,
      String producerId,
      StorageConfig storageConfig) {
    this.node = node;
    this.groupId = groupId;
    this.stateMachine = stateMachine;
    this.client = client;
    this.producerId = producerId;
    this.sealRows = storageConfig.segmentMaxRows();
    this.sealBytes = storageConfig.segmentMaxBytes();
    this.sealAgeNanos = storageConfig.segmentMaxAge().toNanos();
  }

  /**
   * Appends the selected rows of {@code page} as the node's producer (the producer id is unique to
   * this process, the sequence increases with every batch) and returns once the batch is committed
   * to the fsync'd Raft log and applied to this node's shard.
   *
   * @throws AuroraException with the shard's error code when the shard rejects the batch, or {@link
   *     ErrorCode#IO_ERROR} when the group cannot be reached
   */
  AppendResult append(Page page) {
    CompletableFuture<RaftClientReply> future;
    submitLock.lock();
    try {
      long sequence = ++nextSequence;
      byte[] entry = BatchCodec.encode(page, producerId, sequence);
      future = client.async().send(Message.valueOf(ByteString.copyFrom(entry)));
    } finally {
      submitLock.unlock();
    }
    RaftClientReply reply;
    try {
      reply = future.get();
    } catch (ExecutionException e) {
      throw notCommitted(producerId, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notCommitted(producerId, e);
    }
    return completeAppend(reply, producerId);
  }

  /**
   * Appends the selected rows of {@code page} for an explicit producer. A batch whose {@code
   * sequence} is at or below the highest applied for {@code producerId} is acknowledged without
   * being applied again, so a producer may retry a batch whose outcome it did not learn.
   */
  AppendResult append(Page page, String producer, long sequence) {
    byte[] entry = BatchCodec.encode(page, producer, sequence);
    RaftClientReply reply;
    try {
      reply = client.io().send(Message.valueOf(ByteString.copyFrom(entry)));
    } catch (IOException e) {
      throw notCommitted(producer, e);
    }
    return completeAppend(reply, producer);
  }

  private AppendResult completeAppend(RaftClientReply reply, String producer) {
    if (!reply.isSuccess()) {
      throw notCommitted(producer, reply.getException());
    }
    StateMachineReply result =
        StateMachineReply.decode(reply.getMessage().getContent().toByteArray());
    if (stateMachine.rowsSinceSnapshot() >= sealRows
        || stateMachine.bytesSinceSnapshot() >= sealBytes
        || stateMachine.unsealedAgeNanos() >= sealAgeNanos) {
      snapshotUnlessRunning();
    }
    return new AppendResult(reply.getLogIndex(), (int) result.value(), !result.isApplied());
  }

  private void snapshotUnlessRunning() {
    if (isSnapshotting.compareAndSet(false, true)) {
      try {
        takeSnapshot();
      } finally {
        isSnapshotting.set(false);
      }
    }
  }

  private AuroraException notCommitted(String producer, Throwable cause) {
    return new AuroraException(
        ErrorCode.IO_ERROR,
        "Batch of producer[" + producer + "] to group[" + groupId + "] was not committed: " + cause,
        cause);
  }

  /**
   * Adds a nullable column to the shard through the group's log and returns once applied; a column
   * the shard already has (a retried ALTER) is left as it is.
   */
  void addColumn(ColumnSchema column) {
    RaftClientReply reply;
    try {
      reply =
          client
              .io()
              .send(
                  Message.valueOf(ByteString.copyFrom(ShardStateMachine.encodeAddColumn(column))));
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Adding column[" + column.name() + "] to group[" + groupId + "]", e);
    }
    if (!reply.isSuccess()) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Adding column[" + column.name() + "] to group[" + groupId + "] failed",
          reply.getException());
    }
    StateMachineReply.decode(reply.getMessage().getContent().toByteArray());
  }

  /**
   * Takes a Raft snapshot now: seals every unsealed row of the shard, records the last applied log
   * index and the producers' sequences, and lets Ratis purge the log behind it. Returns the
   * snapshot's log index.
   */
  long takeSnapshot() {
    long index = node.takeSnapshot(groupId);
    if (log.isDebugEnabled()) {
      log.debug("Snapshot of shard group[{}] at index[{}]", groupId, index);
    }
    return index;
  }

  /** Plans a scan of the rows applied so far; see {@link Shard#scan(ScanRequest)}. */
  TableScan scan(ScanRequest request) {
    return stateMachine.shard().scan(request);
  }

  /** This replica's shard, for reads. Writes must go through {@link #append}. */
  Shard shard() {
    return stateMachine.shard();
  }

  /** Batches applied to the shard since this node started (retries and replays excluded). */
  long batchesAppliedSinceStart() {
    return stateMachine.batchesApplied();
  }

  /** The log index of the first batch applied since this node started, or -1. */
  long firstAppliedIndexSinceStart() {
    return stateMachine.firstAppliedIndex();
  }

  /** The log index of the latest snapshot taken or loaded, or -1. */
  long snapshotIndex() {
    return stateMachine.snapshotIndex();
  }

  /** The first index still in the Raft log; it moves past purged entries after a snapshot. */
  long logStartIndex() {
    try {
      return node.division(groupId).getRaftLog().getStartIndex();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void closeClient() {
    try {
      client.close();
    } catch (IOException e) {
      log.warn("Closing the Raft client of group[{}] failed", groupId, e);
    }
  }
}
