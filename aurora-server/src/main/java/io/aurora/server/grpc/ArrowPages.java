package io.aurora.server.grpc;

import io.aurora.client.ArrowTypes;
import io.aurora.client.proto.Column;
import io.aurora.client.proto.ColumnType;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Aurora's pages and Arrow IPC: query result pages to record batch messages, and
 * {@code Ingest} batches to pages in a table's column order. Types follow {@link ArrowTypes}.
 */
public final class ArrowPages {
  private ArrowPages() {}

  /** The API's column type of an Aurora type. */
  static ColumnType columnType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case SMALLINT -> ColumnType.SMALLINT;
      case INTEGER -> ColumnType.INTEGER;
      case BIGINT -> ColumnType.BIGINT;
      case REAL -> ColumnType.REAL;
      case DOUBLE -> ColumnType.DOUBLE;
      case DECIMAL -> ColumnType.DECIMAL;
      case VARCHAR -> ColumnType.VARCHAR;
      case DATE -> ColumnType.DATE;
      case TIMESTAMP -> ColumnType.TIMESTAMP;
    };
  }

  static Column column(String name, DataType type, boolean nullable) {
    return Column.newBuilder()
        .setName(name)
        .setType(columnType(type))
        .setNullable(nullable)
        .setPrecision(type.precision())
        .setScale(type.scale())
        .build();
  }

  /** The Arrow schema of a query result. */
  public static Schema schema(List<String> names, List<DataType> types) {
    List<Column> columns = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      columns.add(column(names.get(i), types.get(i), true));
    }
    return ArrowTypes.schema(columns);
  }

  /** The IPC message of a schema. */
  public static byte[] schemaMessage(Schema schema) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Serializing a schema failed", e);
    }
    return out.toByteArray();
  }

  /**
   * The IPC record batch message of rows {@code [from, from + count)} of a page (selection
   * applied), written through {@code root}, which must have the page's schema; the root is reused.
   */
  public static byte[] batchMessage(
      VectorSchemaRoot root, Page page, List<DataType> types, int from, int count) {
    root.allocateNew();
    for (int channel = 0; channel < types.size(); channel++) {
      fill(root.getVector(channel), page, channel, types.get(channel), from, count);
    }
    root.setRowCount(count);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch()) {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), batch);
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Serializing a record batch failed", e);
    }
    return out.toByteArray();
  }

  private static void fill(
      FieldVector vector, Page page, int channel, DataType type, int from, int count) {
    Block block = page.block(channel);
    for (int i = 0; i < count; i++) {
      int position = page.position(from + i);
      if (block.isNull(position)) {
        vector.setNull(i);
        continue;
      }
      switch (type.kind()) {
        case BOOLEAN ->
            ((BitVector) vector).setSafe(i, ((BooleanBlock) block).value(position) ? 1 : 0);
        case SMALLINT -> ((SmallIntVector) vector).setSafe(i, (short) longValue(block, position));
        case INTEGER -> ((IntVector) vector).setSafe(i, (int) longValue(block, position));
        case DATE -> ((DateDayVector) vector).setSafe(i, (int) longValue(block, position));
        case BIGINT -> ((BigIntVector) vector).setSafe(i, longValue(block, position));
        case TIMESTAMP -> ((TimeStampMicroVector) vector).setSafe(i, longValue(block, position));
        case DECIMAL -> ((DecimalVector) vector).setSafe(i, longValue(block, position));
        case REAL -> ((Float4Vector) vector).setSafe(i, (float) doubleValue(block, position));
        case DOUBLE -> ((Float8Vector) vector).setSafe(i, doubleValue(block, position));
        case VARCHAR -> setVarchar((VarCharVector) vector, i, block, position);
      }
    }
  }

  /**
   * A numeric value whatever the block's representation: some engine results (such as {@code
   * percentile_cont} over an INTEGER column) are declared with the argument's type but computed as
   * doubles; like pgwire, the value is then converted to the declared type.
   */
  private static long longValue(Block block, int position) {
    if (block instanceof LongBlock longs) {
      return longs.value(position);
    }
    if (block instanceof IntBlock ints) {
      return ints.value(position);
    }
    return (long) doubleValue(block, position);
  }

  private static double doubleValue(Block block, int position) {
    if (block instanceof DoubleBlock doubles) {
      return doubles.value(position);
    }
    if (block instanceof FloatBlock floats) {
      return floats.value(position);
    }
    if (block instanceof LongBlock longs) {
      return longs.value(position);
    }
    if (block instanceof IntBlock ints) {
      return ints.value(position);
    }
    throw new AuroraException(
        ErrorCode.INTERNAL_ERROR,
        "Numeric result column holds a " + block.getClass().getSimpleName());
  }

  private static void setVarchar(VarCharVector vector, int index, Block block, int position) {
    VarcharBlock values;
    int valuePosition;
    if (block instanceof DictionaryBlock dictionary) {
      values = dictionary.dictionary();
      valuePosition = dictionary.id(position);
    } else {
      values = (VarcharBlock) block;
      valuePosition = position;
    }
    vector.setSafe(
        index, values.bytes(), values.offset(valuePosition), values.length(valuePosition));
  }

  /**
   * Decodes an {@code Ingest} batch (Arrow IPC stream: schema, one record batch) into a page with
   * the table's columns in order. A column the batch lacks is NULL when nullable.
   *
   * @throws AuroraException UNDEFINED_COLUMN for a field the table does not have, DATATYPE_MISMATCH
   *     for a field of the wrong Arrow type, NOT_NULL_VIOLATION for a NOT NULL column that is
   *     missing or holds a null, INVALID_PARAMETER_VALUE for bytes that are not one Arrow record
   *     batch
   */
  static Page decodeBatch(
      String tableName, TableSchema table, byte[] ipc, BufferAllocator allocator) {
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (!reader.loadNextBatch()) {
        throw invalidBatch("holds no record batch");
      }
      Page page = toPage(tableName, table, root);
      if (reader.loadNextBatch()) {
        throw invalidBatch("holds more than one record batch");
      }
      return page;
    } catch (IOException | RuntimeException e) {
      if (e instanceof AuroraException aurora) {
        throw aurora;
      }
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Batch is not an Arrow IPC stream of one record batch: " + e.getMessage(),
          e);
    }
  }

  private static AuroraException invalidBatch(String what) {
    return new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, "Arrow batch " + what);
  }

  private static Page toPage(String tableName, TableSchema table, VectorSchemaRoot root) {
    Map<String, FieldVector> byName = new HashMap<>();
    for (FieldVector vector : root.getFieldVectors()) {
      String name = vector.getField().getName();
      if (table.indexOf(name) < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Column[" + name + "] of the batch does not exist in table[" + tableName + "]");
      }
      if (byName.put(name, vector) != null) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_COLUMN, "Column[" + name + "] appears twice in the batch");
      }
    }
    int rows = root.getRowCount();
    Block[] blocks = new Block[table.columnCount()];
    for (int channel = 0; channel < blocks.length; channel++) {
      ColumnSchema column = table.column(channel);
      FieldVector vector = byName.get(column.name());
      if (vector == null) {
        if (!column.nullable()) {
          throw notNull(tableName, column);
        }
        BlockBuilder nulls = BlockBuilder.forType(column.type(), rows);
        for (int row = 0; row < rows; row++) {
          nulls.appendNull();
        }
        blocks[channel] = nulls.build();
        continue;
      }
      Field field = vector.getField();
      ArrowType expected =
          ArrowTypes.arrowType(
              columnType(column.type()), column.type().precision(), column.type().scale());
      if (!matches(column.type(), expected, field.getType())) {
        throw new AuroraException(
            ErrorCode.DATATYPE_MISMATCH,
            "Column["
                + column.name()
                + "] of table["
                + tableName
                + "] is "
                + column.type()
                + " but the batch has Arrow type["
                + field.getType()
                + "]");
      }
      if (!column.nullable() && vector.getNullCount() > 0) {
        throw notNull(tableName, column);
      }
      blocks[channel] = toBlock(vector, column.type(), rows);
    }
    return new Page(rows, blocks);
  }

  /** Exact Arrow types, except that a decimal of any precision fits when its scale is equal. */
  private static boolean matches(DataType type, ArrowType expected, ArrowType actual) {
    if (expected instanceof ArrowType.Decimal) {
      return actual instanceof ArrowType.Decimal decimal
          && decimal.getScale() == type.scale()
          && decimal.getBitWidth() == 128;
    }
    return expected.equals(actual);
  }

  private static AuroraException notNull(String tableName, ColumnSchema column) {
    return new AuroraException(
        ErrorCode.NOT_NULL_VIOLATION,
        "Column[" + column.name() + "] of table[" + tableName + "] is NOT NULL");
  }

  /**
   * The block of a column, read straight from the vector's buffers (one type dispatch per column,
   * not per value). Values at null positions are not read from Arrow and are left zero.
   */
  private static Block toBlock(FieldVector vector, DataType type, int rows) {
    boolean[] nulls = nulls(vector, rows);
    ArrowBuf data = vector.getDataBuffer();
    switch (type.kind()) {
      case BOOLEAN -> {
        boolean[] values = new boolean[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = BitVectorHelper.get(data, row) != 0;
        }
        return new BooleanBlock(rows, values, nulls);
      }
      case SMALLINT -> {
        int[] values = new int[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = data.getShort((long) row * Short.BYTES);
        }
        return new IntBlock(rows, values, nulls);
      }
      case INTEGER, DATE -> {
        int[] values = new int[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = data.getInt((long) row * Integer.BYTES);
        }
        return new IntBlock(rows, values, nulls);
      }
      case BIGINT, TIMESTAMP -> {
        long[] values = new long[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = data.getLong((long) row * Long.BYTES);
        }
        return new LongBlock(rows, values, nulls);
      }
      case DECIMAL -> {
        BlockBuilder.LongBuilder builder = new BlockBuilder.LongBuilder(rows);
        for (int row = 0; row < rows; row++) {
          if (vector.isNull(row)) {
            builder.appendNull();
          } else {
            appendDecimal(builder, vector, type, row);
          }
        }
        return builder.build();
      }
      case REAL -> {
        float[] values = new float[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = data.getFloat((long) row * Float.BYTES);
        }
        return new FloatBlock(rows, values, nulls);
      }
      case DOUBLE -> {
        double[] values = new double[rows];
        for (int row = 0; row < rows; row++) {
          values[row] = data.getDouble((long) row * Double.BYTES);
        }
        return new DoubleBlock(rows, values, nulls);
      }
      case VARCHAR -> {
        return varchar((VarCharVector) vector, rows, nulls);
      }
    }
    throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Unknown type " + type);
  }

  /** Copies the vector's bytes and offsets as they are: Arrow's layout is the block's. */
  private static VarcharBlock varchar(VarCharVector vector, int rows, boolean @Nullable [] nulls) {
    int[] offsets = new int[rows + 1];
    if (rows == 0) {
      return new VarcharBlock(0, new byte[0], offsets, null);
    }
    ArrowBuf offsetBuffer = vector.getOffsetBuffer();
    int start = offsetBuffer.getInt(0);
    for (int row = 0; row <= rows; row++) {
      offsets[row] = offsetBuffer.getInt((long) row * Integer.BYTES) - start;
    }
    byte[] bytes = new byte[offsets[rows]];
    vector.getDataBuffer().getBytes(start, bytes);
    return new VarcharBlock(rows, bytes, offsets, nulls);
  }

  private static boolean @Nullable [] nulls(FieldVector vector, int rows) {
    if (vector.getNullCount() == 0) {
      return null;
    }
    boolean[] nulls = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      nulls[row] = vector.isNull(row);
    }
    return nulls;
  }

  /** 10^0 .. 10^18: the bound of a decimal of each precision Aurora stores. */
  private static final long[] POWERS_OF_TEN = powersOfTen();

  private static long[] powersOfTen() {
    long[] powers = new long[DataType.MAX_DECIMAL_PRECISION + 1];
    powers[0] = 1;
    for (int i = 1; i < powers.length; i++) {
      powers[i] = powers[i - 1] * 10;
    }
    return powers;
  }

  private static void appendDecimal(
      BlockBuilder.LongBuilder builder, FieldVector vector, DataType type, int row) {
    // A 128-bit little-endian two's complement value, read as two longs: it fits a long when the
    // high half only extends the low half's sign. No BigDecimal per value.
    ArrowBuf data = vector.getDataBuffer();
    long offset = (long) row * DecimalVector.TYPE_WIDTH;
    long low = data.getLong(offset);
    long high = data.getLong(offset + Long.BYTES);
    long limit = POWERS_OF_TEN[type.precision()];
    if (high != (low >> 63) || low >= limit || low <= -limit) {
      throw new AuroraException(
          ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
          "Decimal value does not fit " + type + " (row " + row + " of the batch)");
    }
    builder.append(low);
  }
}
