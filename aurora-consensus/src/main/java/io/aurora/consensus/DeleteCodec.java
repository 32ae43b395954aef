package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The shard log entry of a DELETE: the rows to delete, as a disjunction of conjunctions of column
 * predicates, which every replica evaluates against its shard when it applies the entry (see {@link
 * io.aurora.storage.shard.Shard#delete}). The entry carries the predicates, not row positions,
 * because replicas seal and merge segments at different times; the same predicates applied after
 * the same log prefix delete the same rows everywhere.
 *
 * <pre>
 * entry       = magic:"AURD" version:u8 conjunctionCount:u16 conjunction* crc:u32
 * conjunction = predicateCount:u16 predicate*
 * predicate   = kind:u8 column:str ...   kind 1 comparison: operator:u8 value
 *                                        kind 2 between: low:value high:value
 *                                        kind 3 in: count:i32 value*
 *                                        kind 4 is null, 5 is not null: nothing
 *                                        kind 6 like prefix: prefix:str
 * value       = tag:u8 (1 long:i64 | 2 double:f64 | 3 boolean:u8 | 4 string:str)
 * str         = length:u16 utf8
 * </pre>
 *
 * Big-endian; {@code crc} is the CRC32C of every byte before it. An empty conjunction matches every
 * row (DELETE without WHERE, TRUNCATE).
 */
final class DeleteCodec {
  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'A', 'U', 'R', 'D'};

  private DeleteCodec() {}

  static boolean isDelete(ByteBuffer data) {
    if (data.remaining() < MAGIC.length + 1) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data.get(data.position() + i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] encode(List<List<ColumnPredicate>> disjunction) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeByte(FORMAT_VERSION);
      out.writeShort(checkedCount(disjunction.size()));
      for (List<ColumnPredicate> conjunction : disjunction) {
        out.writeShort(checkedCount(conjunction.size()));
        for (ColumnPredicate predicate : conjunction) {
          writePredicate(out, predicate);
        }
      }
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    byte[] body = bytes.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(body);
    return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
  }

  private static int checkedCount(int count) {
    if (count > 0xFFFF) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "DELETE condition has " + count + " terms; at most 65535 are supported");
    }
    return count;
  }

  private static void writePredicate(DataOutputStream out, ColumnPredicate predicate)
      throws IOException {
    if (predicate instanceof ColumnPredicate.Comparison comparison) {
      out.writeByte(1);
      writeString(out, comparison.column());
      out.writeByte(comparison.operator().ordinal());
      writeValue(out, comparison.value());
    } else if (predicate instanceof ColumnPredicate.Between between) {
      out.writeByte(2);
      writeString(out, between.column());
      writeValue(out, between.low());
      writeValue(out, between.high());
    } else if (predicate instanceof ColumnPredicate.In in) {
      out.writeByte(3);
      writeString(out, in.column());
      out.writeInt(in.values().size());
      for (Object value : in.values()) {
        writeValue(out, value);
      }
    } else if (predicate instanceof ColumnPredicate.IsNull) {
      out.writeByte(4);
      writeString(out, predicate.column());
    } else if (predicate instanceof ColumnPredicate.IsNotNull) {
      out.writeByte(5);
      writeString(out, predicate.column());
    } else if (predicate instanceof ColumnPredicate.LikePrefix like) {
      out.writeByte(6);
      writeString(out, like.column());
      writeString(out, like.prefix());
    } else {
      throw new AssertionError(predicate);
    }
  }

  private static void writeValue(DataOutputStream out, Object value) throws IOException {
    if (value instanceof Long || value instanceof Integer) {
      out.writeByte(1);
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Double number) {
      out.writeByte(2);
      out.writeDouble(number);
    } else if (value instanceof Boolean flag) {
      out.writeByte(3);
      out.writeBoolean(flag);
    } else if (value instanceof String text) {
      out.writeByte(4);
      writeString(out, text);
    } else {
      throw new IllegalArgumentException(
          "A predicate value is a Long, Double, Boolean or String: " + value.getClass());
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > 0xFFFF) {
      throw new AuroraException(
          ErrorCode.PROGRAM_LIMIT_EXCEEDED,
          "A DELETE condition's string is longer than 65535 bytes");
    }
    out.writeShort(utf8.length);
    out.write(utf8);
  }

  static List<List<ColumnPredicate>> decode(ByteBuffer data) {
    ByteBuffer in = data.slice();
    try {
      if (in.remaining() < MAGIC.length + 1 + 4) {
        throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Delete entry is truncated");
      }
      CRC32C crc = new CRC32C();
      crc.update(in.duplicate().limit(in.limit() - 4));
      if ((int) crc.getValue() != in.getInt(in.limit() - 4)) {
        throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Delete entry checksum does not match");
      }
      in.limit(in.limit() - 4);
      in.position(MAGIC.length);
      int version = in.get() & 0xFF;
      if (version != FORMAT_VERSION) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Delete entry format version[" + version + "] is not supported");
      }
      int conjunctions = in.getShort() & 0xFFFF;
      List<List<ColumnPredicate>> disjunction = new ArrayList<>(conjunctions);
      for (int i = 0; i < conjunctions; i++) {
        int predicates = in.getShort() & 0xFFFF;
        List<ColumnPredicate> conjunction = new ArrayList<>(predicates);
        for (int j = 0; j < predicates; j++) {
          conjunction.add(readPredicate(in));
        }
        disjunction.add(List.copyOf(conjunction));
      }
      if (in.hasRemaining()) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Delete entry has leftover bytes[" + in.remaining() + "]");
      }
      return List.copyOf(disjunction);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Delete entry is malformed", e);
    }
  }

  private static ColumnPredicate readPredicate(ByteBuffer in) {
    int kind = in.get() & 0xFF;
    String column = readString(in);
    return switch (kind) {
      case 1 -> {
        int operator = in.get() & 0xFF;
        ColumnPredicate.Operator[] operators = ColumnPredicate.Operator.values();
        if (operator >= operators.length) {
          throw new IllegalArgumentException("operator " + operator);
        }
        yield new ColumnPredicate.Comparison(column, operators[operator], readValue(in));
      }
      case 2 -> new ColumnPredicate.Between(column, readValue(in), readValue(in));
      case 3 -> {
        int count = in.getInt();
        if (count < 1 || count > in.remaining()) {
          throw new IllegalArgumentException("IN count " + count);
        }
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          values.add(readValue(in));
        }
        yield new ColumnPredicate.In(column, values);
      }
      case 4 -> new ColumnPredicate.IsNull(column);
      case 5 -> new ColumnPredicate.IsNotNull(column);
      case 6 -> new ColumnPredicate.LikePrefix(column, readString(in));
      default -> throw new IllegalArgumentException("predicate kind " + kind);
    };
  }

  private static Object readValue(ByteBuffer in) {
    int tag = in.get() & 0xFF;
    return switch (tag) {
      case 1 -> in.getLong();
      case 2 -> in.getDouble();
      case 3 -> in.get() != 0;
      case 4 -> readString(in);
      default -> throw new IllegalArgumentException("value tag " + tag);
    };
  }

  private static String readString(ByteBuffer in) {
    byte[] utf8 = new byte[in.getShort() & 0xFFFF];
    in.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
