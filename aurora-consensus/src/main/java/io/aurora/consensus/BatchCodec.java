package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.encoding.ColumnDecoder;
import io.aurora.storage.encoding.ColumnEncoder;
import io.aurora.storage.encoding.EncodedBlock;
import io.aurora.storage.encoding.Encoding;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.PhysicalType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The Raft log entry of one ingested batch: a page in a compact columnar form, plus the producer id
 * and sequence number that make retried batches idempotent.
 *
 * <h2>Byte layout (format version 1)</h2>
 *
 * All numbers are little-endian.
 *
 * <pre>
 * entry      = magic:"AURB" version:u8 producerLength:u16 producer:utf8[producerLength]
 *              sequence:i64 rowCount:i32 columnCount:u16 column[columnCount] crc:u32
 * column     = physicalType:u8 encoding:u8 length:i32 encoded:byte[length]
 * </pre>
 *
 * {@code encoded} is a block in the layout of {@link Encoding} (null section and body) as {@link
 * ColumnEncoder} writes it, with {@code rowCount} positions; {@code encoding} is its {@link
 * Encoding#id()}. {@code physicalType} is a stable id of this format: 1 BOOLEAN, 2 INT, 3 LONG, 4
 * FLOAT, 5 DOUBLE, 6 VARCHAR; 0 is never assigned and 7-255 are reserved. {@code crc} is the CRC32C
 * of every byte before it. The page's selection is applied before encoding and dictionary blocks
 * are written as plain VARCHAR, so a decoded page has no selection and no dictionary blocks; the
 * SQL types of the columns are not stored (the shard's schema has them).
 *
 * <p>A version other than 1, a bad checksum, a truncated entry or trailing bytes raise {@link
 * AuroraException} with {@link ErrorCode#DATA_CORRUPTED}. Stateless and thread-safe.
 */
public final class BatchCodec {
  /** The current format version; a decoder rejects any other. */
  public static final int FORMAT_VERSION = 1;

  private static final int MAGIC = 0x42525541; // "AURB" read as a little-endian int
  private static final int MAX_PRODUCER_BYTES = 0xFFFF;
  private static final int MAX_COLUMNS = 0xFFFF;

  private BatchCodec() {}

  /** A decoded log entry. */
  public record Batch(String producerId, long sequence, Page page) {
    public Batch {
      requireNonNull(producerId, "producerId is null");
      requireNonNull(page, "page is null");
    }
  }

  /** Encodes the selected rows of {@code page} with the producer id and sequence number. */
  public static byte[] encode(Page page, String producerId, long sequence) {
    requireNonNull(page, "page is null");
    requireNonNull(producerId, "producerId is null");
    byte[] producer = producerId.getBytes(StandardCharsets.UTF_8);
    if (producer.length > MAX_PRODUCER_BYTES) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Producer id of bytes[" + producer.length + "] exceeds " + MAX_PRODUCER_BYTES);
    }
    if (page.channelCount() > MAX_COLUMNS) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Batch of columns[" + page.channelCount() + "] exceeds " + MAX_COLUMNS);
    }
    Page rows = page.compact();
    int columnCount = rows.channelCount();
    EncodedBlock[] encoded = new EncodedBlock[columnCount];
    int[] types = new int[columnCount];
    long size = 4 + 1 + 2 + producer.length + 8 + 4 + 2 + 4;
    for (int channel = 0; channel < columnCount; channel++) {
      Block block = rows.block(channel);
      if (block instanceof DictionaryBlock dictionary) {
        block = dictionary.decode();
      }
      types[channel] = typeId(block);
      encoded[channel] = ColumnEncoder.encode(block);
      size += 1 + 1 + 4 + encoded[channel].length();
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "Batch of bytes[" + size + "] is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC);
    out.put((byte) FORMAT_VERSION);
    out.putShort((short) producer.length);
    out.put(producer);
    out.putLong(sequence);
    out.putInt(rows.positionCount());
    out.putShort((short) columnCount);
    for (int channel = 0; channel < columnCount; channel++) {
      EncodedBlock block = encoded[channel];
      out.put((byte) types[channel]);
      out.put((byte) block.encoding().id());
      out.putInt(block.length());
      out.put(block.bytes(), 0, block.length());
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    return out.array();
  }

  /** Decodes an entry written by {@link #encode}; see the class documentation for failures. */
  public static Batch decode(byte[] entry) {
    return decode(ByteBuffer.wrap(entry));
  }

  /**
   * Decodes the entry between the position and the limit of {@code data}, which is not modified. A
   * buffer without an accessible array (direct or read-only) is copied first.
   */
  public static Batch decode(ByteBuffer data) {
    requireNonNull(data, "data is null");
    if (!data.hasArray()) {
      byte[] copy = new byte[data.remaining()];
      data.duplicate().get(copy);
      return decode(copy);
    }
    ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    int length = in.remaining();
    if (length < 4 + 1 + 2 + 8 + 4 + 2 + 4) {
      throw corrupt("Batch entry of bytes[" + length + "] is truncated");
    }
    int stored = in.getInt(length - 4);
    CRC32C crc = new CRC32C();
    crc.update(in.duplicate().limit(length - 4));
    if ((int) crc.getValue() != stored) {
      throw corrupt(
          "Batch entry checksum["
              + Integer.toHexString((int) crc.getValue())
              + "] differs from the stored checksum["
              + Integer.toHexString(stored)
              + "]");
    }
    in.limit(length - 4);
    try {
      if (in.getInt() != MAGIC) {
        throw corrupt("Batch entry does not start with the magic AURB");
      }
      int version = in.get() & 0xFF;
      if (version != FORMAT_VERSION) {
        throw corrupt("Batch entry format version[" + version + "] is not supported");
      }
      byte[] producer = new byte[in.getShort() & 0xFFFF];
      in.get(producer);
      long sequence = in.getLong();
      int rowCount = in.getInt();
      if (rowCount < 0) {
        throw corrupt("Batch entry row count[" + rowCount + "] is negative");
      }
      int columnCount = in.getShort() & 0xFFFF;
      Block[] blocks = new Block[columnCount];
      for (int channel = 0; channel < columnCount; channel++) {
        PhysicalType type = typeOf(in.get() & 0xFF);
        Encoding encoding = Encoding.fromId(in.get() & 0xFF);
        int blockLength = in.getInt();
        if (blockLength < 0 || blockLength > in.remaining()) {
          throw corrupt(
              "Column[" + channel + "] length[" + blockLength + "] exceeds the batch entry");
        }
        blocks[channel] =
            ColumnDecoder.decode(
                encoding,
                type,
                in.array(),
                in.arrayOffset() + in.position(),
                blockLength,
                rowCount);
        in.position(in.position() + blockLength);
      }
      if (in.hasRemaining()) {
        throw corrupt("Batch entry has leftover bytes[" + in.remaining() + "]");
      }
      return new Batch(
          new String(producer, StandardCharsets.UTF_8), sequence, new Page(rowCount, blocks));
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Batch entry is truncated", e);
    }
  }

  private static int typeId(Block block) {
    if (block instanceof BooleanBlock) {
      return 1;
    }
    if (block instanceof IntBlock) {
      return 2;
    }
    if (block instanceof LongBlock) {
      return 3;
    }
    if (block instanceof FloatBlock) {
      return 4;
    }
    if (block instanceof DoubleBlock) {
      return 5;
    }
    if (block instanceof VarcharBlock) {
      return 6;
    }
    throw new IllegalArgumentException("Unsupported block " + block.getClass().getSimpleName());
  }

  private static PhysicalType typeOf(int id) {
    return switch (id) {
      case 1 -> PhysicalType.BOOLEAN;
      case 2 -> PhysicalType.INT;
      case 3 -> PhysicalType.LONG;
      case 4 -> PhysicalType.FLOAT;
      case 5 -> PhysicalType.DOUBLE;
      case 6 -> PhysicalType.VARCHAR;
      default -> throw corrupt("Unknown physical type id[" + id + "]");
    };
  }

  private static AuroraException corrupt(String message) {
    return new AuroraException(ErrorCode.DATA_CORRUPTED, message);
  }
}
