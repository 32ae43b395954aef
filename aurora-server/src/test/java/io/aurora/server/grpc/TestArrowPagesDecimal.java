package io.aurora.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.Test;

/** Ingest reads Arrow decimals as unscaled longs and refuses what the column cannot hold. */
class TestArrowPagesDecimal {
  private static final TableSchema TABLE =
      TableSchema.of(List.of(ColumnSchema.of("m", DataType.decimal(10, 2))));

  @Test
  void decimalsBecomeUnscaledLongsAndOutOfRangeValuesAreRefused() throws IOException {
    try (BufferAllocator allocator = new RootAllocator()) {
      Page page =
          ArrowPages.decodeBatch(
              "t",
              TABLE,
              batch(allocator, "12.34", "-5.00", "99999999.99", "-99999999.99", null),
              allocator);
      LongBlock block = (LongBlock) page.block(0);
      assertThat(block.value(0)).isEqualTo(1234);
      assertThat(block.value(1)).isEqualTo(-500);
      assertThat(block.value(2)).isEqualTo(9_999_999_999L);
      assertThat(block.value(3)).isEqualTo(-9_999_999_999L);
      assertThat(block.isNull(4)).isTrue();

      // Arrow's own setters refuse such values, so they are written as raw 128-bit integers:
      // 10^10 (and its negation) needs 11 digits, more than DECIMAL(10, 2) holds; 2^64 + 100 is
      // beyond a long (the high half is not the low half's sign).
      long[][] rawValues = {{10_000_000_000L, 0}, {-10_000_000_000L, -1}, {100, 1}};
      for (long[] raw : rawValues) {
        byte[] outOfRange = rawBatch(allocator, raw[0], raw[1]);
        AuroraException error =
            catchThrowableOfType(
                AuroraException.class,
                () -> ArrowPages.decodeBatch("t", TABLE, outOfRange, allocator));
        assertThat(error.errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE);
      }
    }
  }

  /** One batch of a DECIMAL(10, 2) column "m". */
  private static byte[] batch(BufferAllocator allocator, String... values) throws IOException {
    try (DecimalVector vector = new DecimalVector("m", allocator, 10, 2)) {
      vector.allocateNew(values.length);
      for (int row = 0; row < values.length; row++) {
        if (values[row] == null) {
          vector.setNull(row);
        } else {
          vector.setSafe(row, new BigDecimal(values[row]));
        }
      }
      vector.setValueCount(values.length);
      return write(vector);
    }
  }

  /** One row whose 128-bit unscaled value has the given low and high halves. */
  private static byte[] rawBatch(BufferAllocator allocator, long low, long high)
      throws IOException {
    try (DecimalVector vector = new DecimalVector("m", allocator, 10, 2)) {
      vector.allocateNew(1);
      vector.setSafe(0, new BigDecimal("1.00"));
      vector.getDataBuffer().setLong(0, low);
      vector.getDataBuffer().setLong(Long.BYTES, high);
      vector.setValueCount(1);
      return write(vector);
    }
  }

  private static byte[] write(DecimalVector vector) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VectorSchemaRoot root = VectorSchemaRoot.of(vector);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    }
    return out.toByteArray();
  }
}
