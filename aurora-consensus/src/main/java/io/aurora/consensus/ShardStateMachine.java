package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.ratis.proto.RaftProtos;
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
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
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
 * The snapshot file holds the last applied term/index, the producers' sequences, the staged
 * transactions and the recent decisions (see {@code snapshotContent}), with a CRC32C. The shard's
 * segment files (staged ones included) and its schema file are the rest of the snapshot and live in
 * the shard's own directory.
 *
 * <h2>Installing a peer's snapshot</h2>
 *
 * A replica that fell behind its leader's log (the leader purged entries it still needs) copies a
 * whole snapshot from the leader's node instead: Ratis' own transfer is off, since it would send
 * the snapshot file without the segment files. The copy is {@link #exportFiles}' layout and goes
 * into {@code <shard>/install}:
 *
 * <pre>
 * notifyInstallSnapshotFromLeader (async):  copy snapshot/, schema, segments/ into install/
 *                                           check the snapshot file; write install/COMPLETE
 * reinitialize (Ratis paused the applies):  segments/ := install/segments   (Shard.replaceFiles)
 *                                           schema := install/schema; this replica's own snapshot
 *                                           files deleted, the copy's moved into sm/
 *                                           delete install/; load the snapshot; Ratis replays the
 *                                           leader's log after it
 * initialize (a restart):                   a COMPLETE install/ is finished as above first; an
 *                                           incomplete one is deleted
 * </pre>
 *
 * Every step of the install is repeatable, so a crash anywhere in it finishes it at the next start.
 *
 * <h2>Transactions</h2>
 *
 * A write larger than one entry, or one that spans shards, is staged and then committed or aborted
 * through {@link TransactionCodec} entries; see {@link #applyTransactionEntry} and {@link
 * ReplicatedWriteTransaction}.
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
  private static final int SNAPSHOT_VERSION = 4;

  /**
   * How long a shard remembers how a transaction ended, by the writers' clocks: long enough for
   * every participant to resolve a transaction whose writer vanished between the decision and its
   * commit on them (see {@link ReplicatedWriteTransaction}).
   */
  static final long DECISION_RETENTION_MILLIS = Duration.ofHours(6).toMillis();

  private static final int SCHEMA_FILE_VERSION = 1;
  private static final byte[] ADD_COLUMN_MAGIC = {'A', 'U', 'R', 'K'};

  /** The first byte of a read-only query for a transaction's outcome (never starts a producer). */
  static final byte DECISION_QUERY = 0;

  private static final int ADD_COLUMN_VERSION = 1;

  // Snapshot copies of all shards of this process, two at a time: a node that was down long has
  // many shards to copy, and each copy reads a peer's disk and network.
  private static final ExecutorService SNAPSHOT_COPIES =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread = new Thread(runnable, "aurora-snapshot-copy");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Copies the snapshot of a shard from the node of one of its peers into a directory, in {@link
   * #exportFiles}' layout (see the class documentation); fails with an {@link AuroraException} when
   * it cannot.
   */
  interface SnapshotCopier {
    void copy(UUID groupId, String peerId, long minIndex, Path directory);
  }

  private static final String INSTALL_DIRECTORY = "install";
  private static final String INSTALL_COMPLETE = "COMPLETE";
  private static final String SNAPSHOT_DIRECTORY = "snapshot";
  private static final String SEGMENTS_DIRECTORY = "segments";

  private final Shard shard;
  private final TableSchema createdSchema;
  private final @Nullable Path schemaFile;
  private final @Nullable SnapshotCopier copier;
  private final SnapshotStorage storage = new SnapshotStorage();
  private final Map<String, Long> producerSequences = new ConcurrentHashMap<>();
  // Transactions with staged rows on this shard, and how recent transactions ended; written on the
  // apply thread, read by the resolver and by queries.
  private final Map<String, StagedTransaction> staged = new ConcurrentHashMap<>();
  private final Decisions decisions = new Decisions();
  private final AtomicLong batchesApplied = new AtomicLong();
  private final AtomicLong deletesApplied = new AtomicLong();
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
    this(shard, schema, schemaFile, null);
  }

  /**
   * A state machine as above that, when it falls behind its leader's log, copies the leader's
   * snapshot with {@code copier} (see the class documentation). The shard's files are in {@code
   * segments} beside {@code schemaFile}.
   */
  ShardStateMachine(
      Shard shard, TableSchema schema, @Nullable Path schemaFile, @Nullable SnapshotCopier copier) {
    this.shard = requireNonNull(shard, "shard is null");
    this.createdSchema = requireNonNull(schema, "schema is null");
    this.schemaFile = schemaFile;
    this.copier = schemaFile == null ? null : copier;
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
    if (finishInstall()) {
      log.info("Finished installing a copied snapshot of shard group[{}] at start", groupId);
      loadSnapshot(storage.reloadLatestSnapshot());
    } else {
      loadSnapshot(storage.loadLatestSnapshot());
    }
    getLifeCycle().transition(LifeCycle.State.STARTING);
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  /** Ratis pauses the applies before {@link #reinitialize} installs a copied snapshot. */
  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /**
   * Installs the snapshot that {@link #notifyInstallSnapshotFromLeader} copied, on the apply thread
   * while Ratis holds the applies (see the class documentation), and loads it.
   */
  @Override
  public void reinitialize() throws IOException {
    boolean installed = finishInstall();
    loadSnapshot(installed ? storage.reloadLatestSnapshot() : storage.loadLatestSnapshot());
    rowsSinceSnapshot.set(0);
    bytesSinceSnapshot.set(0);
    if (installed) {
      isStranded = false;
      log.info(
          "Installed the copied snapshot of shard group[{}] at index[{}]: {} rows; the log after"
              + " it follows",
          getGroupId(),
          snapshotIndex,
          shard.rowCount());
    }
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  /**
   * Ratis' snapshot storage, which keeps the newest snapshot it has seen and takes a newer one
   * only: after a copied snapshot replaced this replica's own (whose index may be the same or
   * higher), {@link #reloadLatestSnapshot} makes it forget them and read the directory again.
   */
  private static final class SnapshotStorage extends SimpleStateMachineStorage {
    private final java.util.concurrent.atomic.AtomicReference<SingleFileSnapshotInfo> latest =
        new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean isReplacing;

    @Override
    public SingleFileSnapshotInfo updateLatestSnapshot(SingleFileSnapshotInfo info) {
      return latest.updateAndGet(
          previous ->
              previous == null || isReplacing || info.getIndex() > previous.getIndex()
                  ? info
                  : previous);
    }

    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
      SingleFileSnapshotInfo known = latest.get();
      return known != null ? known : loadLatestSnapshot();
    }

    /** The newest snapshot in the directory now, whatever was known before. */
    @Nullable SingleFileSnapshotInfo reloadLatestSnapshot() {
      isReplacing = true;
      try {
        latest.set(null);
        return loadLatestSnapshot();
      } finally {
        isReplacing = false;
      }
    }
  }

  private @Nullable Path installDirectory() {
    return schemaFile == null ? null : schemaFile.resolveSibling(INSTALL_DIRECTORY);
  }

  /**
   * Moves a completely copied snapshot in {@code install/} into place (see the class documentation)
   * and returns true, or deletes an incomplete copy and returns false. Repeatable: after a crash
   * part-way, the next call does the rest.
   */
  private boolean finishInstall() throws IOException {
    Path install = installDirectory();
    if (install == null || !Files.exists(install)) {
      return false;
    }
    if (!Files.exists(install.resolve(INSTALL_COMPLETE))) {
      log.info("Deleting an incomplete snapshot copy of shard group[{}]", getGroupId());
      Directories.deleteRecursively(install);
      return false;
    }
    Path schema = install.resolve(SCHEMA_FILE);
    List<ColumnSchema> columns =
        Files.exists(schema) ? readSchemaFile(schema).columns() : shard.columns();
    Path segments = install.resolve(SEGMENTS_DIRECTORY);
    if (Files.exists(segments)) {
      shard.replaceFiles(segments, columns);
    }
    if (Files.exists(schema)) {
      Files.move(
          schema,
          requireNonNull(schemaFile),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    Path snapshots = install.resolve(SNAPSHOT_DIRECTORY);
    List<Path> copied = List.of();
    if (Files.exists(snapshots)) {
      try (Stream<Path> files = Files.list(snapshots)) {
        copied = files.toList();
      }
    }
    for (Path file : copied) {
      TermIndex termIndex = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
      File target = storage.getSnapshotFile(termIndex.getTerm(), termIndex.getIndex());
      // This replica's own snapshots describe the files just replaced: none may be loaded again,
      // even one at a later index than the copy's.
      Path stateMachineDirectory = target.toPath().getParent();
      try (Stream<Path> own = Files.list(stateMachineDirectory)) {
        for (Path snapshot : own.toList()) {
          String name = snapshot.getFileName().toString();
          if (SimpleStateMachineStorage.SNAPSHOT_REGEX.matcher(name).matches()
              || SimpleStateMachineStorage.SNAPSHOT_MD5_REGEX.matcher(name).matches()) {
            Files.delete(snapshot);
          }
        }
      }
      Files.move(
          file,
          target.toPath(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      MD5FileUtil.computeAndSaveMd5ForFile(target);
      Directories.sync(stateMachineDirectory);
    }
    Directories.deleteRecursively(install);
    return true;
  }

  /**
   * Hard-links this replica's newest snapshot into {@code target}, in the layout an installing
   * replica copies ({@code snapshot/snapshot.TERM_INDEX}, {@code schema}, {@code segments/...}),
   * while no file of the shard changes ({@link Shard#whileFilesSettled}): the files are exactly
   * what a restart from that snapshot would load. Returns the files' paths relative to {@code
   * target}, {@code /}-separated, and fails with UNAVAILABLE when the newest snapshot is older than
   * {@code minIndex} (take one first).
   */
  List<String> exportFiles(Path target, long minIndex) {
    if (schemaFile == null) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE, "Shard group[" + getGroupId() + "] keeps no files to export");
    }
    List<String> files = new ArrayList<>();
    shard.whileFilesSettled(
        () -> {
          try {
            // Chosen while compaction is held: every merged segment on disk was merged under a
            // limit that this snapshot (or an older one) set, so it holds no row the log replays.
            SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
            if (latest == null || latest.getIndex() < minIndex) {
              throw new AuroraException(
                  ErrorCode.UNAVAILABLE,
                  "Shard group["
                      + getGroupId()
                      + "] has no snapshot at index["
                      + minIndex
                      + "] or later");
            }
            Path snapshot = latest.getFile().getPath();
            Directories.link(
                snapshot,
                target.resolve(SNAPSHOT_DIRECTORY).resolve(snapshot.getFileName().toString()));
            files.add(SNAPSHOT_DIRECTORY + "/" + snapshot.getFileName());
            for (Path file :
                Directories.linkTree(shard.directory(), target.resolve(SEGMENTS_DIRECTORY))) {
              files.add(
                  SEGMENTS_DIRECTORY + "/" + file.toString().replace(File.separatorChar, '/'));
            }
          } catch (IOException e) {
            throw new AuroraException(
                ErrorCode.IO_ERROR,
                "Exporting shard group[" + getGroupId() + "] failed: " + e.getMessage(),
                e);
          }
        });
    try {
      // The schema file may be ahead of the snapshot (added columns), never behind its segments.
      Directories.link(schemaFile, target.resolve(SCHEMA_FILE));
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Exporting the schema of shard group[" + getGroupId() + "] failed: " + e.getMessage(),
          e);
    }
    files.add(SCHEMA_FILE);
    return files;
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
    if (request.getContent().byteAt(0) == DECISION_QUERY) {
      String transaction = request.getContent().substring(1).toStringUtf8();
      byte[] reply = ByteBuffer.allocate(8).putLong(decisions.outcome(transaction)).array();
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }
    long sequence = producerSequence(request.getContent().toStringUtf8());
    byte[] reply = ByteBuffer.allocate(8).putLong(sequence).array();
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
  }

  /**
   * The leader no longer has the log entries this replica lacks (it purged them behind a snapshot)
   * and asks it to install a snapshot. A shard's snapshot is its segment files, which Ratis does
   * not transfer: this replica copies them from the leader's node with the {@link SnapshotCopier},
   * in the background, and completes the returned future with the copied snapshot's term and index
   * once the copy is whole; Ratis then pauses the applies and calls {@link #reinitialize}, which
   * moves the copy into place. Meanwhile the replica is {@link #isStranded() stranded}: reads on
   * this node go to another replica. A copy that fails is retried when the leader asks again, a
   * second or so later. Nodes of a cluster keep {@code consensus.log.kept-entries} log entries
   * behind every snapshot, so this takes a replica that was down while its group wrote more entries
   * than that (and while its leader restarted, forgetting how far the replica had come).
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RaftProtos.RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
    long applied = getLastAppliedTermIndex() == null ? -1 : getLastAppliedTermIndex().getIndex();
    Path install = installDirectory();
    if (copier == null || install == null) {
      if (!isStranded) {
        isStranded = true;
        log.error(
            "Shard replica of group[{}] applied up to index[{}] but the leader's log now starts at"
                + " index[{}], and this replica cannot copy a snapshot: reads on this node use"
                + " other replicas",
            getGroupId(),
            applied,
            firstTermIndexInLog.getIndex());
      }
      return new CompletableFuture<>();
    }
    isStranded = true;
    if (!roleInfo.getFollowerInfo().hasLeaderInfo()) {
      log.warn(
          "Shard replica of group[{}] applied up to index[{}] must copy a snapshot, but its leader"
              + " is unknown; trying again when the leader asks",
          getGroupId(),
          applied);
      return failLater(new IOException("the leader of group " + getGroupId() + " is unknown"));
    }
    String leader = roleInfo.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8();
    long minIndex = firstTermIndexInLog.getIndex() - 1;
    log.warn(
        "Shard replica of group[{}] applied up to index[{}] but the leader's log now starts at"
            + " index[{}]: copying a snapshot from leader[{}]; reads on this node use other"
            + " replicas meanwhile",
        getGroupId(),
        applied,
        firstTermIndexInLog.getIndex(),
        leader);
    return CompletableFuture.supplyAsync(
        () -> {
          long began = System.nanoTime();
          try {
            Directories.deleteRecursively(install);
            Files.createDirectories(install.resolve(SEGMENTS_DIRECTORY));
            copier.copy(getGroupId().getUuid(), leader, minIndex, install);
            TermIndex copied = checkCopiedSnapshot(install, minIndex);
            Files.write(install.resolve(INSTALL_COMPLETE), new byte[0]);
            Directories.sync(install);
            log.info(
                "Copied the snapshot of shard group[{}] at index[{}] from leader[{}] in {} ms",
                getGroupId(),
                copied.getIndex(),
                leader,
                (System.nanoTime() - began) / 1_000_000);
            return copied;
          } catch (IOException | RuntimeException e) {
            log.warn(
                "Copying the snapshot of shard group[{}] from leader[{}] failed; trying again"
                    + " when the leader asks: {}",
                getGroupId(),
                leader,
                e.toString());
            pauseBeforeRetry();
            throw new java.util.concurrent.CompletionException(e);
          }
        },
        SNAPSHOT_COPIES);
  }

  /**
   * Deletes a whole copied snapshot that was never installed (the replica caught up from a later
   * leader's log instead) once this replica's own snapshot at {@code index} covers it: a restart
   * would otherwise install the older copy and replay a log that may no longer reach back to it.
   */
  private void dropSupersededCopy(long index) throws IOException {
    Path install = installDirectory();
    if (install == null
        || !Files.exists(install.resolve(INSTALL_COMPLETE))
        || !Files.exists(install.resolve(SNAPSHOT_DIRECTORY))) {
      return;
    }
    List<Path> snapshots;
    try (Stream<Path> files = Files.list(install.resolve(SNAPSHOT_DIRECTORY))) {
      snapshots = files.toList();
    }
    for (Path file : snapshots) {
      long copied =
          SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile()).getIndex();
      if (copied <= index) {
        log.info(
            "Deleting the copied snapshot of shard group[{}] at index[{}]: this replica's own"
                + " snapshot at index[{}] is newer",
            getGroupId(),
            copied,
            index);
        Directories.deleteRecursively(install);
        return;
      }
    }
  }

  /**
   * The term and index of the snapshot file copied into {@code install}, after checking its
   * checksums and that it is at {@code minIndex} or later.
   */
  private static TermIndex checkCopiedSnapshot(Path install, long minIndex) throws IOException {
    List<Path> snapshots;
    try (Stream<Path> files = Files.list(install.resolve(SNAPSHOT_DIRECTORY))) {
      snapshots = files.toList();
    }
    if (snapshots.size() != 1) {
      throw new IOException("the copy holds " + snapshots.size() + " snapshot files, not one");
    }
    Path file = snapshots.get(0);
    TermIndex termIndex = SimpleStateMachineStorage.getTermIndexFromSnapshotFile(file.toFile());
    if (termIndex.getIndex() < minIndex) {
      throw new IOException(
          "the copied snapshot is at index " + termIndex.getIndex() + ", before " + minIndex);
    }
    SnapshotFiles.read(new SingleFileSnapshotInfo(new FileInfo(file, null), termIndex));
    return termIndex;
  }

  private static CompletableFuture<TermIndex> failLater(Exception failure) {
    return CompletableFuture.supplyAsync(
        () -> {
          pauseBeforeRetry();
          throw new java.util.concurrent.CompletionException(failure);
        },
        SNAPSHOT_COPIES);
  }

  // Ratis asks again on its next heartbeat after a failed install: wait a little first.
  private static void pauseBeforeRetry() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
      if (isAddColumn(buffer)) {
        reply = addColumn(data.toByteArray());
      } else if (TransactionCodec.isTransaction(buffer)) {
        reply = applyTransactionEntry(buffer);
      } else if (DeleteCodec.isDelete(buffer)) {
        reply = applyDelete(buffer);
      } else {
        reply = apply(buffer);
      }
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
        shard.append(shard.padToColumns(page));
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
   * Applies a {@link DeleteCodec} entry: deletes the matching visible rows ({@link Shard#delete});
   * the reply's value is how many. A predicate the shard cannot evaluate (a column dropped
   * meanwhile, a value of the wrong type) rejects the entry and changes nothing, on every replica
   * alike.
   */
  private Message applyDelete(ByteBuffer data) {
    try {
      long rows = shard.delete(DeleteCodec.decode(data));
      deletesApplied.incrementAndGet();
      return reply(StateMachineReply.APPLIED, rows, null);
    } catch (AuroraException e) {
      if (e.errorCode().category() == ErrorCategory.USER
          || e.errorCode() == ErrorCode.DATA_CORRUPTED) {
        return reply(StateMachineReply.REJECTED, 0, e);
      }
      throw e;
    }
  }

  /**
   * Applies a {@link TransactionCodec} entry. STAGE keeps a batch's rows invisible in the shard
   * ({@link Shard#stage}) under the transaction; COMMIT makes them visible in one step; ABORT drops
   * them. Each shard remembers how a transaction ended ({@link Decisions}): a STAGE for an ended
   * transaction is rejected (its writer was too slow and recovery aborted it), and the first of
   * COMMIT and ABORT wins, later ones change nothing. Only the coordinator's log decides; the other
   * shards receive COMMIT only after the coordinator applied one, and ABORT only before or instead.
   *
   * <p>The reply's value: STAGE, the rows staged; COMMIT and ABORT, the transaction's outcome on
   * this shard: the rows it made visible (0 or more) when committed, -1 when aborted; the status is
   * UNCHANGED when the transaction had ended before.
   */
  private Message applyTransactionEntry(ByteBuffer data) {
    int entryBytes = data.remaining();
    TransactionCodec.Entry entry;
    try {
      entry = TransactionCodec.decode(data);
    } catch (AuroraException e) {
      return reply(StateMachineReply.REJECTED, 0, e);
    }
    String tx = entry.transaction();
    Boolean ended = decisions.isCommitted(tx);
    switch (entry.op()) {
      case STAGE, STAGE_PRODUCER, STAGE_DELETE -> {
        if (ended != null) {
          return alreadyEnded(tx, ended);
        }
        if (entry.op() == TransactionCodec.Op.STAGE_DELETE) {
          ByteBuffer payload = requireNonNull(entry.batch());
          try {
            // Checked now, so that the commit, decided elsewhere, cannot fail here.
            shard.checkDelete(DeleteCodec.decode(payload.duplicate()));
          } catch (AuroraException e) {
            if (e.errorCode().category() == ErrorCategory.USER
                || e.errorCode() == ErrorCode.DATA_CORRUPTED) {
              return reply(StateMachineReply.REJECTED, 0, e);
            }
            throw e;
          }
          byte[] delete = new byte[payload.remaining()];
          payload.duplicate().get(delete);
          StagedTransaction transaction =
              staged.computeIfAbsent(tx, key -> new StagedTransaction(entry.coordinator()));
          transaction.deletes.add(delete);
          transaction.lastActivityNanos = System.nanoTime();
          deletesApplied.incrementAndGet();
          return reply(StateMachineReply.APPLIED, 0, null);
        }
        BatchCodec.Batch batch;
        try {
          batch = BatchCodec.decode(requireNonNull(entry.batch()));
          Page page = shard.padToColumns(batch.page());
          shard.stage(tx, page);
        } catch (AuroraException e) {
          if (e.errorCode().category() == ErrorCategory.USER
              || e.errorCode() == ErrorCode.DATA_CORRUPTED) {
            return reply(StateMachineReply.REJECTED, 0, e);
          }
          throw e;
        }
        StagedTransaction transaction =
            staged.computeIfAbsent(tx, key -> new StagedTransaction(entry.coordinator()));
        if (entry.op() == TransactionCodec.Op.STAGE_PRODUCER) {
          transaction.producer = batch.producerId();
          transaction.sequence = batch.sequence();
        }
        int rows = batch.page().rowCount();
        transaction.rows += rows;
        transaction.lastActivityNanos = System.nanoTime();
        if (rows > 0 && rowsSinceSnapshot.getAndAdd(rows) == 0) {
          firstRowSinceSnapshotNanos = System.nanoTime();
        }
        bytesSinceSnapshot.addAndGet(entryBytes);
        return reply(StateMachineReply.APPLIED, rows, null);
      }
      case TOUCH -> {
        if (ended != null && !ended) {
          return alreadyEnded(tx, false);
        }
        StagedTransaction transaction = staged.get(tx);
        if (transaction != null) {
          transaction.lastActivityNanos = System.nanoTime();
        }
        return reply(StateMachineReply.APPLIED, 0, null);
      }
      case COMMIT -> {
        if (ended != null) {
          // A second COMMIT (the writer's and the resolver's may race): the same count as the
          // first, so that a writer whose COMMIT lost the race still learns what changed here.
          return reply(StateMachineReply.UNCHANGED, ended ? decisions.changedRows(tx) : -1, null);
        }
        StagedTransaction transaction = staged.remove(tx);
        long deleted = 0;
        if (transaction != null) {
          for (byte[] delete : transaction.deletes) {
            deleted += deleteCommitted(tx, delete);
          }
        }
        long rows;
        if (transaction != null
            && transaction.producer != null
            && transaction.sequence <= producerSequence(transaction.producer)) {
          // A retried producer batch that another transaction already applied here.
          shard.abortStaged(tx);
          rows = 0;
        } else {
          rows = shard.commitStaged(tx);
          if (transaction != null && transaction.producer != null) {
            producerSequences.put(transaction.producer, transaction.sequence);
          }
          batchesApplied.incrementAndGet();
        }
        decisions.record(tx, true, entry.timeMillis(), rows + deleted);
        return reply(StateMachineReply.APPLIED, rows + deleted, null);
      }
      case ABORT -> {
        if (ended != null) {
          return reply(StateMachineReply.UNCHANGED, ended ? decisions.changedRows(tx) : -1, null);
        }
        staged.remove(tx);
        long rows = shard.abortStaged(tx);
        decisions.record(tx, false, entry.timeMillis(), 0);
        if (rows > 0) {
          log.info(
              "Rolled back transaction[{}] on shard group[{}]: {} staged rows dropped",
              tx,
              getGroupId().getUuid(),
              rows);
        }
        return reply(StateMachineReply.APPLIED, -1, null);
      }
    }
    throw new AssertionError(entry.op());
  }

  /** The refusal of an entry that would add to a transaction that has ended on this shard. */
  private Message alreadyEnded(String tx, boolean isCommitted) {
    return reply(
        StateMachineReply.REJECTED,
        0,
        new AuroraException(
            ErrorCode.TRANSACTION_ROLLBACK,
            "Transaction["
                + tx
                + "] has already ended ("
                + (isCommitted ? "committed" : "rolled back")
                + ") on shard group["
                + getGroupId().getUuid()
                + "]"));
  }

  /**
   * Applies a committed transaction's staged DELETE. Its predicates were checked when it was
   * staged; should the shard refuse them now all the same (a column dropped since), every replica
   * refuses alike and the rest of the commit goes on.
   */
  private long deleteCommitted(String tx, byte[] delete) {
    try {
      return shard.delete(DeleteCodec.decode(ByteBuffer.wrap(delete)));
    } catch (AuroraException e) {
      if (e.errorCode().category() != ErrorCategory.USER
          && e.errorCode() != ErrorCode.DATA_CORRUPTED) {
        throw e;
      }
      log.warn(
          "Committed transaction[{}] on shard group[{}] deleted nothing: {}",
          tx,
          getGroupId().getUuid(),
          e.getMessage());
      return 0;
    }
  }

  /** The transactions with rows staged on this replica now, for the resolver. */
  List<StagedInfo> stagedTransactions() {
    List<StagedInfo> infos = new ArrayList<>();
    long now = System.nanoTime();
    for (Map.Entry<String, StagedTransaction> entry : staged.entrySet()) {
      StagedTransaction transaction = entry.getValue();
      infos.add(
          new StagedInfo(
              entry.getKey(),
              transaction.coordinator,
              transaction.rows,
              now - transaction.lastActivityNanos));
    }
    return infos;
  }

  /** How a transaction ended on this shard: 1 committed, 0 rolled back, -1 unknown (or open). */
  long transactionOutcome(String transaction) {
    return decisions.outcome(transaction);
  }

  /** A transaction staged here, as the resolver sees it. */
  record StagedInfo(String transaction, UUID coordinator, long rows, long idleNanos) {}

  /** The staged part of a transaction on this shard. */
  private static final class StagedTransaction {
    private final UUID coordinator;
    private @Nullable String producer;
    private long sequence;
    private long rows;
    // Staged DELETE entries (DeleteCodec), applied in order at commit before the rows.
    private final List<byte[]> deletes = new ArrayList<>();
    // When this replica last staged a batch of it (or loaded it): the resolver's idle clock.
    private volatile long lastActivityNanos = System.nanoTime();

    StagedTransaction(UUID coordinator) {
      this.coordinator = coordinator;
    }
  }

  /**
   * How recent transactions ended, in the order their decisions were applied, forgotten once older
   * than {@link #DECISION_RETENTION_MILLIS} by the clock of the entries that decide later ones, so
   * every replica forgets the same ones.
   */
  private static final class Decisions {
    private final LinkedHashMap<String, long[]> ended = new LinkedHashMap<>();

    synchronized @Nullable Boolean isCommitted(String transaction) {
      long[] decision = ended.get(transaction);
      return decision == null ? null : decision[0] == 1;
    }

    synchronized long outcome(String transaction) {
      long[] decision = ended.get(transaction);
      return decision == null ? -1 : decision[0];
    }

    /**
     * The rows a committed transaction changed here (made visible plus deleted), as its first
     * COMMIT replied; 0 when unknown (decisions loaded from a snapshot do not keep it).
     */
    synchronized long changedRows(String transaction) {
      long[] decision = ended.get(transaction);
      return decision == null || decision.length < 3 ? 0 : decision[2];
    }

    synchronized void record(
        String transaction, boolean isCommitted, long timeMillis, long changedRows) {
      ended.put(transaction, new long[] {isCommitted ? 1 : 0, timeMillis, changedRows});
      long cutoff = timeMillis - DECISION_RETENTION_MILLIS;
      Iterator<long[]> oldest = ended.values().iterator();
      while (oldest.hasNext()) {
        if (oldest.next()[1] >= cutoff) {
          break;
        }
        oldest.remove();
      }
    }

    synchronized Map<String, long[]> copy() {
      return new LinkedHashMap<>(ended);
    }

    synchronized void replace(Map<String, long[]> decisions) {
      ended.clear();
      ended.putAll(decisions);
    }
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
      // Every row up to last.index is now in segments below this id; a restart from this snapshot
      // drops segments sealed at or above it (their rows are replayed) and keeps the others.
      long sealedBelow = shard.nextSegmentId();
      SnapshotFiles.write(
          storage, last, snapshotContent(last, new TreeMap<>(producerSequences), sealedBelow));
      shard.limitCompactionTo(sealedBelow);
    } finally {
      isTakingSnapshot = false;
    }
    snapshotIndex = last.getIndex();
    rowsSinceSnapshot.set(0);
    bytesSinceSnapshot.set(0);
    dropSupersededCopy(last.getIndex());
    shard.work().snapshotTaken(System.nanoTime() - began);
    log.info(
        "Took snapshot of shard group[{}] at term[{}] index[{}] in {} ms",
        getGroupId(),
        last.getTerm(),
        last.getIndex(),
        (System.nanoTime() - began) / 1_000_000);
    return last.getIndex();
  }

  /**
   * The snapshot file's content (big-endian, version 4): {@code version:u8 term:i64 index:i64
   * producerCount:i32 (producer:utf16len sequence:i64)* stagedCount:i32 (tx coordinator:uuid
   * hasProducer:u8 [producer sequence:i64] rows:i64 segmentCount:i32 segmentId:i64* deleteCount:i32
   * (length:i32 delete:byte[length])*)* decisionCount:i32 (tx committed:u8 time:i64)*
   * sealedBelow:i64}, strings as a u16 length and UTF-8. {@code sealedBelow} is the shard's next
   * segment id right after this snapshot sealed: segments sealed at or above it hold rows after the
   * snapshot, which the log replays, so loading drops them (a crash between a seal and its snapshot
   * file would otherwise count those rows twice). Versions 1 (no transactions, no decisions), 2 (no
   * {@code sealedBelow}) and 3 (no staged deletes) are still read. The staged rows are in the
   * shard's {@code staged-} directories, sealed just before; the ids say which files belong to this
   * snapshot.
   */
  private byte[] snapshotContent(TermIndex last, Map<String, Long> sequences, long sealedBelow) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(SNAPSHOT_VERSION);
      out.writeLong(last.getTerm());
      out.writeLong(last.getIndex());
      out.writeInt(sequences.size());
      for (Map.Entry<String, Long> entry : sequences.entrySet()) {
        writeString(out, entry.getKey());
        out.writeLong(entry.getValue());
      }
      Map<String, StagedTransaction> transactions = new TreeMap<>(staged);
      out.writeInt(transactions.size());
      for (Map.Entry<String, StagedTransaction> entry : transactions.entrySet()) {
        StagedTransaction transaction = entry.getValue();
        writeString(out, entry.getKey());
        out.writeLong(transaction.coordinator.getMostSignificantBits());
        out.writeLong(transaction.coordinator.getLeastSignificantBits());
        out.writeBoolean(transaction.producer != null);
        if (transaction.producer != null) {
          writeString(out, transaction.producer);
          out.writeLong(transaction.sequence);
        }
        out.writeLong(transaction.rows);
        List<Long> segments = shard.stagedSegmentIds(entry.getKey());
        out.writeInt(segments.size());
        for (long id : segments) {
          out.writeLong(id);
        }
        out.writeInt(transaction.deletes.size());
        for (byte[] delete : transaction.deletes) {
          out.writeInt(delete.length);
          out.write(delete);
        }
      }
      Map<String, long[]> ended = decisions.copy();
      out.writeInt(ended.size());
      for (Map.Entry<String, long[]> entry : ended.entrySet()) {
        writeString(out, entry.getKey());
        out.writeBoolean(entry.getValue()[0] == 1);
        out.writeLong(entry.getValue()[1]);
      }
      out.writeLong(sealedBelow);
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeShort(utf8.length);
    out.write(utf8);
  }

  private static String readString(ByteBuffer in) {
    byte[] utf8 = new byte[in.getShort() & 0xFFFF];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private void loadSnapshot(@Nullable SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      // Files sealed without a snapshot were sealed by one that did not complete (or by an added
      // column): the log, never purged without a snapshot, has all of their rows.
      shard.retainStaged(Map.of());
      shard.dropSegmentsSealedFrom(0);
      shard.limitCompactionTo(0);
      return;
    }
    Path file = snapshot.getFile().getPath();
    ByteBuffer in = SnapshotFiles.read(snapshot);
    try {
      int version = in.get() & 0xFF;
      if (version < 1 || version > SNAPSHOT_VERSION) {
        throw SnapshotFiles.corrupt(file, "unknown version[" + version + "]");
      }
      TermIndex last = TermIndex.valueOf(in.getLong(), in.getLong());
      if (!last.equals(snapshot.getTermIndex())) {
        throw SnapshotFiles.corrupt(file, "content term/index differs from its name");
      }
      int count = in.getInt();
      Map<String, Long> sequences = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        String producer = readString(in);
        sequences.put(producer, in.getLong());
      }
      Map<String, StagedTransaction> transactions = new TreeMap<>();
      Map<String, List<Long>> segments = new TreeMap<>();
      Map<String, long[]> ended = new LinkedHashMap<>();
      if (version >= 2) {
        int stagedCount = in.getInt();
        for (int i = 0; i < stagedCount; i++) {
          String tx = readString(in);
          StagedTransaction transaction =
              new StagedTransaction(new UUID(in.getLong(), in.getLong()));
          if (in.get() != 0) {
            transaction.producer = readString(in);
            transaction.sequence = in.getLong();
          }
          transaction.rows = in.getLong();
          List<Long> ids = new ArrayList<>();
          for (int n = in.getInt(); n > 0; n--) {
            ids.add(in.getLong());
          }
          if (version >= 4) {
            for (int n = in.getInt(); n > 0; n--) {
              int length = in.getInt();
              if (length < 0 || length > in.remaining()) {
                throw SnapshotFiles.corrupt(file, "staged delete length[" + length + "] is bad");
              }
              byte[] delete = new byte[length];
              in.get(delete);
              transaction.deletes.add(delete);
            }
          }
          transactions.put(tx, transaction);
          segments.put(tx, ids);
        }
        int decisionCount = in.getInt();
        for (int i = 0; i < decisionCount; i++) {
          String tx = readString(in);
          ended.put(tx, new long[] {in.get() != 0 ? 1 : 0, in.getLong()});
        }
      }
      long sealedBelow = version >= 3 ? in.getLong() : Long.MAX_VALUE;
      if (in.hasRemaining()) {
        throw SnapshotFiles.corrupt(file, "leftover bytes[" + in.remaining() + "]");
      }
      producerSequences.clear();
      producerSequences.putAll(sequences);
      staged.clear();
      staged.putAll(transactions);
      decisions.replace(ended);
      shard.retainStaged(segments);
      if (sealedBelow != Long.MAX_VALUE) {
        shard.dropSegmentsSealedFrom(sealedBelow);
      }
      shard.limitCompactionTo(sealedBelow);
      setLastAppliedTermIndex(last);
      snapshotIndex = last.getIndex();
      log.info(
          "Loaded snapshot of shard group[{}] at term[{}] index[{}] with producers[{}] staged"
              + " transactions[{}]",
          getGroupId(),
          last.getTerm(),
          last.getIndex(),
          sequences.size(),
          transactions.size());
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

  /** DELETE entries (plain or staged) this replica applied or staged since it was created. */
  long deletesApplied() {
    return deletesApplied.get();
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
