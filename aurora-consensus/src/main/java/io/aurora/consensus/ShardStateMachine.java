package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of one shard: applies committed batches ({@link BatchCodec} entries) and
 * added columns ({@link #encodeAddColumn} entries) to the shard, and takes snapshots by sealing its
 * mutable segments.
 *
 * <h2>State</h2>
 *
 * The shard's rows and columns, the last applied {@link TermIndex}, and per producer id the highest
 * sequence number applied. A group entry ({@link BatchCodec#encodeGroup}) is applied batch by batch
 * in its order, each with the rules below, and its reply has one reply per batch. A batch whose
 * sequence is at or below its producer's is a retry and is not applied again (its reply says so); a
 * batch the shard rejects (wrong types, NULL in a NOT NULL column, a corrupt entry) changes nothing
 * and its reply carries the error. Both outcomes are deterministic, so every replica reaches the
 * same state.
 *
 * <h2>Schema</h2>
 *
 * The shard's schema is a file in the shard's directory ({@link #SCHEMA_FILE}, written when the
 * group is created and rewritten when an add-column entry is applied), because Ratis initializes
 * every group it finds on disk when the server starts, in no order we control and before the
 * catalog group has replayed its own log: the catalog's state cannot be relied on at that moment.
 * The file may be ahead of the snapshot (it is written at apply time), never behind the log: an
 * add-column entry replayed for a column the shard has is a no-op, and a batch written before a
 * column was added has fewer channels than the shard; its missing trailing columns read as NULL.
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
 * (producerLength:u16 producer:utf8 sequence:i64)* crc32c:u32}. The shard's segment files and its
 * schema file are the rest of the snapshot and live in the shard's own directory.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction} and {@link #takeSnapshot} on the group's one
 * state machine updater thread, so no apply runs during a snapshot and the sealed rows are exactly
 * those up to the last applied index. The counters may be read from any thread. The state machine
 * owns the shard and closes it when Ratis closes the group.
 */
final class ShardStateMachine extends BaseStateMachine {
  /** The name of the schema file in the shard's directory. */
  static final String SCHEMA_FILE = "schema";

  private static final Logger log = LoggerFactory.getLogger(ShardStateMachine.class);
  private static final int SNAPSHOT_VERSION = 1;
  private static final int SCHEMA_FILE_VERSION = 1;
  private static final byte[] ADD_COLUMN_MAGIC = {'A', 'U', 'R', 'K'};
  private static final int ADD_COLUMN_VERSION = 1;

  private final Shard shard;
  private final TableSchema createdSchema;
  private final @Nullable Path schemaFile;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final Map<String, Long> producerSequences = new ConcurrentHashMap<>();
  private final AtomicLong batchesApplied = new AtomicLong();
  private final AtomicLong firstAppliedIndex = new AtomicLong(-1);
  private final AtomicLong rowsSinceSnapshot = new AtomicLong();
  private final AtomicLong bytesSinceSnapshot = new AtomicLong();
  private volatile long firstRowSinceSnapshotNanos;
  private volatile long snapshotIndex = -1;
  // True while takeSnapshot seals: no entry is applied until it returns.
  private volatile boolean isTakingSnapshot;
  private volatile boolean isStranded;

  /**
   * A state machine over {@code shard}, whose schema at creation is {@code schema}; added columns
   * are written to {@code schemaFile} when it is not null.
   */
  ShardStateMachine(Shard shard, TableSchema schema, @Nullable Path schemaFile) {
    this.shard = requireNonNull(shard, "shard is null");
    this.createdSchema = requireNonNull(schema, "schema is null");
    this.schemaFile = schemaFile;
  }

  /** Writes the schema file of a shard: {@code version:u8 schema crc32c:u32}, atomically. */
  static void writeSchemaFile(Path file, TableSchema schema) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SCHEMA_FILE_VERSION);
      SchemaCodec.writeSchema(out, schema);
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer content = ByteBuffer.wrap(bytes.toByteArray());
      while (content.hasRemaining()) {
        channel.write(content);
      }
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a file {@link #writeSchemaFile} wrote; a damaged file is DATA_CORRUPTED. */
  static TableSchema readSchemaFile(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    CRC32C crc = new CRC32C();
    if (bytes.length < 5) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Schema file[" + file + "] is truncated");
    }
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Schema file[" + file + "] checksum does not match");
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
      int version = in.readUnsignedByte();
      if (version != SCHEMA_FILE_VERSION) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Schema file[" + file + "] version[" + version + "] is not supported");
      }
      return SchemaCodec.readSchema(in);
    }
  }

  /**
   * The shard log entry that adds a column: {@code magic:"AURK" version:u8 column crc32c:u32}
   * (big-endian, {@code column} as {@link SchemaCodec} writes it).
   */
  static byte[] encodeAddColumn(ColumnSchema column) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(ADD_COLUMN_MAGIC);
      out.writeByte(ADD_COLUMN_VERSION);
      SchemaCodec.writeColumn(out, column);
      CRC32C crc = new CRC32C();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  private static ColumnSchema decodeAddColumn(byte[] entry) {
    CRC32C crc = new CRC32C();
    crc.update(entry, 0, entry.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(entry).getInt(entry.length - 4)) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Add-column entry checksum does not match");
    }
    try (DataInputStream in =
        new DataInputStream(
            new ByteArrayInputStream(
                entry, ADD_COLUMN_MAGIC.length, entry.length - 4 - ADD_COLUMN_MAGIC.length))) {
      int version = in.readUnsignedByte();
      if (version != ADD_COLUMN_VERSION) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Add-column entry format version[" + version + "] is not supported");
      }
      ColumnSchema column = SchemaCodec.readColumn(in);
      if (in.available() > 0) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Add-column entry has leftover bytes[" + in.available() + "]");
      }
      return column;
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Add-column entry is truncated", e);
    }
  }

  private static boolean isAddColumn(ByteBuffer data) {
    if (data.remaining() < ADD_COLUMN_MAGIC.length + 1 + 4) {
      return false;
    }
    for (int i = 0; i < ADD_COLUMN_MAGIC.length; i++) {
      if (data.get(data.position() + i) != ADD_COLUMN_MAGIC[i]) {
        return false;
      }
    }
    return true;
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
    // Called after a follower installed a snapshot from the leader. Ratis transfers only the
    // snapshot file, not the shard's segment files, so a follower of a three-peer group needs
    // them copied first (as seeding a replica from a copied snapshot does); one-peer groups never
    // install snapshots.
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  /**
   * Answers a read-only request. An empty request is a barrier: reads use Ratis only for ReadIndex,
   * then scan this replica's shard, which has applied everything committed before the barrier
   * began, and get an empty message. A request holding a producer id in UTF-8 gets that producer's
   * {@link #producerSequence} as an 8-byte big-endian number.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    if (request.getContent().isEmpty()) {
      return CompletableFuture.completedFuture(Message.EMPTY);
    }
    long sequence = producerSequence(request.getContent().toStringUtf8());
    byte[] reply = ByteBuffer.allocate(8).putLong(sequence).array();
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
  }

  /**
   * The leader no longer has the log entries this replica lacks (it purged them behind a snapshot)
   * and asks it to install a snapshot. A shard's snapshot is its segment files, which Ratis does
   * not transfer; copying them from a peer is not built yet, so this replica stays where it is
   * rather than load a snapshot file whose rows it does not have. It says so once, and marks itself
   * ({@link #isStranded()}) so that reads on this node go to another replica instead. The returned
   * future never completes: Ratis then counts the installation as in progress and does not ask
   * again until the next start. Nodes of a cluster keep 10,000 log entries behind every snapshot
   * ({@link ConsensusConfig#KEPT_ENTRIES}), so this takes a replica that was down while its group
   * wrote more entries than that.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RaftProtos.RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
    if (!isStranded) {
      isStranded = true;
      log.error(
          "Shard replica of group[{}] applied up to index[{}] but the leader's log now starts at"
              + " index[{}]: it needs a snapshot copied from the leader, which this version"
              + " cannot do; reads on this node use other replicas, and the replica stays behind"
              + " until it is rebuilt",
          getGroupId(),
          getLastAppliedTermIndex() == null ? -1 : getLastAppliedTermIndex().getIndex(),
          firstTermIndexInLog.getIndex());
    }
    return new CompletableFuture<>();
  }

  /** Whether this replica fell behind its leader's log and cannot catch up (see above). */
  boolean isStranded() {
    return isStranded;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext transaction) {
    LogEntryProto entry = transaction.getLogEntry();
    TermIndex termIndex = TermIndex.valueOf(entry);
    if (termIndex.getIndex() <= getLastAppliedTermIndex().getIndex()) {
      // Already in the state (below a loaded snapshot): its rows are in sealed segments.
      return CompletableFuture.completedFuture(reply(StateMachineReply.UNCHANGED, 0, null));
    }
    ByteString data = entry.getStateMachineLogEntry().getLogData();
    Message reply;
    try {
      ByteBuffer buffer = data.asReadOnlyByteBuffer();
      reply = isAddColumn(buffer) ? addColumn(data.toByteArray()) : apply(buffer);
    } catch (RuntimeException | IOException e) {
      // Not deterministic (for example the shard is closing): do not advance, let Ratis fail.
      return CompletableFuture.failedFuture(e);
    }
    updateLastAppliedTermIndex(termIndex.getTerm(), termIndex.getIndex());
    firstAppliedIndex.compareAndSet(-1, termIndex.getIndex());
    return CompletableFuture.completedFuture(reply);
  }

  private Message apply(ByteBuffer data) {
    if (!BatchCodec.isGroup(data)) {
      return Message.valueOf(ByteString.copyFrom(applyBatch(data)));
    }
    // One copy of the read-only log data, so the batches decode from views of an array.
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    ByteBuffer group = ByteBuffer.wrap(bytes);
    List<ByteBuffer> entries;
    try {
      entries = BatchCodec.splitGroup(group);
    } catch (AuroraException e) {
      return reply(StateMachineReply.REJECTED, 0, e);
    }
    List<byte[]> replies = new ArrayList<>(entries.size());
    for (ByteBuffer entry : entries) {
      replies.add(applyBatch(entry));
    }
    return Message.valueOf(ByteString.copyFrom(StateMachineReply.encodeGroup(replies)));
  }

  /** Applies one batch entry (its own or a group's) and returns its encoded reply. */
  private byte[] applyBatch(ByteBuffer data) {
    int entryBytes = data.remaining();
    BatchCodec.Batch batch;
    try {
      batch = BatchCodec.decode(data);
    } catch (AuroraException e) {
      return StateMachineReply.encode(StateMachineReply.REJECTED, 0, e);
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
      return StateMachineReply.encode(StateMachineReply.UNCHANGED, 0, null);
    }
    Page page = batch.page();
    long[] offsets = batch.sourceOffsets();
    if (offsets != null && last != null) {
      page = rowsAfter(page, offsets, last);
    }
    try {
      if (page.rowCount() > 0) {
        shard.append(padMissingColumns(page));
      }
    } catch (AuroraException e) {
      if (e.errorCode().category() == ErrorCategory.USER) {
        return StateMachineReply.encode(StateMachineReply.REJECTED, 0, e);
      }
      throw e;
    }
    producerSequences.put(batch.producerId(), batch.sequence());
    batchesApplied.incrementAndGet();
    if (page.rowCount() > 0 && rowsSinceSnapshot.getAndAdd(page.rowCount()) == 0) {
      firstRowSinceSnapshotNanos = System.nanoTime();
    }
    bytesSinceSnapshot.addAndGet(entryBytes);
    return StateMachineReply.encode(StateMachineReply.APPLIED, page.rowCount(), null);
  }

  /**
   * The rows of a sourced batch whose source offset is above {@code applied}: the rest were applied
   * by an earlier batch that overlapped this one (a consumer that restarted from an older offset).
   */
  private static Page rowsAfter(Page page, long[] offsets, long applied) {
    int first = 0;
    while (first < offsets.length && offsets[first] <= applied) {
      first++;
    }
    if (first == 0) {
      return page;
    }
    int[] positions = new int[offsets.length - first];
    int count = 0;
    for (int row = first; row < offsets.length; row++) {
      if (offsets[row] > applied) {
        positions[count++] = row;
      }
    }
    return page.withSelection(positions, count);
  }

  /**
   * The highest sequence applied for {@code producerId} (for a pipeline's source, the offset its
   * last applied batch ended at), or -1 when none was.
   */
  long producerSequence(String producerId) {
    Long sequence = producerSequences.get(producerId);
    return sequence == null ? -1 : sequence;
  }

  /** A batch written before columns were added, with those columns as NULL blocks. */
  private Page padMissingColumns(Page page) {
    List<ColumnSchema> columns = shard.columns();
    if (page.channelCount() >= columns.size()) {
      return page;
    }
    Block[] blocks = new Block[columns.size()];
    for (int channel = 0; channel < blocks.length; channel++) {
      if (channel < page.channelCount()) {
        blocks[channel] = page.block(channel);
      } else {
        DataType type = columns.get(channel).type();
        BlockBuilder nulls = BlockBuilder.forType(type, page.positionCount());
        for (int position = 0; position < page.positionCount(); position++) {
          nulls.appendNull();
        }
        blocks[channel] = nulls.build();
      }
    }
    return new Page(page.positionCount(), blocks);
  }

  private Message addColumn(byte[] entry) throws IOException {
    ColumnSchema column;
    try {
      column = decodeAddColumn(entry);
    } catch (AuroraException e) {
      return reply(StateMachineReply.REJECTED, 0, e);
    }
    for (ColumnSchema existing : shard.columns()) {
      if (existing.name().equals(column.name())) {
        // A replay of an entry the schema file already has, or a retried ALTER.
        return reply(StateMachineReply.UNCHANGED, 0, null);
      }
    }
    try {
      shard.addColumn(column);
    } catch (AuroraException e) {
      if (e.errorCode().category() == ErrorCategory.USER) {
        return reply(StateMachineReply.REJECTED, 0, e);
      }
      throw e;
    }
    if (schemaFile != null) {
      writeSchemaFile(
          schemaFile,
          new TableSchema(
              shard.columns(),
              createdSchema.timeColumn(),
              createdSchema.granularity(),
              createdSchema.sortKey(),
              createdSchema.shardCount()));
    }
    log.info("Added column[{}] to the shard of group[{}]", column.name(), getGroupId());
    return reply(StateMachineReply.APPLIED, 0, null);
  }

  private static Message reply(byte status, long value, @Nullable AuroraException error) {
    return Message.valueOf(ByteString.copyFrom(StateMachineReply.encode(status, value, error)));
  }

  /**
   * Whether a snapshot is sealing the shard right now, which holds up the apply of every later
   * entry (and so the reply to its writer) until the seal is written.
   */
  boolean isTakingSnapshot() {
    return isTakingSnapshot;
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    long began = System.nanoTime();
    isTakingSnapshot = true;
    try {
      shard.sealAll();
      SnapshotFiles.write(storage, last, snapshotContent(last, new TreeMap<>(producerSequences)));
    } finally {
      isTakingSnapshot = false;
    }
    snapshotIndex = last.getIndex();
    rowsSinceSnapshot.set(0);
    bytesSinceSnapshot.set(0);
    log.info(
        "Took snapshot of shard group[{}] at term[{}] index[{}] in {} ms",
        getGroupId(),
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
    ByteBuffer in = SnapshotFiles.read(snapshot);
    try {
      int version = in.get() & 0xFF;
      if (version != SNAPSHOT_VERSION) {
        throw SnapshotFiles.corrupt(file, "unknown version[" + version + "]");
      }
      TermIndex last = TermIndex.valueOf(in.getLong(), in.getLong());
      if (!last.equals(snapshot.getTermIndex())) {
        throw SnapshotFiles.corrupt(file, "content term/index differs from its name");
      }
      int count = in.getInt();
      Map<String, Long> sequences = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        byte[] producer = new byte[in.getShort() & 0xFFFF];
        in.get(producer);
        sequences.put(new String(producer, StandardCharsets.UTF_8), in.getLong());
      }
      if (in.hasRemaining()) {
        throw SnapshotFiles.corrupt(file, "leftover bytes[" + in.remaining() + "]");
      }
      producerSequences.clear();
      producerSequences.putAll(sequences);
      setLastAppliedTermIndex(last);
      snapshotIndex = last.getIndex();
      log.info(
          "Loaded snapshot of shard group[{}] at term[{}] index[{}] with producers[{}]",
          getGroupId(),
          last.getTerm(),
          last.getIndex(),
          sequences.size());
    } catch (BufferUnderflowException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Snapshot file[" + file + "] is truncated", e);
    }
  }

  @Override
  public void close() throws IOException {
    super.close();
    shard.close();
  }

  /** This state machine's shard, for reads. */
  Shard shard() {
    return shard;
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

  /** Bytes of batch log entries applied since the latest snapshot. */
  long bytesSinceSnapshot() {
    return bytesSinceSnapshot.get();
  }

  /** Nanoseconds since the first row after the latest snapshot was applied, or 0 without one. */
  long unsealedAgeNanos() {
    return rowsSinceSnapshot.get() == 0 ? 0 : System.nanoTime() - firstRowSinceSnapshotNanos;
  }
}
