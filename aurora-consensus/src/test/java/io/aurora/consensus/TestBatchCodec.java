package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestBatchCodec {
  @Test
  void roundTripsRandomPagesOfEveryType() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<ColumnSchema> columns = TestingPages.allTypes();
    for (int iteration = 0; iteration < 200; iteration++) {
      int rows = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(2000);
      Page page = TestingPages.randomPage(columns, rows, random);
      if (rows > 0 && random.nextBoolean()) {
        int[] selection = new int[rows];
        int selected = 0;
        for (int position = 0; position < rows; position++) {
          if (random.nextBoolean()) {
            selection[selected++] = position;
          }
        }
        page = page.withSelection(selection, selected);
      }
      String producer = "producer-" + random.nextInt(10);
      long sequence = random.nextLong();

      BatchCodec.Batch batch = BatchCodec.decode(BatchCodec.encode(page, producer, sequence));

      assertThat(batch.producerId()).as("seed %s", seed).isEqualTo(producer);
      assertThat(batch.sequence()).as("seed %s", seed).isEqualTo(sequence);
      assertThat(batch.page().selection()).isNull();
      assertThat(batch.page().channelCount()).isEqualTo(columns.size());
      assertThat(TestingPages.rows(batch.page()))
          .as("seed %s iteration %s", seed, iteration)
          .isEqualTo(TestingPages.rows(page));
    }
  }

  @Test
  void roundTripsSourcedBatchesAlsoInsideGroups() {
    Random random = new Random(7);
    List<ColumnSchema> columns = TestingPages.allTypes();
    Page page = TestingPages.randomPage(columns, 300, random);
    int[] selection = new int[150];
    long[] offsets = new long[150];
    for (int row = 0; row < 150; row++) {
      selection[row] = row * 2;
      offsets[row] = 1_000 + row * 3L; // not contiguous, as Kafka's (transaction markers)
    }
    Page selected = page.withSelection(selection, 150);

    BatchCodec.Batch batch =
        BatchCodec.decode(
            BatchCodec.encode(BatchCodec.encodePage(selected, offsets), "p/t/0", 1_500));

    assertThat(batch.sourceOffsets()).containsExactly(offsets);
    assertThat(batch.sequence()).isEqualTo(1_500);
    assertThat(TestingPages.rows(batch.page())).isEqualTo(TestingPages.rows(selected));
    assertThat(BatchCodec.decode(BatchCodec.encode(selected, "p", 1)).sourceOffsets()).isNull();

    List<ByteBuffer> members =
        BatchCodec.splitGroup(
            ByteBuffer.wrap(
                BatchCodec.encodeGroup(
                    List.of(
                        new BatchCodec.GroupMember(
                            "p/t/0", 1_500, BatchCodec.encodePage(selected, offsets)),
                        new BatchCodec.GroupMember("n", 2, BatchCodec.encodePage(selected))))));
    assertThat(BatchCodec.decode(members.get(0)).sourceOffsets()).containsExactly(offsets);
    assertThat(BatchCodec.decode(members.get(1)).sourceOffsets()).isNull();
    assertThatThrownBy(() -> BatchCodec.encodePage(selected, new long[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesDictionaryBlocksAsStrings() {
    VarcharBlock dictionary = VarcharBlock.of("a", "b");
    DictionaryBlock block =
        new DictionaryBlock(
            4, new int[] {1, 0, 1, 0}, dictionary, true, new boolean[] {false, false, true, false});
    Page page = Page.of(block);

    Page decoded = BatchCodec.decode(BatchCodec.encode(page, "p", 1)).page();

    assertThat(decoded.block(0)).isInstanceOf(VarcharBlock.class);
    assertThat(TestingPages.rows(decoded)).isEqualTo(TestingPages.rows(page));
  }

  @Test
  void decodesFromReadOnlyBuffers() {
    Page page = Page.of(new LongBlock(3, new long[] {1, 2, 3}, null));
    byte[] entry = BatchCodec.encode(page, "p", 7);

    BatchCodec.Batch batch = BatchCodec.decode(ByteBuffer.wrap(entry).asReadOnlyBuffer());

    assertThat(batch.sequence()).isEqualTo(7);
    assertThat(TestingPages.rows(batch.page())).isEqualTo(TestingPages.rows(page));
  }

  @Test
  void detectsEveryFlippedByte() {
    Page page =
        Page.of(
            new IntBlock(3, new int[] {1, 0, 3}, new boolean[] {false, true, false}),
            VarcharBlock.of("x", null, "zz"));
    byte[] entry = BatchCodec.encode(page, "producer", 42);
    for (int i = 0; i < entry.length; i++) {
      byte[] corrupt = entry.clone();
      corrupt[i] ^= 0x10;
      assertThatThrownBy(() -> BatchCodec.decode(corrupt))
          .as("byte %s", i)
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
    }
  }

  @Test
  void detectsTruncation() {
    byte[] entry = BatchCodec.encode(Page.of(VarcharBlock.of("a", "b")), "p", 1);
    for (int length = 0; length < entry.length; length++) {
      byte[] truncated = Arrays.copyOf(entry, length);
      assertThatThrownBy(() -> BatchCodec.decode(truncated))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
    }
  }

  @Test
  void roundTripsGroupEntriesBatchByBatch() {
    Random random = new Random(42);
    List<ColumnSchema> columns = TestingPages.allTypes();
    Page first = TestingPages.randomPage(columns, 100, random);
    Page second = TestingPages.randomPage(columns, 0, random);
    Page third = TestingPages.randomPage(columns, 7, random);
    byte[] group =
        BatchCodec.encodeGroup(
            List.of(
                new BatchCodec.GroupMember("a", 1, BatchCodec.encodePage(first)),
                new BatchCodec.GroupMember("b", 9, BatchCodec.encodePage(second)),
                new BatchCodec.GroupMember("a", 2, BatchCodec.encodePage(third))));

    assertThat(BatchCodec.isGroup(ByteBuffer.wrap(group))).isTrue();
    List<ByteBuffer> entries = BatchCodec.splitGroup(ByteBuffer.wrap(group).asReadOnlyBuffer());
    assertThat(entries).hasSize(3);
    List<BatchCodec.Batch> batches = entries.stream().map(BatchCodec::decode).toList();
    assertThat(batches).extracting(BatchCodec.Batch::producerId).containsExactly("a", "b", "a");
    assertThat(batches).extracting(BatchCodec.Batch::sequence).containsExactly(1L, 9L, 2L);
    assertThat(TestingPages.rows(batches.get(0).page())).isEqualTo(TestingPages.rows(first));
    assertThat(batches.get(1).page().rowCount()).isZero();
    assertThat(TestingPages.rows(batches.get(2).page())).isEqualTo(TestingPages.rows(third));
    // A group's member is byte for byte the entry of the batch on its own.
    byte[] alone = BatchCodec.encode(first, "a", 1);
    assertThat(BatchCodec.isGroup(ByteBuffer.wrap(alone))).isFalse();
    byte[] member = new byte[entries.get(0).remaining()];
    entries.get(0).duplicate().get(member);
    assertThat(member).isEqualTo(alone);
  }

  @Test
  void detectsDamagedGroupEntries() {
    Page page = Page.of(new LongBlock(2, new long[] {1, 2}, null), VarcharBlock.of("x", "y"));
    byte[] group =
        BatchCodec.encodeGroup(
            List.of(
                new BatchCodec.GroupMember("a", 1, BatchCodec.encodePage(page)),
                new BatchCodec.GroupMember("a", 2, BatchCodec.encodePage(page))));
    for (int length = 0; length < group.length; length++) {
      byte[] truncated = Arrays.copyOf(group, length);
      assertThatThrownBy(
              () -> BatchCodec.splitGroup(ByteBuffer.wrap(truncated)).forEach(BatchCodec::decode))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
    }
    for (int position = 0; position < group.length; position++) {
      byte[] damaged = group.clone();
      damaged[position] ^= 0x10;
      if (!BatchCodec.isGroup(ByteBuffer.wrap(damaged))) {
        continue;
      }
      assertThatThrownBy(
              () -> BatchCodec.splitGroup(ByteBuffer.wrap(damaged)).forEach(BatchCodec::decode))
          .as("flipped byte at %s", position)
          .isInstanceOf(AuroraException.class);
    }
    assertThatThrownBy(
            () ->
                BatchCodec.encodeGroup(
                    List.of(new BatchCodec.GroupMember("a", 1, BatchCodec.encodePage(page)))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
