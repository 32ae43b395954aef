package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.Shard;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one shard: applies committed batches ({@link BatchCodec} entries) to
 * the shard's mutable segments, and takes snapshots by sealing them.
 *
 * <h2>State</h2>
 *
 * The shard's rows, the last applied {@link TermIndex}, and per producer id the highest sequence
 * number applied. A batch whose sequence is at or below its producer's is a retry and is not
 * applied again (its reply says so); a batch the shard rejects (wrong types, NULL in a NOT NULL
 * column, a corrupt entry) changes nothing and its reply carries the error. Both outcomes are
 * deterministic, so every replica reaches the same state.
 *
 * <h2>Snapshots</h2>
 *
 * <pre>
 * takeSnapshot:  last = last applied; shard.sealAll()      every applied row is now in a file
 *                write snapshot.TERM_INDEX (temporary name, fsync, rename, .md5 beside it)
 *                Ratis purges the log up to last.index
 * initialize:    load the newest snapshot file: last applied = its term/index, producer map
 *                Ratis replays entries after last.index; the shard reopened its sealed files
 * </pre>
 *
 * The snapshot file (big-endian): {@code version:u8 term:i64 index:i64 producerCount:i32
 * (producerLength:u16 producer:utf8 sequence:i64)* crc32c:u32}. The shard's segment files are the
 * rest of the snapshot and live in the shard's own directory.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction} and {@link #takeSnapshot} on the group's one
 * state machine updater thread, so no apply runs during a snapshot and the sealed rows are exactly
 * those up to the last applied index. The counters may be read from any thread.
 */
final class ShardStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(ShardStateMachine.class);
  private static final int SNAPSHOT_VERSION = 1;

  static final byte REPLY_APPLIED = 0;
  static final byte REPLY_DUPLICATE = 1;
  static final byte REPLY_REJECTED = 2;

  private final Shard shard;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Map<String, Long> producerSequences = new ConcurrentHashMap<>();
  private final AtomicLong batchesApplied = new AtomicLong();
  private final AtomicLong firstAppliedIndex = new AtomicLong(-1);
  private final AtomicLong rowsSinceSnapshot = new AtomicLong();
  private volatile long snapshotIndex = -1;

  ShardStateMachine(Shard shard) {
    this.shard = requireNonNull(shard, "shard is null");
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    // Called after a follower installed a snapshot from the leader; that needs the leader's
    // segment files too, which this state machine cannot fetch yet (single-node groups only).
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    TermIndex termIndex = TermIndex.valueOf(entry);
    if (termIndex.getIndex() <= getLastAppliedTermIndex().getIndex()) {
      // Already in the state (below a loaded snapshot): its rows are in sealed segments.
      return CompletableFuture.completedFuture(reply(REPLY_DUPLICATE, 0, null));
    }
    ByteString data = entry.getStateMachineLogEntry().getLogData();
    Message reply;
    try {
      reply = apply(data.asReadOnlyByteBuffer());
    } catch (RuntimeException e) {
      // Not deterministic (for example the shard is closing): do not advance, let Ratis fail.
      return CompletableFuture.failedFuture(e);
    }
    updateLastAppliedTermIndex(termIndex.getTerm(), termIndex.getIndex());
    firstAppliedIndex.compareAndSet(-1, termIndex.getIndex());
    return CompletableFuture.completedFuture(reply);
  }

  private Message apply(ByteBuffer data) {
    BatchCodec.Batch batch;
    try {
      batch = BatchCodec.decode(data);
    } catch (AuroraException e) {
      return reply(REPLY_REJECTED, 0, e);
    }
    Long last = producerSequences.get(batch.producerId());
    if (last != null && batch.sequence() <= last) {
      if (log.isDebugEnabled()) {
        log.debug(
            "Skipped batch of producer[{}] sequence[{}]: applied up to [{}]",
            batch.producerId(),
            batch.sequence(),
            last);
      }
      return reply(REPLY_DUPLICATE, 0, null);
    }
    try {
      shard.append(batch.page());
    } catch (AuroraException e) {
      if (e.errorCode().category() == ErrorCategory.USER) {
        return reply(REPLY_REJECTED, 0, e);
      }
      throw e;
    }
    producerSequences.put(batch.producerId(), batch.sequence());
    batchesApplied.incrementAndGet();
    rowsSinceSnapshot.addAndGet(batch.page().rowCount());
    return reply(REPLY_APPLIED, batch.page().rowCount(), null);
  }

  private static Message reply(byte status, int rows, @Nullable AuroraException error) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(status);
      out.writeInt(rows);
      if (error != null) {
        out.writeUTF(error.errorCode().name());
        out.writeUTF(String.valueOf(error.getMessage()));
      }
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return Message.valueOf(ByteString.copyFrom(bytes.toByteArray()));
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    long began = System.nanoTime();
    shard.sealAll();
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path temporary = file.toPath().resolveSibling(file.getName() + ".tmp");
    byte[] content = snapshotContent(last, new TreeMap<>(producerSequences));
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
      out.write(content);
    }
    try (FileChannel channel = FileChannel.open(temporary)) {
      channel.force(true);
    }
    Files.move(temporary, file.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    snapshotIndex = last.getIndex();
    rowsSinceSnapshot.set(0);
    log.info(
        "Took snapshot of shard at term[{}] index[{}] in {} ms",
        last.getTerm(),
        last.getIndex(),
        (System.nanoTime() - began) / 1_000_000);
    return last.getIndex();
  }

  private static byte[] snapshotContent(TermIndex last, Map<String, Long> sequences) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SNAPSHOT_VERSION);
      out.writeLong(last.getTerm());
      out.writeLong(last.getIndex());
      out.writeInt(sequences.size());
      for (Map.Entry<String, Long> entry : sequences.entrySet()) {
        byte[] producer = entry.getKey().getBytes(StandardCharsets.UTF_8);
        out.writeShort(producer.length);
        out.write(producer);
        out.writeLong(entry.getValue());
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  private void loadSnapshot(@Nullable SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (snapshot.hasMd5()) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
    try {
      CRC32C crc = new CRC32C();
      crc.update(in.array(), 0, in.limit() - 4);
      if ((int) crc.getValue() != in.getInt(in.limit() - 4)) {
        throw corruptSnapshot(file, "checksum mismatch");
      }
      int version = in.get() & 0xFF;
      if (version != SNAPSHOT_VERSION) {
        throw corruptSnapshot(file, "unknown version[" + version + "]");
      }
      TermIndex last = TermIndex.valueOf(in.getLong(), in.getLong());
      if (!last.equals(snapshot.getTermIndex())) {
        throw corruptSnapshot(file, "content term/index differs from its name");
      }
      int count = in.getInt();
      Map<String, Long> sequences = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        byte[] producer = new byte[in.getShort() & 0xFFFF];
        in.get(producer);
        sequences.put(new String(producer, StandardCharsets.UTF_8), in.getLong());
      }
      if (in.remaining() != 4) {
        throw corruptSnapshot(file, "leftover bytes[" + (in.remaining() - 4) + "]");
      }
      producerSequences.clear();
      producerSequences.putAll(sequences);
      setLastAppliedTermIndex(last);
      snapshotIndex = last.getIndex();
      log.info(
          "Loaded snapshot of shard at term[{}] index[{}] with producers[{}]",
          last.getTerm(),
          last.getIndex(),
          sequences.size());
    } catch (RuntimeException e) {
      if (e instanceof AuroraException aurora) {
        throw aurora;
      }
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Snapshot file[" + file + "] is truncated", e);
    }
  }

  private static AuroraException corruptSnapshot(Path file, String reason) {
    return new AuroraException(
        ErrorCode.DATA_CORRUPTED, "Snapshot file[" + file + "] is corrupt: " + reason);
  }

  /** Batches applied to the shard since this state machine was created (retries not counted). */
  long batchesApplied() {
    return batchesApplied.get();
  }

  /** The log index of the first entry applied since this state machine was created, or -1. */
  long firstAppliedIndex() {
    return firstAppliedIndex.get();
  }

  /** The index of the latest snapshot taken or loaded, or -1. */
  long snapshotIndex() {
    return snapshotIndex;
  }

  /** Rows applied since the latest snapshot, that is rows only the log holds. */
  long rowsSinceSnapshot() {
    return rowsSinceSnapshot.get();
  }
}
