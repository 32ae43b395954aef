package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestShardGroup {
  private static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              ColumnSchema.of("name", DataType.VARCHAR)));
  private static final StorageConfig STORAGE = StorageConfig.DEFAULT.withBlockCacheBytes(0);
  // Small log segments so that a snapshot leaves closed segments behind it to purge.
  private static final ConsensusConfig CONSENSUS =
      ConsensusConfig.DEFAULT.withLogSegmentBytes(64 << 10);

  private static final UUID GROUP = ShardPlacement.groupId(1, 0);

  @TempDir Path directory;

  @Test
  void splitsABatchTooLargeForOneLogEntryAndRefusesAProducerBatchThatIs() {
    // Random 120-character names do not compress: 40,000 rows encode to about 5 MB, more than
    // one Raft log entry takes.
    int rows = 40_000;
    Page wide = wideBatch(rows);
    try (Started started = start()) {
      ShardGroup replica = started.group();
      AuroraException refused =
          catchThrowableOfType(AuroraException.class, () -> replica.append(wide, "producer-a", 1));
      assertThat(refused.errorCode()).isEqualTo(ErrorCode.PROGRAM_LIMIT_EXCEEDED);
      assertThat(refused.getMessage()).contains("send smaller batches");
      assertThat(ids(replica)).isEmpty();

      AppendResult result = replica.append(wide);
      assertThat(result.rowsApplied()).isEqualTo(rows);
      assertThat(replica.batchesAppliedSinceStart()).isGreaterThan(1);
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(ids(0, rows));
    }
    try (Started started = start()) {
      // Every piece comes back from the log.
      assertThat(ids(started.group())).containsExactlyInAnyOrderElementsOf(ids(0, rows));
    }
  }

  private static Page wideBatch(int rows) {
    long[] ids = new long[rows];
    String[] names = new String[rows];
    Random random = new Random(7);
    char[] text = new char[120];
    for (int i = 0; i < rows; i++) {
      ids[i] = i;
      for (int c = 0; c < text.length; c++) {
        text[c] = (char) ('!' + random.nextInt(90));
      }
      names[i] = new String(text);
    }
    return Page.of(new LongBlock(rows, ids, null), VarcharBlock.of(names));
  }

  @Test
  void appliesBatchesOnceAndRecoversThemFromTheLogAndSnapshots() {
    List<Long> expected = new ArrayList<>();
    try (Started started = start()) {
      ShardGroup replica = started.group();
      for (int batch = 0; batch < 5; batch++) {
        AppendResult result = replica.append(batch(batch * 100L, 100), "producer-a", batch);
        assertThat(result.rowsApplied()).isEqualTo(100);
        assertThat(result.isDuplicate()).isFalse();
        expected.addAll(ids(batch * 100L, 100));
      }
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);

      AppendResult retry = replica.append(batch(400, 100), "producer-a", 4);
      assertThat(retry.isDuplicate()).isTrue();
      assertThat(retry.rowsApplied()).isZero();
      assertThat(replica.append(batch(9_000, 1), "producer-a", 2).isDuplicate()).isTrue();
      AppendResult other = replica.append(batch(500, 10), "producer-b", 0);
      assertThat(other.rowsApplied()).isEqualTo(10);
      expected.addAll(ids(500, 10));
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(replica.batchesAppliedSinceStart()).isEqualTo(6);
    }

    long snapshotIndex;
    try (Started started = start()) {
      ShardGroup replica = started.group();
      // No snapshot yet: every row comes back from the Raft log, and retries stay skipped.
      assertThat(replica.snapshotIndex()).isEqualTo(-1);
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(replica.batchesAppliedSinceStart()).isEqualTo(6);
      assertThat(replica.append(batch(400, 100), "producer-a", 4).isDuplicate()).isTrue();

      snapshotIndex = replica.takeSnapshot();
      assertThat(snapshotIndex).isPositive();
      assertThat(replica.snapshotIndex()).isEqualTo(snapshotIndex);
      assertThat(replica.shard().immutableSegmentCount()).isEqualTo(1);

      for (int batch = 0; batch < 3; batch++) {
        replica.append(batch(1_000 + batch * 50L, 50), "producer-b", 1 + batch);
        expected.addAll(ids(1_000 + batch * 50L, 50));
      }
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
    }

    try (Started started = start()) {
      ShardGroup replica = started.group();
      // Rows up to the snapshot come from the sealed segment, the rest from the log tail only.
      assertThat(replica.snapshotIndex()).isEqualTo(snapshotIndex);
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(replica.batchesAppliedSinceStart()).isEqualTo(3);
      assertThat(replica.firstAppliedIndexSinceStart()).isGreaterThan(snapshotIndex);
      // The producer sequences survived in the snapshot.
      assertThat(replica.append(batch(0, 100), "producer-a", 0).isDuplicate()).isTrue();
      assertThat(replica.append(batch(1_000, 50), "producer-b", 1).isDuplicate()).isTrue();
    }
  }

  @Test
  void purgesTheLogBehindASnapshot() throws InterruptedException {
    try (Started started = start()) {
      ShardGroup replica = started.group();
      for (int batch = 0; batch < 40; batch++) {
        replica.append(batch(batch * 1_000L, 1_000), "producer", batch);
      }
      assertThat(replica.logStartIndex()).isLessThanOrEqualTo(0);

      long snapshotIndex = replica.takeSnapshot();

      // Ratis purges closed log segments asynchronously after the snapshot.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (replica.logStartIndex() <= 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(replica.logStartIndex()).isPositive().isLessThanOrEqualTo(snapshotIndex + 1);
      assertThat(replica.shard().rowCount()).isEqualTo(40_000);
    }
    try (Started started = start()) {
      ShardGroup replica = started.group();
      assertThat(replica.shard().rowCount()).isEqualTo(40_000);
      assertThat(replica.batchesAppliedSinceStart()).isZero();
    }
  }

  @Test
  void appliesConcurrentProducersExactlyOnce() throws Exception {
    int producers = 4;
    int batches = 20;
    try (Started started = start()) {
      ShardGroup replica = started.group();
      ExecutorService executor = Executors.newFixedThreadPool(producers);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int producer = 0; producer < producers; producer++) {
          long base = producer * 1_000_000L;
          String name = "producer-" + producer;
          futures.add(
              executor.submit(
                  () -> {
                    for (int batch = 0; batch < batches; batch++) {
                      replica.append(batch(base + batch * 10L, 10), name, batch);
                      // Every other batch is retried, as after a lost acknowledgement.
                      if (batch % 2 == 0) {
                        replica.append(batch(base + batch * 10L, 10), name, batch);
                      }
                    }
                  }));
        }
        for (Future<?> future : futures) {
          future.get(30, TimeUnit.SECONDS);
        }
      } finally {
        executor.shutdownNow();
      }
      List<Long> expected = new ArrayList<>();
      for (int producer = 0; producer < producers; producer++) {
        expected.addAll(ids(producer * 1_000_000L, batches * 10));
      }
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(replica.batchesAppliedSinceStart()).isEqualTo((long) producers * batches);
    }
  }

  @Test
  void seedsAReplicaInAnEmptyDirectoryFromACopiedSnapshot(@TempDir Path empty) throws IOException {
    List<Long> expected = new ArrayList<>();
    long snapshotIndex;
    try (Started started = start()) {
      ShardGroup replica = started.group();
      for (int batch = 0; batch < 4; batch++) {
        replica.append(batch(batch * 100L, 100), "producer", batch);
        expected.addAll(ids(batch * 100L, 100));
      }
      snapshotIndex = replica.takeSnapshot();
    }
    try (RaftNode node = RaftNode.start(empty, "127.0.0.1", 0, STORAGE, CONSENSUS)) {
      // What a lagging follower needs from the leader: the sealed segments and schema of the
      // shard, the snapshot file with its .md5 (last applied index and producer sequences), and
      // Ratis' term metadata; no log segment. Without raft-meta, Ratis would format the group
      // directory and delete the snapshot with it.
      Path source = directory.resolve("raft").resolve(GROUP.toString());
      Path target = empty.resolve("raft").resolve(GROUP.toString());
      copyTree(
          directory.resolve("shards").resolve(GROUP.toString()),
          empty.resolve("shards").resolve(GROUP.toString()));
      copyTree(source.resolve("sm"), target.resolve("sm"));
      Files.createDirectories(target.resolve("current"));
      Files.copy(
          source.resolve("current").resolve("raft-meta"),
          target.resolve("current").resolve("raft-meta"));
      try (Stream<Path> log = Files.list(target.resolve("current"))) {
        assertThat(log).hasSize(1);
      }

      ShardGroup replica = node.createShardGroup(GROUP, SCHEMA, List.of(node.self()));
      assertThat(replica.snapshotIndex()).isEqualTo(snapshotIndex);
      assertThat(replica.batchesAppliedSinceStart()).isZero();
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      // The producer sequences came with the snapshot: a retry is still recognized.
      assertThat(replica.append(batch(0, 100), "producer", 3).isDuplicate()).isTrue();
      AppendResult next = replica.append(batch(400, 10), "producer", 4);
      assertThat(next.logIndex()).isGreaterThan(snapshotIndex);
      expected.addAll(ids(400, 10));
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
    }
    try (RaftNode node = RaftNode.start(empty, "127.0.0.1", 0, STORAGE, CONSENSUS)) {
      assertThat(ids(node.shardGroup(GROUP))).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void sealsThroughASnapshotWhenUnsealedRowsGetOld() {
    try (Started started = start(STORAGE.withSegmentMaxAge(Duration.ofNanos(1)))) {
      ShardGroup replica = started.group();
      replica.append(batch(0, 10), "producer", 0);
      awaitSnapshot(replica);
      assertThat(replica.snapshotIndex()).isPositive();
      assertThat(replica.shard().immutableSegmentCount()).isEqualTo(1);
    }
  }

  @Test
  void sealsThroughASnapshotWhenUnsealedBytesReachTheSegmentLimit() {
    StorageConfig storage =
        new StorageConfig(
            STORAGE.segmentMaxRows(),
            1,
            STORAGE.segmentMaxAge(),
            STORAGE.writeOptions(),
            STORAGE.compactionTargetRows(),
            STORAGE.compactionMinSegments(),
            STORAGE.maintenanceInterval(),
            STORAGE.blocksPerSplit(),
            STORAGE.blockCacheBytes());
    try (Started started = start(storage)) {
      ShardGroup replica = started.group();
      replica.append(batch(0, 10), "producer", 0);
      awaitSnapshot(replica);
      assertThat(replica.snapshotIndex()).isPositive();
      assertThat(replica.shard().immutableSegmentCount()).isEqualTo(1);
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
  }

  @Test
  void refusesToStartFromACorruptSnapshot() throws IOException {
    try (Started started = start()) {
      ShardGroup replica = started.group();
      replica.append(batch(0, 10), "producer", 0);
      replica.takeSnapshot();
    }
    Path snapshot;
    try (Stream<Path> files = Files.walk(directory.resolve("raft"))) {
      snapshot =
          files
              .filter(file -> file.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
              .findFirst()
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[3] ^= 1;
    Files.write(snapshot, bytes);

    assertThatThrownBy(this::start)
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining(GROUP.toString())
        .hasStackTraceContaining("is corrupt: checksum mismatch");
  }

  @Test
  void rejectsBatchesTheShardRejects() {
    try (Started started = start()) {
      ShardGroup replica = started.group();
      Page nullId =
          Page.of(new LongBlock(1, new long[] {0}, new boolean[] {true}), VarcharBlock.of("x"));
      assertThatThrownBy(() -> replica.append(nullId, "producer", 0))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
      assertThat(replica.shard().rowCount()).isZero();
      // A rejected batch does not consume its sequence number.
      assertThat(replica.append(batch(0, 3), "producer", 0).rowsApplied()).isEqualTo(3);
    }
  }

  @Test
  void sealsThroughASnapshotWhenUnsealedRowsReachTheSegmentLimit() {
    StorageConfig storage = STORAGE.withSegmentMaxRows(250);
    try (Started started = start(storage)) {
      ShardGroup replica = started.group();
      for (int batch = 0; batch < 3; batch++) {
        replica.append(batch(batch * 100L, 100), "producer", batch);
      }
      awaitSnapshot(replica);
      assertThat(replica.snapshotIndex()).isPositive();
      assertThat(replica.shard().immutableSegmentCount()).isEqualTo(1);
    }
  }

  @Test
  void appliesEachBatchOfAGroupEntryOnceWithItsOwnReply() throws Exception {
    try (Started started = start()) {
      ShardGroup replica = started.group();
      replica.append(batch(0, 5), "producer-a", 1);
      Page nullId =
          Page.of(new LongBlock(1, new long[] {0}, new boolean[] {true}), VarcharBlock.of("x"));
      byte[] entry =
          BatchCodec.encodeGroup(
              List.of(
                  member("producer-a", 1, batch(0, 5)), // a retry of the batch applied above
                  member("producer-a", 2, batch(100, 3)),
                  member("producer-b", 7, batch(200, 4)),
                  member("producer-b", 7, batch(200, 4)), // a retry inside the same entry
                  member("producer-c", 1, nullId), // rejected by the shard
                  member("producer-a", 3, batch(300, 2))));

      List<byte[]> replies = submitGroup(started.node(), entry);

      assertThat(replies).hasSize(6);
      List<StateMachineReply> accepted = new ArrayList<>();
      for (int i = 0; i < replies.size(); i++) {
        if (i == 4) {
          byte[] rejected = replies.get(i);
          assertThatThrownBy(() -> StateMachineReply.decode(rejected))
              .isInstanceOfSatisfying(
                  AuroraException.class,
                  e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_NULL_VIOLATION));
        } else {
          accepted.add(StateMachineReply.decode(replies.get(i)));
        }
      }
      assertThat(accepted)
          .containsExactly(
              new StateMachineReply(StateMachineReply.UNCHANGED, 0),
              new StateMachineReply(StateMachineReply.APPLIED, 3),
              new StateMachineReply(StateMachineReply.APPLIED, 4),
              new StateMachineReply(StateMachineReply.UNCHANGED, 0),
              new StateMachineReply(StateMachineReply.APPLIED, 2));
      List<Long> expected = new ArrayList<>(ids(0, 5));
      expected.addAll(ids(100, 3));
      expected.addAll(ids(200, 4));
      expected.addAll(ids(300, 2));
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      // The rejected batch did not consume producer-c's sequence; the others are deduplicated.
      assertThat(replica.append(batch(400, 1), "producer-c", 1).rowsApplied()).isEqualTo(1);
      assertThat(replica.append(batch(200, 4), "producer-b", 7).isDuplicate()).isTrue();
      assertThat(replica.append(batch(300, 2), "producer-a", 3).isDuplicate()).isTrue();
    }
    // Replaying the group entry from the log after a restart gives the same rows.
    try (Started started = start()) {
      assertThat(ids(started.group())).hasSize(5 + 3 + 4 + 2 + 1).doesNotHaveDuplicates();
    }
  }

  @Test
  void appliesConcurrentNodeProducerBatchesExactlyOnce() throws Exception {
    int threads = 8;
    int batches = 25;
    try (Started started = start()) {
      ShardGroup replica = started.group();
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      List<Future<List<AppendResult>>> futures = new ArrayList<>();
      try {
        for (int thread = 0; thread < threads; thread++) {
          long base = thread * 1_000_000L;
          futures.add(
              executor.submit(
                  () -> {
                    List<AppendResult> results = new ArrayList<>();
                    for (int batch = 0; batch < batches; batch++) {
                      results.add(replica.append(batch(base + batch * 10L, 10)));
                    }
                    return results;
                  }));
        }
        for (Future<List<AppendResult>> future : futures) {
          assertThat(future.get(60, TimeUnit.SECONDS))
              .allSatisfy(
                  result -> {
                    assertThat(result.rowsApplied()).isEqualTo(10);
                    assertThat(result.isDuplicate()).isFalse();
                  });
        }
      } finally {
        executor.shutdownNow();
      }
      List<Long> expected = new ArrayList<>();
      for (int thread = 0; thread < threads; thread++) {
        expected.addAll(ids(thread * 1_000_000L, batches * 10));
      }
      assertThat(ids(replica)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(replica.batchesAppliedSinceStart()).isEqualTo((long) threads * batches);
    }
    try (Started started = start()) {
      assertThat(started.group().shard().rowCount()).isEqualTo((long) threads * batches * 10);
    }
  }

  private static BatchCodec.GroupMember member(String producer, long sequence, Page page) {
    return new BatchCodec.GroupMember(producer, sequence, BatchCodec.encodePage(page));
  }

  /** Commits a group entry through the node's server and returns the reply of each batch. */
  private static List<byte[]> submitGroup(RaftNode node, byte[] entry) throws Exception {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(ClientId.randomId())
            .setServerId(node.peerId())
            .setGroupId(RaftGroupId.valueOf(GROUP))
            .setCallId(1)
            .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
            .setType(RaftClientRequest.writeRequestType())
            .build();
    RaftClientReply reply = node.submitLocal(request).get(30, TimeUnit.SECONDS);
    assertThat(reply.isSuccess()).isTrue();
    return StateMachineReply.decodeGroup(reply.getMessage().getContent().toByteArray());
  }

  /** Waits for the snapshot an append started in the background (at most 20 s). */
  private static void awaitSnapshot(ShardGroup replica) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (replica.snapshotIndex() < 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A node over {@link #directory} and its shard group, created at the first start. */
  private record Started(RaftNode node, ShardGroup group) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }

  private Started start() {
    return start(STORAGE);
  }

  private Started start(StorageConfig storage) {
    RaftNode node = RaftNode.start(directory, "127.0.0.1", 0, storage, CONSENSUS);
    ShardGroup group = node.shardGroup(GROUP);
    return new Started(
        node, group != null ? group : node.createShardGroup(GROUP, SCHEMA, List.of(node.self())));
  }

  private static Page batch(long firstId, int rows) {
    long[] ids = new long[rows];
    String[] names = new String[rows];
    for (int i = 0; i < rows; i++) {
      ids[i] = firstId + i;
      names[i] = i % 7 == 0 ? null : "name-" + (firstId + i);
    }
    return Page.of(new LongBlock(rows, ids, null), VarcharBlock.of(names));
  }

  private static List<Long> ids(long firstId, int rows) {
    List<Long> ids = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      ids.add(firstId + i);
    }
    return ids;
  }

  static List<Long> ids(ShardGroup replica) {
    List<Long> ids = new ArrayList<>();
    replica
        .scan(ScanRequest.of(List.of("id")))
        .forEachPage(
            page -> {
              for (int row = 0; row < page.rowCount(); row++) {
                ids.add((Long) page.objectValue(0, row));
              }
            });
    return ids;
  }
}
