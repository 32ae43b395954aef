package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer appends (and the shard seals and compacts behind it) while readers scan: every scan
 * must see exactly the rows 0..n-1 for some n, and n never shrinks for a reader.
 */
@Timeout(120)
class TestShardConcurrency {
  private static final long HOUR_MICROS = 3_600_000_000L;
  private static final List<ColumnSchema> COLUMNS =
      List.of(
          new ColumnSchema("ts", DataType.TIMESTAMP, false),
          new ColumnSchema("seq", DataType.BIGINT, false),
          ColumnSchema.of("city", DataType.VARCHAR));

  @TempDir Path directory;

  @Test
  void scansSeeAPrefixWhileSealingAndCompactionRun() throws Exception {
    StorageConfig config =
        StorageConfig.DEFAULT
            .withSegmentMaxRows(3_000)
            .withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(500))
            .withCompaction(12_000, 2)
            .withMaintenanceInterval(Duration.ofMillis(5));
    TableSchema schema = new TableSchema(COLUMNS, "ts", PartitionGranularity.HOUR, List.of(), 1);
    int batches = 400;
    int batchRows = 250;
    try (Shard shard = Shard.open(directory, schema, config)) {
      AtomicBoolean isWriting = new AtomicBoolean(true);
      AtomicLong scans = new AtomicLong();
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        Thread reader =
            new Thread(
                () -> {
                  long previous = 0;
                  try {
                    while (isWriting.get()) {
                      long seen = checkPrefix(shard.scan(ScanRequest.of(List.of("seq"))));
                      assertThat(seen)
                          .as("rows seen never shrink")
                          .isGreaterThanOrEqualTo(previous);
                      previous = seen;
                      scans.incrementAndGet();
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                },
                "reader-" + r);
        reader.start();
        readers.add(reader);
      }
      Thread compactor =
          new Thread(
              () -> {
                try {
                  while (isWriting.get()) {
                    shard.compact();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "compactor");
      compactor.start();

      long seq = 0;
      for (int batch = 0; batch < batches; batch++) {
        shard.append(batch(seq, batchRows));
        seq += batchRows;
      }
      isWriting.set(false);
      for (Thread reader : readers) {
        reader.join();
      }
      compactor.join();

      assertThat(failures).isEmpty();
      assertThat(scans.get()).as("scans that ran during the writes").isPositive();
      assertThat(checkPrefix(shard.scan(ScanRequest.of(List.of("seq"))))).isEqualTo(seq);
      shard.sealAll();
      assertThat(shard.immutableSegmentCount()).isPositive();
      assertThat(checkPrefix(shard.scan(ScanRequest.of(List.of("seq"))))).isEqualTo(seq);
    }
  }

  @Test
  void compactionNeverChangesAQueryAnswer() throws Exception {
    StorageConfig config =
        StorageConfig.DEFAULT
            .withSegmentMaxRows(1_000)
            .withWriteOptions(SegmentWriteOptions.DEFAULT.withBlockRowCount(250))
            .withCompaction(1_000_000, 2);
    TableSchema schema =
        new TableSchema(COLUMNS, "ts", PartitionGranularity.DAY, List.of("seq"), 1);
    try (Shard shard = Shard.open(directory, schema, config)) {
      long seq = 0;
      for (int batch = 0; batch < 40; batch++) {
        shard.append(batch(seq, 500));
        shard.sealAll();
        seq += 500;
      }
      int segmentsBefore = shard.immutableSegmentCount();
      assertThat(segmentsBefore).isGreaterThanOrEqualTo(40);
      ScanRequest query =
          ScanRequest.of(
              List.of("seq", "city"),
              new ColumnPredicate.Comparison("city", ColumnPredicate.Operator.EQUAL, "oslo"),
              new ColumnPredicate.Between("seq", 1_234L, 17_000L));
      long expected = sum(shard.scan(query));
      assertThat(expected).isPositive();

      AtomicBoolean isCompacting = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      AtomicLong queries = new AtomicLong();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (isCompacting.get()) {
                    assertThat(sum(shard.scan(query))).isEqualTo(expected);
                    queries.incrementAndGet();
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      reader.start();
      while (shard.compact()) {
        assertThat(sum(shard.scan(query))).isEqualTo(expected);
      }
      isCompacting.set(false);
      reader.join();
      assertThat(failures).isEmpty();
      assertThat(shard.immutableSegmentCount())
          .as("one segment per partition")
          .isEqualTo(shard.partitionCount());
      assertThat(sum(shard.scan(query))).isEqualTo(expected);
    }
  }

  private static long sum(TableScan scan) {
    long[] total = new long[1];
    scan.forEachPage(
        page -> {
          LongBlock seq = (LongBlock) page.block(0);
          for (int row = 0; row < page.rowCount(); row++) {
            total[0] += seq.value(page.position(row));
          }
        });
    return total[0];
  }

  /** Asserts the scan returned exactly 0..n-1 and returns n. */
  private static long checkPrefix(TableScan scan) {
    long[][] values = {new long[1024]};
    int[] count = {0};
    scan.forEachPage(
        page -> {
          LongBlock seq = (LongBlock) page.block(0);
          for (int row = 0; row < page.rowCount(); row++) {
            if (count[0] == values[0].length) {
              values[0] = Arrays.copyOf(values[0], count[0] * 2);
            }
            values[0][count[0]++] = seq.value(page.position(row));
          }
        });
    long[] seen = Arrays.copyOf(values[0], count[0]);
    Arrays.sort(seen);
    for (int i = 0; i < seen.length; i++) {
      if (seen[i] != i) {
        throw new AssertionError(
            "scan of "
                + seen.length
                + " rows is not a prefix: position "
                + i
                + " holds "
                + seen[i]);
      }
    }
    return seen.length;
  }

  /** Rows seq..seq+count-1, spread over hours so that batches cross partitions. */
  private static Page batch(long seq, int count) {
    long[] ts = new long[count];
    long[] seqs = new long[count];
    String[] cities = new String[count];
    for (int i = 0; i < count; i++) {
      long value = seq + i;
      seqs[i] = value;
      ts[i] = 1_700_000_000_000_000L + (value / 700) * HOUR_MICROS / 2 + (value % 13);
      cities[i] = value % 11 == 0 ? null : (value % 5 == 0 ? "oslo" : "rome-" + (value % 7));
    }
    return new Page(
        count,
        new LongBlock(count, ts, null),
        new LongBlock(count, seqs, null),
        VarcharBlock.of(cities));
  }
}
