package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteTransaction} over the shards' Raft groups: all of its rows become visible, on every
 * shard, or none do, whatever crashes.
 *
 * <pre>
 * append  rows -> shards (round-robin by page, or by the distribution key) -> entries of at most
 *         {@link ShardGroup#MAX_BATCH_BYTES}. The first entry is held back: a write of one entry
 *         to one shard (most INSERTs, a gRPC batch) is appended as before, with no extra cost.
 *         From the second entry on, every entry is a STAGE entry (TransactionCodec) in its shard's
 *         log: durable, replicated, invisible. The first shard staged to is the coordinator.
 * commit  COMMIT to the coordinator: its log decides (the first of COMMIT and ABORT applied wins).
 *         Then COMMIT to every other participant, each making its staged rows visible in one step.
 * close   without commit: ABORT to the coordinator first, then to the others (best effort).
 * </pre>
 *
 * <p>Recovery: a writer that dies leaves staged rows behind. The leader of each shard they are on
 * asks the coordinator how the transaction ended and finishes it alike; a transaction that is still
 * undecided after {@code consensus.transaction-timeout} without activity is aborted at the
 * coordinator (which wins over a late COMMIT) and then on the shard ({@link
 * ReplicatedCatalog#resolveStagedTransactions}). An idempotent producer's batch (gRPC) is staged
 * with its producer and sequence, and each shard skips it at commit when it applied that sequence
 * already, so a retry through another node applies once.
 *
 * <p>Not thread-safe: one statement or session uses it at a time.
 */
final class ReplicatedWriteTransaction implements WriteTransaction {
  private static final Logger log = LoggerFactory.getLogger(ReplicatedWriteTransaction.class);

  private final ReplicatedCatalog catalog;
  // Assigned when the first entry is staged: a write of one entry never needs one.
  private @Nullable String id;
  private final Map<UUID, ShardPlacement> participants = new LinkedHashMap<>();
  // When this writer last sent an entry to each participant (System.nanoTime()).
  private final Map<UUID, Long> lastSentNanos = new HashMap<>();
  private @Nullable ShardPlacement coordinator;
  private @Nullable Part held;
  private long rows;
  private boolean isApplied;
  private boolean isAborted;
  private long nextSequence;
  private boolean isEnded;
  private boolean isCommitted;
  private long changed;

  ReplicatedWriteTransaction(ReplicatedCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** One shard's entry of the transaction, before it is sent: rows, or a DELETE. */
  private record Part(
      ShardPlacement shard,
      BatchCodec.@Nullable EncodedPage page,
      @Nullable String producer,
      long sequence,
      byte @Nullable [] delete) {
    Part(
        ShardPlacement shard,
        BatchCodec.EncodedPage page,
        @Nullable String producer,
        long sequence) {
      this(shard, page, producer, sequence, null);
    }
  }

  /**
   * Deletes, at commit, the table's matching rows on every shard that can hold them (a DELETE
   * entry, see {@link DeleteCodec}; one shard when the condition fixes the distribution key): alone
   * and on one shard, it is one plain entry; otherwise each shard stages it and applies it when the
   * transaction commits, before the staged rows.
   */
  @Override
  public void delete(Table table, List<List<ColumnPredicate>> disjunction) {
    requireNonNull(table, "table is null");
    requireNonNull(disjunction, "disjunction is null");
    checkOpen();
    boolean isDone = false;
    try {
      byte[] entry = DeleteCodec.encode(disjunction);
      List<Part> parts = new ArrayList<>();
      for (ShardPlacement shard : catalog.shardsOf(table, disjunction)) {
        parts.add(new Part(shard, null, null, 0, entry));
      }
      send(parts);
      isDone = true;
    } finally {
      if (!isDone) {
        close();
      }
    }
  }

  /**
   * After {@link #commit}: the rows the commit deleted plus those it made visible (for a DELETE
   * alone, the rows deleted).
   */
  long changedRows() {
    return changed;
  }

  @Override
  public void append(Table table, Page page) {
    requireNonNull(table, "table is null");
    requireNonNull(page, "page is null");
    add(table, page, (part, parts) -> split(part.shard(), part.page(), parts));
  }

  /**
   * Adds an idempotent producer's batch (the gRPC {@code Ingest} call): each shard's part is one
   * entry, applied at commit unless the shard applied {@code (producer, sequence)} already.
   */
  void appendProducerBatch(Table table, Page page, String producer, long sequence) {
    requireNonNull(producer, "producer is null");
    add(
        table,
        page,
        (part, parts) -> {
          BatchCodec.EncodedPage encoded = BatchCodec.encodePage(part.page());
          ShardGroup.checkProducerBatchSize(part.page(), encoded);
          parts.add(new Part(part.shard(), encoded, producer, sequence));
        });
  }

  /**
   * Routes the page to its shards, turns each shard's rows into entries and sends them; any failure
   * ends the transaction (what it staged is aborted) before it is rethrown.
   */
  private void add(
      Table table, Page page, BiConsumer<ReplicatedCatalog.ShardPart, List<Part>> entries) {
    checkOpen();
    boolean isDone = false;
    try {
      List<Part> parts = new ArrayList<>();
      for (ReplicatedCatalog.ShardPart part : catalog.route(table, page)) {
        entries.accept(part, parts);
      }
      send(parts);
      rows += page.rowCount();
      isDone = true;
    } finally {
      if (!isDone) {
        close();
      }
    }
  }

  @Override
  public long rowCount() {
    return rows;
  }

  /**
   * Whether the commit applied anything: false when every part was a producer's retried batch that
   * its shard had applied already.
   */
  boolean isApplied() {
    return isApplied;
  }

  /** Splits a page into entries Raft takes, halving it by rows until each fits. */
  private static void split(ShardPlacement shard, Page page, List<Part> parts) {
    BatchCodec.EncodedPage encoded = BatchCodec.encodePage(page);
    if (encoded.entryBytes(64) > ShardGroup.MAX_BATCH_BYTES && page.rowCount() > 1) {
      int half = page.rowCount() / 2;
      split(shard, ShardGroup.rows(page, 0, half), parts);
      split(shard, ShardGroup.rows(page, half, page.rowCount()), parts);
      return;
    }
    parts.add(new Part(shard, encoded, null, 0));
  }

  /**
   * Holds a first lone entry back (see the class documentation); otherwise stages the held entry
   * and these, the shards in parallel, each shard's entries in order.
   */
  private void send(List<Part> parts) {
    if (parts.isEmpty()) {
      return;
    }
    if (held == null && participants.isEmpty() && parts.size() == 1) {
      held = parts.get(0);
      return;
    }
    List<Part> staged = new ArrayList<>(parts.size() + 1);
    if (held != null) {
      staged.add(held);
      held = null;
    }
    staged.addAll(parts);
    if (coordinator == null) {
      coordinator = staged.get(0).shard();
      id = UUID.randomUUID().toString();
    }
    String id = requireNonNull(this.id);
    UUID coordinatorId = coordinator.groupId();
    Map<UUID, List<byte[]>> entries = new LinkedHashMap<>();
    for (Part part : staged) {
      participants.putIfAbsent(part.shard().groupId(), part.shard());
      byte[] batch;
      TransactionCodec.Op op;
      if (part.delete() != null) {
        batch = part.delete();
        op = TransactionCodec.Op.STAGE_DELETE;
      } else {
        BatchCodec.EncodedPage page = requireNonNull(part.page());
        batch =
            part.producer() == null
                ? BatchCodec.encode(page, id, ++nextSequence)
                : BatchCodec.encode(page, part.producer(), part.sequence());
        op =
            part.producer() == null
                ? TransactionCodec.Op.STAGE
                : TransactionCodec.Op.STAGE_PRODUCER;
      }
      entries
          .computeIfAbsent(part.shard().groupId(), group -> new ArrayList<>())
          .add(TransactionCodec.encode(op, id, coordinatorId, System.currentTimeMillis(), batch));
    }
    // Participants this writer has not staged on lately are told it is still at work, so that
    // recovery never takes a long write that is busy with other shards for abandoned.
    long now = System.nanoTime();
    long touchAfterNanos = catalog.node().consensusConfig().transactionTimeout().toNanos() / 4;
    for (UUID groupId : participants.keySet()) {
      Long last = lastSentNanos.get(groupId);
      if (!entries.containsKey(groupId) && last != null && now - last > touchAfterNanos) {
        entries.put(groupId, new ArrayList<>(List.of(control(TransactionCodec.Op.TOUCH))));
      }
    }
    List<ShardPlacement> shards = new ArrayList<>(entries.size());
    for (UUID groupId : entries.keySet()) {
      shards.add(participants.get(groupId));
      lastSentNanos.put(groupId, now);
    }
    List<Object> outcomes = catalog.submitEach(shards, shard -> entries.get(shard.groupId()));
    for (Object outcome : outcomes) {
      if (outcome instanceof AuroraException e) {
        throw e;
      }
    }
  }

  @Override
  public void commit() {
    checkOpen();
    isEnded = true;
    Part single = held;
    held = null;
    if (single != null) {
      // One entry to one shard: atomic as it is.
      if (single.delete() != null) {
        changed = catalog.submitTransaction(single.shard(), single.delete());
        isApplied = true;
      } else {
        long rows =
            catalog.appendEncoded(
                single.shard(),
                requireNonNull(single.page()),
                single.producer(),
                single.sequence());
        isApplied = rows >= 0;
        changed = Math.max(0, rows);
      }
      isCommitted = true;
      return;
    }
    if (coordinator == null) {
      isCommitted = true; // nothing was written
      return;
    }
    // Scans on this node capture their shards before or after all of this, never in between.
    catalog.commitFence().lock();
    try {
      commitStaged(coordinator);
    } finally {
      catalog.commitFence().unlock();
    }
  }

  private void commitStaged(ShardPlacement decider) {
    long decided;
    try {
      decided = catalog.submitTransaction(decider, control(TransactionCodec.Op.COMMIT));
    } catch (AuroraException e) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE,
          "Transaction["
              + id
              + "] may or may not have committed: its coordinating shard group["
              + decider.groupId()
              + "] did not answer ("
              + e.getMessage()
              + "); its rows become visible whole or not at all",
          e);
    }
    if (decided < 0) {
      abortParticipants();
      throw new AuroraException(
          ErrorCode.TRANSACTION_ROLLBACK,
          "Transaction["
              + id
              + "] was rolled back by recovery before it committed (its writer was silent for"
              + " longer than consensus.transaction-timeout); nothing of it is visible");
    }
    isCommitted = true;
    isApplied = decided > 0;
    changed = decided;
    List<ShardPlacement> others = new ArrayList<>();
    for (ShardPlacement shard : participants.values()) {
      if (!shard.groupId().equals(decider.groupId())) {
        others.add(shard);
      }
    }
    byte[] commit = control(TransactionCodec.Op.COMMIT);
    List<Object> outcomes = catalog.submitEach(others, shard -> List.of(commit));
    List<UUID> unreachable = new ArrayList<>();
    AuroraException firstFailure = null;
    for (int i = 0; i < others.size(); i++) {
      if (outcomes.get(i) instanceof AuroraException e) {
        unreachable.add(others.get(i).groupId());
        firstFailure = firstFailure == null ? e : firstFailure;
      } else {
        long outcome = (Long) outcomes.get(i);
        isApplied |= outcome > 0;
        changed += Math.max(0, outcome);
      }
    }
    if (firstFailure != null) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE,
          "Transaction["
              + id
              + "] committed, but shard groups"
              + unreachable
              + " did not confirm; their rows become visible when their groups recover: "
              + firstFailure.getMessage(),
          firstFailure);
    }
  }

  @Override
  public void close() {
    if (isCommitted) {
      return;
    }
    isEnded = true;
    held = null;
    if (coordinator != null) {
      abortParticipants();
    }
  }

  /** ABORT to the coordinator first (it decides), then to the others; failures are recovery's. */
  private void abortParticipants() {
    if (isAborted) {
      return;
    }
    isAborted = true;
    ShardPlacement decider = requireNonNull(coordinator);
    try {
      long outcome = catalog.submitTransaction(decider, control(TransactionCodec.Op.ABORT));
      if (outcome >= 0) {
        // Decided committed (a commit whose reply was lost): the resolver finishes it.
        return;
      }
    } catch (AuroraException e) {
      log.info(
          "Abort of transaction[{}] did not reach its coordinator group[{}]; recovery will end it:"
              + " {}",
          id,
          decider.groupId(),
          e.getMessage());
      return;
    }
    for (ShardPlacement shard : participants.values()) {
      if (shard.groupId().equals(decider.groupId())) {
        continue;
      }
      try {
        catalog.submitTransaction(shard, control(TransactionCodec.Op.ABORT));
      } catch (AuroraException e) {
        log.info(
            "Abort of transaction[{}] did not reach shard group[{}]; recovery will end it: {}",
            id,
            shard.groupId(),
            e.getMessage());
      }
    }
  }

  private byte[] control(TransactionCodec.Op op) {
    return TransactionCodec.encode(
        op,
        requireNonNull(id),
        requireNonNull(coordinator).groupId(),
        System.currentTimeMillis(),
        null);
  }

  private void checkOpen() {
    if (isEnded) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Write transaction has ended");
    }
  }
}
