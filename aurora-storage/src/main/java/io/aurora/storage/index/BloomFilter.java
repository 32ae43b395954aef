package io.aurora.storage.index;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A split-block Bloom filter (Putze et al., as in Parquet and Impala) over 64-bit hashes, for
 * answering "is this value absent from the segment?" on high-cardinality columns without reading
 * them.
 *
 * <p>Each 256-bit block holds eight 32-bit words; an entry sets one bit in each word of the block
 * its hash selects, so a lookup touches one cache line. With 10 bits per entry the false positive
 * rate is about 1%.
 *
 * <p>Serialized form (little endian): {@code int blockCount}, then {@code blockCount * 8} ints. Not
 * thread-safe while being built; immutable once read.
 */
public final class BloomFilter {
  private static final int WORDS_PER_BLOCK = 8;
  private static final int[] SALT = {
    0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d, 0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31
  };

  private final int blockCount;
  private final int[] words;

  private BloomFilter(int blockCount, int[] words) {
    this.blockCount = blockCount;
    this.words = words;
  }

  /** An empty filter sized for {@code expectedEntries} at {@code bitsPerEntry} bits each. */
  public static BloomFilter create(long expectedEntries, int bitsPerEntry) {
    if (bitsPerEntry < 1 || bitsPerEntry > 64) {
      throw new IllegalArgumentException("bitsPerEntry out of range: " + bitsPerEntry);
    }
    long bits = Math.max(256, Math.max(1, expectedEntries) * bitsPerEntry);
    long blocks = Math.min((bits + 255) / 256, 1 << 24);
    return new BloomFilter((int) blocks, new int[(int) blocks * WORDS_PER_BLOCK]);
  }

  public void add(long hash) {
    int base = blockIndex(hash) * WORDS_PER_BLOCK;
    int key = (int) hash;
    for (int i = 0; i < WORDS_PER_BLOCK; i++) {
      words[base + i] |= 1 << ((key * SALT[i]) >>> 27);
    }
  }

  /** False when the value with this hash was certainly never added. */
  public boolean mightContain(long hash) {
    int base = blockIndex(hash) * WORDS_PER_BLOCK;
    int key = (int) hash;
    for (int i = 0; i < WORDS_PER_BLOCK; i++) {
      if ((words[base + i] & (1 << ((key * SALT[i]) >>> 27))) == 0) {
        return false;
      }
    }
    return true;
  }

  private int blockIndex(long hash) {
    return (int) (((hash >>> 32) * blockCount) >>> 32);
  }

  public int serializedSize() {
    return 4 + words.length * 4;
  }

  public byte[] serialize() {
    ByteBuffer buffer = ByteBuffer.allocate(serializedSize()).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(blockCount);
    for (int word : words) {
      buffer.putInt(word);
    }
    return buffer.array();
  }

  /** Reads a filter from {@code data}'s remaining bytes; the buffer's position is not changed. */
  public static BloomFilter read(ByteBuffer data) {
    ByteBuffer buffer = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.remaining() < 4) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Bloom filter is truncated");
    }
    int blockCount = buffer.getInt();
    if (blockCount < 1 || (long) blockCount * WORDS_PER_BLOCK * 4 != buffer.remaining()) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED,
          "Bloom filter block count[" + blockCount + "] does not match its size");
    }
    int[] words = new int[blockCount * WORDS_PER_BLOCK];
    buffer.asIntBuffer().get(words);
    return new BloomFilter(blockCount, words);
  }
}
