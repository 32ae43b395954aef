package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import io.aurora.storage.type.TypeKind;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of table schemas inside catalog entries, catalog snapshots and shard schema
 * files. Big-endian, as {@link DataOutput} writes:
 *
 * <pre>
 * schema   = columnCount:u16 column[columnCount] hasTimeColumn:u8 [timeColumn:string]
 *            granularity:u8 sortKeyCount:u16 sortKey:string[sortKeyCount] shardCount:i32
 * column   = name:string typeKind:u8 precision:u8 scale:u8 nullable:u8
 * string   = length:u16 utf8[length]
 * </pre>
 *
 * {@code typeKind} is {@link TypeKind#id()} and {@code granularity} is {@link
 * PartitionGranularity#id()}, both stable ids; an unknown id is {@link ErrorCode#DATA_CORRUPTED}.
 * The enclosing format carries the version and the checksum.
 */
final class SchemaCodec {
  private static final int MAX_STRING_BYTES = 0xFFFF;

  private SchemaCodec() {}

  static void writeSchema(DataOutput out, TableSchema schema) throws IOException {
    out.writeShort(schema.columnCount());
    for (ColumnSchema column : schema.columns()) {
      writeColumn(out, column);
    }
    String timeColumn = schema.timeColumn();
    out.writeByte(timeColumn == null ? 0 : 1);
    if (timeColumn != null) {
      writeString(out, timeColumn);
    }
    out.writeByte(schema.granularity().id());
    out.writeShort(schema.sortKey().size());
    for (String key : schema.sortKey()) {
      writeString(out, key);
    }
    out.writeInt(schema.shardCount());
  }

  static TableSchema readSchema(DataInput in) throws IOException {
    int columnCount = in.readUnsignedShort();
    List<ColumnSchema> columns = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      columns.add(readColumn(in));
    }
    String timeColumn = in.readUnsignedByte() == 0 ? null : readString(in);
    PartitionGranularity granularity = PartitionGranularity.fromId(in.readUnsignedByte());
    int sortKeyCount = in.readUnsignedShort();
    List<String> sortKey = new ArrayList<>(sortKeyCount);
    for (int i = 0; i < sortKeyCount; i++) {
      sortKey.add(readString(in));
    }
    int shardCount = in.readInt();
    try {
      return new TableSchema(columns, timeColumn, granularity, sortKey, shardCount);
    } catch (AuroraException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Stored table schema is invalid: " + e.getMessage(), e);
    }
  }

  static void writeColumn(DataOutput out, ColumnSchema column) throws IOException {
    writeString(out, column.name());
    out.writeByte(column.type().kind().id());
    out.writeByte(column.type().precision());
    out.writeByte(column.type().scale());
    out.writeByte(column.nullable() ? 1 : 0);
  }

  static ColumnSchema readColumn(DataInput in) throws IOException {
    String name = readString(in);
    TypeKind kind = TypeKind.fromId(in.readUnsignedByte());
    int precision = in.readUnsignedByte();
    int scale = in.readUnsignedByte();
    boolean nullable = in.readUnsignedByte() != 0;
    try {
      DataType type =
          kind == TypeKind.DECIMAL ? DataType.decimal(precision, scale) : DataType.of(kind);
      return new ColumnSchema(name, type, nullable);
    } catch (AuroraException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Stored column[" + name + "] is invalid: " + e.getMessage(), e);
    }
  }

  static void writeString(DataOutput out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_STRING_BYTES) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Name of bytes[" + bytes.length + "] exceeds " + MAX_STRING_BYTES);
    }
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readUnsignedShort()];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
