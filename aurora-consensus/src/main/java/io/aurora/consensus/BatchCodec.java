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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

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
 * <h2>Source offsets (format version 2)</h2>
 *
 * A batch read from an ordered source (a Kafka partition of a pipeline) carries the source offset
 * of each of its rows, and its {@code sequence} is the offset the batch ends at:
 *
 * <pre>
 * entry      = ... column[columnCount] offsetCount:i32 offset:i64[offsetCount] crc:u32
 * </pre>
 *
 * with {@code offsetCount} equal to {@code rowCount}; the rest is as in version 1. The state
 * machine applies the rows whose offset is above the highest sequence applied for the producer, so
 * a batch that overlaps one already applied (a restart, or two consumers of one partition for a
 * moment) adds each source record once. Batches without offsets are still written as version 1.
 *
 * <p>{@code encoded} is a block in the layout of {@link Encoding} (null section and body) as {@link
 * ColumnEncoder} writes it, with {@code rowCount} positions; {@code encoding} is its {@link
 * Encoding#id()}. {@code physicalType} is a stable id of this format: 1 BOOLEAN, 2 INT, 3 LONG, 4
 * FLOAT, 5 DOUBLE, 6 VARCHAR; 0 is never assigned and 7-255 are reserved. {@code crc} is the CRC32C
 * of every byte before it. The page's selection is applied before encoding and dictionary blocks
 * are written as plain VARCHAR, so a decoded page has no selection and no dictionary blocks; the
 * SQL types of the columns are not stored (the shard's schema has them).
 *
 * <h2>Group entries (group format version 1)</h2>
 *
 * Batches that arrive together are committed as one log entry (group commit), each keeping its own
 * producer id and sequence, so the state machine deduplicates and replies per batch:
 *
 * <pre>
 * group      = magic:"AURG" version:u8 batchCount:i32 (batchLength:i32 entry:byte[batchLength])*
 * </pre>
 *
 * where each {@code entry} is a complete batch entry as above (with its own checksum) and {@code
 * batchCount} is at least 2. A reader tells the two kinds apart by the magic.
 *
 * <p>A version other than 1, a bad checksum, a truncated entry or trailing bytes raise {@link
 * AuroraException} with {@link ErrorCode#DATA_CORRUPTED}. Stateless and thread-safe.
 */
public final class BatchCodec {
  /** The current format version; a decoder rejects any other. */
  public static final int FORMAT_VERSION = 1;

  /** The entry format of a batch with source offsets; see the class documentation. */
  public static final int SOURCED_FORMAT_VERSION = 2;

  /** The current format version of group entries; a decoder rejects any other. */
  public static final int GROUP_FORMAT_VERSION = 1;

  private static final int MAGIC = 0x42525541; // "AURB" read as a little-endian int
  private static final int GROUP_MAGIC = 0x47525541; // "AURG" read as a little-endian int
  private static final int HEADER_BYTES = 4 + 1 + 2 + 8 + 4 + 2;
  private static final int MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;
  private static final int MAX_PRODUCER_BYTES = 0xFFFF;
  private static final int MAX_COLUMNS = 0xFFFF;

  private BatchCodec() {}

  /**
   * A decoded log entry; {@code sourceOffsets} holds the source offset of each row of a batch read
   * from an ordered source (format version 2), and is null otherwise.
   */
  public record Batch(
      String producerId, long sequence, Page page, long @Nullable [] sourceOffsets) {
    public Batch {
      requireNonNull(producerId, "producerId is null");
      requireNonNull(page, "page is null");
    }
  }

  /**
   * The columns of a page in the batch entry's form, encoded once (the expensive part, done by the
   * appending thread) and framed with a producer id and sequence later, when the sequence is known.
   */
  public static final class EncodedPage {
    private final int rowCount;
    private final int[] types;
    private final EncodedBlock[] blocks;
    private final int columnBytes;
    private final long @Nullable [] sourceOffsets;

    private EncodedPage(
        int rowCount,
        int[] types,
        EncodedBlock[] blocks,
        int columnBytes,
        long @Nullable [] sourceOffsets) {
      this.rowCount = rowCount;
      this.types = types;
      this.blocks = blocks;
      this.columnBytes = columnBytes;
      this.sourceOffsets = sourceOffsets;
    }

    /** The bytes of a batch entry holding these columns, for a producer id of that many bytes. */
    int entryBytes(int producerBytes) {
      int offsetBytes = sourceOffsets == null ? 0 : 4 + 8 * sourceOffsets.length;
      return HEADER_BYTES + producerBytes + columnBytes + offsetBytes + 4;
    }
  }

  /** A framed batch of a group entry: an encoded page with its producer id and sequence. */
  public record GroupMember(String producerId, long sequence, EncodedPage page) {
    public GroupMember {
      requireNonNull(producerId, "producerId is null");
      requireNonNull(page, "page is null");
    }
  }

  /** Encodes the selected rows of {@code page} with the producer id and sequence number. */
  public static byte[] encode(Page page, String producerId, long sequence) {
    return encode(encodePage(page), producerId, sequence);
  }

  /** A batch entry of an {@link #encodePage encoded page} with the producer id and sequence. */
  public static byte[] encode(EncodedPage page, String producerId, long sequence) {
    byte[] producer = producerBytes(producerId);
    ByteBuffer out = ByteBuffer.allocate(page.entryBytes(producer.length));
    writeEntry(out, page, producer, sequence);
    return out.array();
  }

  /**
   * Encodes the columns of the selected rows of {@code page}, to be framed by {@link
   * #encode(EncodedPage, String, long)} or {@link #encodeGroup}.
   */
  public static EncodedPage encodePage(Page page) {
    return encodePage(page, null);
  }

  /**
   * Encodes the columns of the selected rows of {@code page} with the source offset of each
   * selected row ({@code sourceOffsets[i]} belongs to the page's i-th selected row), for a batch of
   * format version 2; with null offsets, as {@link #encodePage(Page)}.
   */
  public static EncodedPage encodePage(Page page, long @Nullable [] sourceOffsets) {
    requireNonNull(page, "page is null");
    if (sourceOffsets != null && sourceOffsets.length != page.rowCount()) {
      throw new IllegalArgumentException(
          "Offsets["
              + sourceOffsets.length
              + "] do not match the page's rows["
              + page.rowCount()
              + "]");
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
    long size = 0;
    for (int channel = 0; channel < columnCount; channel++) {
      Block block = rows.block(channel);
      if (block instanceof DictionaryBlock dictionary) {
        block = dictionary.decode();
      }
      types[channel] = typeId(block);
      encoded[channel] = ColumnEncoder.encode(block);
      size += 1 + 1 + 4 + encoded[channel].length();
    }
    long offsetBytes = sourceOffsets == null ? 0 : 4 + 8L * sourceOffsets.length;
    if (size + offsetBytes > MAX_ENTRY_BYTES - HEADER_BYTES - MAX_PRODUCER_BYTES - 4) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "Batch of bytes[" + size + "] is too large");
    }
    return new EncodedPage(
        rows.positionCount(),
        types,
        encoded,
        (int) size,
        sourceOffsets == null ? null : sourceOffsets.clone());
  }

  /**
   * Encodes several batches as one group entry, in order; a single batch should be written with
   * {@link #encode(EncodedPage, String, long)} instead. See the class documentation for the layout.
   */
  public static byte[] encodeGroup(List<GroupMember> members) {
    if (members.size() < 2) {
      throw new IllegalArgumentException("A group entry has at least two batches");
    }
    byte[][] producers = new byte[members.size()][];
    long size = 4 + 1 + 4;
    for (int i = 0; i < members.size(); i++) {
      GroupMember member = members.get(i);
      producers[i] = producerBytes(member.producerId());
      size += 4 + member.page().entryBytes(producers[i].length);
    }
    if (size > MAX_ENTRY_BYTES) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "Group entry of bytes[" + size + "] is too large");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(GROUP_MAGIC);
    out.put((byte) GROUP_FORMAT_VERSION);
    out.putInt(members.size());
    for (int i = 0; i < members.size(); i++) {
      GroupMember member = members.get(i);
      out.putInt(member.page().entryBytes(producers[i].length));
      writeEntry(out, member.page(), producers[i], member.sequence());
    }
    return out.array();
  }

  /** Whether the entry between the position and the limit of {@code data} is a group entry. */
  public static boolean isGroup(ByteBuffer data) {
    return data.remaining() >= 4
        && data.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt() == GROUP_MAGIC;
  }

  /**
   * The batch entries of a group entry, in order, as views of {@code data} (not modified); each is
   * decoded by {@link #decode(ByteBuffer)}, which checks its checksum.
   */
  public static List<ByteBuffer> splitGroup(ByteBuffer data) {
    ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (in.getInt() != GROUP_MAGIC) {
        throw corrupt("Group entry does not start with the magic AURG");
      }
      int version = in.get() & 0xFF;
      if (version != GROUP_FORMAT_VERSION) {
        throw corrupt("Group entry format version[" + version + "] is not supported");
      }
      int count = in.getInt();
      if (count < 2 || count > in.remaining() / 4) {
        throw corrupt("Group entry batch count[" + count + "] is out of range");
      }
      List<ByteBuffer> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw corrupt("Batch[" + i + "] length[" + length + "] exceeds the group entry");
        }
        entries.add(in.slice().limit(length));
        in.position(in.position() + length);
      }
      if (in.hasRemaining()) {
        throw corrupt("Group entry has leftover bytes[" + in.remaining() + "]");
      }
      return entries;
    } catch (BufferUnderflowException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Group entry is truncated", e);
    }
  }

  private static byte[] producerBytes(String producerId) {
    requireNonNull(producerId, "producerId is null");
    byte[] producer = producerId.getBytes(StandardCharsets.UTF_8);
    if (producer.length > MAX_PRODUCER_BYTES) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Producer id of bytes[" + producer.length + "] exceeds " + MAX_PRODUCER_BYTES);
    }
    return producer;
  }

  /** Writes one batch entry at the position of {@code out}, which has an accessible array. */
  private static void writeEntry(ByteBuffer out, EncodedPage page, byte[] producer, long sequence) {
    out.order(ByteOrder.LITTLE_ENDIAN);
    int start = out.position();
    out.putInt(MAGIC);
    out.put((byte) (page.sourceOffsets == null ? FORMAT_VERSION : SOURCED_FORMAT_VERSION));
    out.putShort((short) producer.length);
    out.put(producer);
    out.putLong(sequence);
    out.putInt(page.rowCount);
    out.putShort((short) page.blocks.length);
    for (int channel = 0; channel < page.blocks.length; channel++) {
      EncodedBlock block = page.blocks[channel];
      out.put((byte) page.types[channel]);
      out.put((byte) block.encoding().id());
      out.putInt(block.length());
      out.put(block.bytes(), 0, block.length());
    }
    if (page.sourceOffsets != null) {
      out.putInt(page.sourceOffsets.length);
      for (long offset : page.sourceOffsets) {
        out.putLong(offset);
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), out.arrayOffset() + start, out.position() - start);
    out.putInt((int) crc.getValue());
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
      if (version != FORMAT_VERSION && version != SOURCED_FORMAT_VERSION) {
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
      long[] sourceOffsets = null;
      if (version == SOURCED_FORMAT_VERSION) {
        int offsetCount = in.getInt();
        if (offsetCount != rowCount) {
          throw corrupt("Batch entry has offsets[" + offsetCount + "] for rows[" + rowCount + "]");
        }
        sourceOffsets = new long[offsetCount];
        in.asLongBuffer().get(sourceOffsets);
        in.position(in.position() + 8 * offsetCount);
      }
      if (in.hasRemaining()) {
        throw corrupt("Batch entry has leftover bytes[" + in.remaining() + "]");
      }
      return new Batch(
          new String(producer, StandardCharsets.UTF_8),
          sequence,
          new Page(rowCount, blocks),
          sourceOffsets);
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
