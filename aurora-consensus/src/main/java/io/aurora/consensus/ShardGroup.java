package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's Raft group on this node: submits batches and added columns to the group's leader and
 * reads the shard that the group's {@link ShardStateMachine} applies them to.
 *
 * <pre>
 * append(page)                                       on the appending thread
 *   -> BatchCodec.encodePage                         in parallel with other appenders
 *   -> queue; the appender that takes the submitter role drains the queue (group commit):
 *        sequences for the node's producer, one BatchCodec entry (a group entry for 2+ batches)
 *        -> RaftServer.submitClientRequestAsync      in-process, returns once in the log (unsynced)
 *   -> committed on a majority (fsync'd) -> ShardStateMachine.applyTransaction -> shard.append
 *   -> reply per batch -> AppendResult
 * </pre>
 *
 * <p>When this node does not host the group's leader (a group of three peers), batches go through a
 * Ratis client instead, one entry each, under their own producer id.
 *
 * <p>The shard seals only inside a Raft snapshot (see {@link RaftNode#sealOnlyInSnapshots}); this
 * class starts one in the background after an append when the rows applied since the last snapshot
 * reach {@code storage.segment.max-rows}, their log entries reach {@code storage.segment.max-bytes}
 * (encoded bytes, a proxy for the unsealed segment's memory), or the oldest of them is older than
 * {@code storage.segment.max-age} (checked on appends only).
 *
 * <p>Threading: appends may come from many threads. Sequence numbers are assigned, and entries
 * handed to the log, by one thread at a time (the holder of the submitter role: an appender, or the
 * node's submit executor when the appender's own batch is done), so entries reach the log in
 * sequence order and a later sequence never makes an earlier one look like a retry. The role is
 * held only while the server appends an entry to its log, not while it is fsync'd and applied;
 * batches queued meanwhile are merged into the next entry. Other appenders wait for their own
 * batch's reply, not for the role, so there is no lock convoy, and no timer delays a lone appender.
 * Reads go to {@link #shard()} and see every batch whose append returned.
 */
final class ShardGroup {
  private static final Logger log = LoggerFactory.getLogger(ShardGroup.class);
  // A local append waits at most this many request timeouts more while a snapshot seals.
  private static final int MAX_SNAPSHOT_WAITS = 5;

  /**
   * The largest encoded batch sent as one log entry: Ratis refuses entries over its appender buffer
   * limit (4 MiB by default), and a batch's entry adds a header and, merged, group framing.
   */
  static final int MAX_BATCH_BYTES = 3 << 20;

  private final RaftNode node;
  private final RaftGroupId groupId;
  private final ShardStateMachine stateMachine;
  private final RaftClient client;
  private final String producerId;
  private final String remoteProducerId;
  private final long sealRows;
  private final long sealBytes;
  private final long sealAgeNanos;
  private final long groupCommitMaxBytes;
  private final ClientId localClientId = ClientId.randomId();
  private final Queue<PendingBatch> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean isSubmitting = new AtomicBoolean();
  private final ReentrantLock remoteSubmitLock = new ReentrantLock();
  private final AtomicBoolean isSnapshotting = new AtomicBoolean();
  // Used by the holder of the submitter role only; taking the role orders the accesses.
  private long nextCallId;
  private long nextSequence;
  private long nextRemoteSequence;

  ShardGroup(
      RaftNode node,
      RaftGroupId groupId,
      ShardStateMachine stateMachine,
      RaftClient client,
      String producerId,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig) {
    this.node = node;
    this.groupId = groupId;
    this.stateMachine = stateMachine;
    this.client = client;
    this.producerId = producerId;
    // Batches through the client are ordered by the client, not by the submitter role: a producer
    // id of their own keeps the two paths' sequences from overtaking each other.
    this.remoteProducerId = producerId + "/client";
    this.sealRows = storageConfig.segmentMaxRows();
    this.sealBytes = storageConfig.segmentMaxBytes();
    this.sealAgeNanos = storageConfig.segmentMaxAge().toNanos();
    this.groupCommitMaxBytes = consensusConfig.groupCommitMaxBytes();
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
    BatchCodec.EncodedPage encoded = BatchCodec.encodePage(page);
    if (encoded.entryBytes(0) > MAX_BATCH_BYTES && page.rowCount() > 1) {
      // Too big for one log entry (a wide table, a large COPY page): split it by rows. Each half
      // is a batch of its own, so a crash between them can leave the first half applied.
      int half = page.rowCount() / 2;
      AppendResult first = append(rows(page, 0, half));
      AppendResult second = append(rows(page, half, page.rowCount()));
      return new AppendResult(second.logIndex(), first.rowsApplied() + second.rowsApplied(), false);
    }
    return append(encoded);
  }

  /** Appends an encoded page that fits one entry as the node's producer; see {@link #append}. */
  AppendResult append(BatchCodec.EncodedPage encoded) {
    if (!node.isLeader(groupId)) {
      return appendRemote(encoded);
    }
    return appendLocal(new PendingBatch(null, 0, encoded));
  }

  /** Rows {@code [from, to)} of {@code page} (in its selection's order) as a page. */
  static Page rows(Page page, int from, int to) {
    int[] selection = new int[to - from];
    for (int row = from; row < to; row++) {
      selection[row - from] = page.position(row);
    }
    return select(page, selection);
  }

  /** The page's blocks with {@code positions} as the selection (a view, nothing is copied). */
  static Page select(Page page, int[] positions) {
    Block[] blocks = new Block[page.channelCount()];
    for (int channel = 0; channel < blocks.length; channel++) {
      blocks[channel] = page.block(channel);
    }
    return new Page(page.positionCount(), blocks).withSelection(positions, positions.length);
  }

  /**
   * Refuses a producer's batch that cannot fit one log entry: it cannot be split, because its one
   * sequence number is what makes a retry apply it once.
   */
  static void checkProducerBatchSize(Page page, BatchCodec.EncodedPage encoded) {
    int bytes = encoded.entryBytes(0);
    if (bytes > MAX_BATCH_BYTES) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "Batch of "
              + page.rowCount()
              + " rows encodes to "
              + bytes
              + " bytes, more than one Raft log entry takes ("
              + MAX_BATCH_BYTES
              + "); send smaller batches");
    }
  }

  /**
   * Appends the selected rows of {@code page} for an explicit producer. A batch whose {@code
   * sequence} is at or below the highest applied for {@code producerId} is acknowledged without
   * being applied again, so a producer may retry a batch whose outcome it did not learn.
   */
  AppendResult append(Page page, String producer, long sequence) {
    return appendEncoded(page, BatchCodec.encodePage(page), producer, sequence);
  }

  /**
   * Appends rows read from an ordered source under the source's producer id: {@code sequence} is
   * the offset the batch ends at and {@code offsets} the offset of each row. The shard applies the
   * rows above the offset it applied last for this producer (see {@link BatchCodec}).
   */
  AppendResult append(Page page, long[] offsets, String producer, long sequence) {
    return appendEncoded(page, BatchCodec.encodePage(page, offsets), producer, sequence);
  }

  /**
   * Submits a {@link TransactionCodec} entry and returns once it is committed and applied here (or
   * by the leader); the result's {@code rowsApplied} is the state machine's reply value.
   */
  AppendResult submitTransaction(byte[] entry) {
    if (!node.isLeader(groupId)) {
      RaftClientReply reply;
      try {
        reply = client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
      } catch (IOException e) {
        throw notCommitted("transaction", e);
      }
      return completeAppend(reply, "transaction");
    }
    return appendLocal(new PendingBatch(entry));
  }

  /**
   * How a transaction ended on this group (1 committed, 0 rolled back, -1 unknown or open), read
   * after a ReadIndex barrier.
   */
  long transactionOutcome(String transaction) {
    node.readBarrier(groupId, node.requestTimeoutNanos());
    return stateMachine.transactionOutcome(transaction);
  }

  /** The transactions staged on this replica, for the resolver. */
  List<ShardStateMachine.StagedInfo> stagedTransactions() {
    return stateMachine.stagedTransactions();
  }

  /** Whether this node leads the group now. */
  boolean isLeader() {
    return node.isLeader(groupId);
  }

  /**
   * The highest sequence applied for {@code producer} on this group, read after a ReadIndex barrier
   * (so it includes every batch acknowledged before the call), or -1.
   */
  long producerSequence(String producer) {
    node.readBarrier(groupId, node.requestTimeoutNanos());
    return stateMachine.producerSequence(producer);
  }

  private AppendResult appendEncoded(
      Page page, BatchCodec.EncodedPage encoded, String producer, long sequence) {
    checkProducerBatchSize(page, encoded);
    return append(encoded, producer, sequence);
  }

  /** Appends a producer's encoded batch, already checked to fit one entry. */
  AppendResult append(BatchCodec.EncodedPage encoded, String producer, long sequence) {
    requireNonNull(producer, "producer is null");
    if (!node.isLeader(groupId)) {
      byte[] entry = BatchCodec.encode(encoded, producer, sequence);
      RaftClientReply reply;
      try {
        reply = client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
      } catch (IOException e) {
        throw notCommitted(producer, e);
      }
      return completeAppend(reply, producer);
    }
    return appendLocal(new PendingBatch(producer, sequence, encoded));
  }

  private AppendResult appendLocal(PendingBatch batch) {
    pending.add(batch);
    if (isSubmitting.compareAndSet(false, true)) {
      submitQueued(batch);
    }
    AppendResult result;
    try {
      result = awaitLocal(batch);
    } catch (TimeoutException e) {
      throw notCommitted(batch.producerOrNode(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuroraException aurora) {
        // Rethrown on this thread, so its stack shows the caller.
        throw new AuroraException(aurora.errorCode(), aurora.getMessage(), aurora);
      }
      throw notCommitted(batch.producerOrNode(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notCommitted(batch.producerOrNode(), e);
    }
    snapshotIfDue();
    return result;
  }

  /**
   * The batch's result, waiting up to the request timeout, and longer while this node still leads
   * the group and a snapshot is sealing the shard: the seal of a wide table under load can take
   * longer than the timeout, and it holds up every apply, so the batch is late, not lost. Failing
   * it would report an ambiguous error for a batch that is about to be committed. The extra wait is
   * bounded by {@link #MAX_SNAPSHOT_WAITS} more timeouts.
   */
  private AppendResult awaitLocal(PendingBatch batch)
      throws TimeoutException, ExecutionException, InterruptedException {
    for (int wait = 0; ; wait++) {
      try {
        return batch.result.get(node.requestTimeoutNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (wait >= MAX_SNAPSHOT_WAITS
            || !stateMachine.isTakingSnapshot()
            || !node.isLeader(groupId)) {
          throw e;
        }
        log.info(
            "Batch of producer[{}] to shard group[{}] waits for a snapshot in progress",
            batch.producerOrNode(),
            groupId.getUuid());
      }
    }
  }

  /**
   * Submits queued batches while this thread holds the submitter role ({@link #isSubmitting} set by
   * the caller) and batches are queued, then gives the role up. An appender ({@code own} not null)
   * stops once its own batch is answered and hands a non-empty queue to the node's submit executor,
   * so it never serves others for long; the executor's task runs until the queue is empty.
   *
   * <p>No batch is left behind: an appender enqueues before it tries to take the role, and a holder
   * checks the queue again after giving the role up.
   */
  private void submitQueued(@Nullable PendingBatch own) {
    do {
      while (!pending.isEmpty()) {
        if (own != null && own.result.isDone()) {
          try {
            node.submitExecutor().execute(() -> submitQueued(null));
            return;
          } catch (RejectedExecutionException e) {
            // The node is closing: keep submitting here, the entries fail with the server.
          }
        }
        submitPending();
      }
      isSubmitting.set(false);
    } while (!pending.isEmpty() && isSubmitting.compareAndSet(false, true));
  }

  /**
   * Drains the queue into one entry (up to {@code consensus.group-commit.max-bytes}, at least one
   * batch) and hands it to the local server; returns once it is in the log. Called by the holder of
   * the submitter role only, so sequences, call ids and the log's order agree.
   */
  private void submitPending() {
    PendingBatch head = pending.peek();
    if (head != null && head.entry != null) {
      // A transaction entry goes alone, as it is.
      pending.remove();
      submitEntry(List.of(head), List.of(head.producerOrNode()), head.entry);
      return;
    }
    List<PendingBatch> batches = new ArrayList<>();
    List<BatchCodec.GroupMember> members = new ArrayList<>();
    long bytes = 0;
    for (PendingBatch next = pending.peek(); next != null; next = pending.peek()) {
      if (next.entry != null) {
        break;
      }
      long entryBytes = next.page.entryBytes(256);
      if (!batches.isEmpty() && bytes + entryBytes > groupCommitMaxBytes) {
        break;
      }
      pending.remove();
      bytes += entryBytes;
      String producer = next.producer == null ? producerId : next.producer;
      long sequence = next.producer == null ? ++nextSequence : next.sequence;
      batches.add(next);
      members.add(new BatchCodec.GroupMember(producer, sequence, next.page));
    }
    byte[] entry;
    try {
      entry =
          members.size() == 1
              ? BatchCodec.encode(
                  members.get(0).page(), members.get(0).producerId(), members.get(0).sequence())
              : BatchCodec.encodeGroup(members);
    } catch (RuntimeException e) {
      for (PendingBatch batch : batches) {
        batch.result.completeExceptionally(e);
      }
      return;
    }
    List<String> producers = new ArrayList<>(members.size());
    for (BatchCodec.GroupMember member : members) {
      producers.add(member.producerId());
    }
    submitEntry(batches, producers, entry);
  }

  /**
   * Hands one log entry holding {@code batches} to the local server; see {@link #submitPending}.
   */
  private void submitEntry(List<PendingBatch> batches, List<String> producers, byte[] entry) {
    CompletableFuture<RaftClientReply> reply;
    try {
      RaftClientRequest request =
          RaftClientRequest.newBuilder()
              .setClientId(localClientId)
              .setServerId(node.peerId())
              .setGroupId(groupId)
              .setCallId(++nextCallId)
              .setMessage(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)))
              .setType(RaftClientRequest.writeRequestType())
              .build();
      // A leader elected a moment ago refuses writes until an entry of its term commits; the
      // entry is not appended then, so waiting first keeps the batch from failing for nothing.
      node.awaitLeaderReady(groupId, node.requestTimeoutNanos() / 2);
      // Returns once the server appended the entry to its log (not yet synced): the next entry
      // cannot overtake it.
      reply = node.submitLocal(request);
    } catch (IOException | RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    reply.whenComplete((raftReply, failure) -> complete(batches, producers, raftReply, failure));
  }

  private void complete(
      List<PendingBatch> batches,
      List<String> producers,
      @Nullable RaftClientReply reply,
      @Nullable Throwable failure) {
    if (failure != null || reply == null || !reply.isSuccess()) {
      Throwable cause = failure != null || reply == null ? failure : reply.getException();
      for (int i = 0; i < batches.size(); i++) {
        batches.get(i).result.completeExceptionally(notCommitted(producers.get(i), cause));
      }
      return;
    }
    byte[] content = reply.getMessage().getContent().toByteArray();
    List<byte[]> replies;
    try {
      replies = batches.size() == 1 ? List.of(content) : StateMachineReply.decodeGroup(content);
      if (replies.size() != batches.size()) {
        throw new AuroraException(
            ErrorCode.INTERNAL_ERROR,
            "Group reply has replies[" + replies.size() + "] for batches[" + batches.size() + "]");
      }
    } catch (AuroraException e) {
      for (PendingBatch batch : batches) {
        batch.result.completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < batches.size(); i++) {
      try {
        StateMachineReply result = StateMachineReply.decode(replies.get(i));
        batches
            .get(i)
            .result
            .complete(
                new AppendResult(reply.getLogIndex(), (int) result.value(), !result.isApplied()));
      } catch (AuroraException e) {
        batches.get(i).result.completeExceptionally(e);
      }
    }
  }

  /** The node producer's batch through the Raft client, for a group led by another node. */
  private AppendResult appendRemote(BatchCodec.EncodedPage page) {
    CompletableFuture<RaftClientReply> future;
    remoteSubmitLock.lock();
    try {
      long sequence = ++nextRemoteSequence;
      byte[] entry = BatchCodec.encode(page, remoteProducerId, sequence);
      future = client.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
    } finally {
      remoteSubmitLock.unlock();
    }
    RaftClientReply reply;
    try {
      reply = future.get(node.requestTimeoutNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw notCommitted(remoteProducerId, e);
    } catch (ExecutionException e) {
      throw notCommitted(remoteProducerId, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw notCommitted(remoteProducerId, e);
    }
    return completeAppend(reply, remoteProducerId);
  }

  private AppendResult completeAppend(RaftClientReply reply, String producer) {
    if (!reply.isSuccess()) {
      throw notCommitted(producer, reply.getException());
    }
    StateMachineReply result =
        StateMachineReply.decode(reply.getMessage().getContent().toByteArray());
    snapshotIfDue();
    return new AppendResult(reply.getLogIndex(), (int) result.value(), !result.isApplied());
  }

  /**
   * Starts a snapshot on the node's snapshot thread when a sealing threshold is crossed and none is
   * running, so the appender that crossed it does not wait for the seal.
   */
  private void snapshotIfDue() {
    if ((stateMachine.rowsSinceSnapshot() >= sealRows
            || stateMachine.bytesSinceSnapshot() >= sealBytes
            || stateMachine.unsealedAgeNanos() >= sealAgeNanos)
        && isSnapshotting.compareAndSet(false, true)) {
      try {
        node.snapshotExecutor()
            .execute(
                () -> {
                  try {
                    takeSnapshot();
                  } catch (RuntimeException e) {
                    log.warn("Snapshot of shard group[{}] failed", groupId, e);
                  } finally {
                    isSnapshotting.set(false);
                  }
                });
      } catch (RejectedExecutionException e) {
        // The node is closing; the log holds the rows until the next start.
        isSnapshotting.set(false);
      }
    }
  }

  private AuroraException notCommitted(String producer, @Nullable Throwable cause) {
    return notCommitted(groupId.getUuid(), producer, cause);
  }

  /**
   * The error of a batch whose commit could not be confirmed. When the group had no leader that a
   * majority follows (no leader, leadership lost, retries or the timeout used up) it is {@link
   * ErrorCode#UNAVAILABLE}: the batch may still be committed later, whole, once a majority is back.
   */
  static AuroraException notCommitted(UUID groupId, String producer, @Nullable Throwable cause) {
    boolean isUnavailable =
        cause instanceof NotLeaderException
            || cause instanceof LeaderNotReadyException
            || cause instanceof RaftRetryFailureException
            || cause instanceof TimeoutIOException
            || cause instanceof TimeoutException
            || cause instanceof AlreadyClosedException
            || cause instanceof LeaderSteppingDownException
            || cause instanceof ReadIndexException;
    return new AuroraException(
        isUnavailable ? ErrorCode.UNAVAILABLE : ErrorCode.IO_ERROR,
        "Batch of producer["
            + producer
            + "] to shard group["
            + groupId
            + "] was not committed"
            + (isUnavailable ? " (no leader that a majority of its replicas follows)" : "")
            + ": "
            + cause,
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
                  Message.valueOf(
                      UnsafeByteOperations.unsafeWrap(ShardStateMachine.encodeAddColumn(column))));
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

  /** Whether this replica fell behind its leader's log and cannot catch up; read elsewhere. */
  boolean isStranded() {
    return stateMachine.isStranded();
  }

  /** This replica's shard, for reads. Writes must go through {@link #append}. */
  Shard shard() {
    return stateMachine.shard();
  }

  /** DELETE entries applied or staged on this replica since this node started. */
  long deletesAppliedSinceStart() {
    return stateMachine.deletesApplied();
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

  /** A batch waiting to be submitted, then for its entry to be committed and applied. */
  private static final class PendingBatch {
    private final @Nullable String producer;
    private final long sequence;
    private final BatchCodec.@Nullable EncodedPage page;
    // A complete entry (a transaction's), submitted alone instead of a page.
    private final byte @Nullable [] entry;
    private final CompletableFuture<AppendResult> result = new CompletableFuture<>();

    /** A batch of {@code producer}, or of the node's producer (sequence assigned) when null. */
    PendingBatch(@Nullable String producer, long sequence, BatchCodec.EncodedPage page) {
      this.producer = producer;
      this.sequence = sequence;
      this.page = page;
      this.entry = null;
    }

    /** A {@link TransactionCodec} entry. */
    PendingBatch(byte[] entry) {
      this.producer = "transaction";
      this.sequence = 0;
      this.page = null;
      this.entry = entry;
    }

    String producerOrNode() {
      return producer == null ? "node" : producer;
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
