package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.compression.Codec;

/**
 * How a segment is written.
 *
 * @param blockRowCount rows per column block. 65,536 by default: a block of longs is 512 KiB
 *     decoded, which stays in a core's L2 cache while a kernel runs over it, and the per-block
 *     costs (a footer entry of about 60 bytes, a checksum, codec start-up) stay below 0.1% of the
 *     data. Smaller blocks skip more precisely by min/max at the cost of a larger footer.
 * @param codec the codec for blocks, dictionaries and indexes; a unit whose compressed form is not
 *     at least {@code 1 - minimumSavings} smaller is stored uncompressed.
 * @param minimumSavings the fraction a codec must save for it to be used (default 0.1).
 * @param dictionaryMaxDistinctRatio a VARCHAR column is dictionary-encoded when its distinct values
 *     are at most this fraction of its rows (default 0.5).
 * @param invertedIndexMaxCardinality dictionary columns with at most this many distinct values get
 *     an inverted index (default 4096; 0 disables inverted indexes).
 * @param bloomFilterMinCardinality integer-like and non-dictionary VARCHAR columns whose estimated
 *     distinct count is above this get a Bloom filter (default 1024; negative disables them).
 * @param bloomFilterBitsPerEntry Bloom filter size per distinct value: 10 gives about 1% false
 *     positives.
 */
public record SegmentWriteOptions(
    int blockRowCount,
    Codec codec,
    double minimumSavings,
    double dictionaryMaxDistinctRatio,
    int invertedIndexMaxCardinality,
    int bloomFilterMinCardinality,
    int bloomFilterBitsPerEntry) {

  public static final int DEFAULT_BLOCK_ROW_COUNT = 65_536;

  public static final SegmentWriteOptions DEFAULT =
      new SegmentWriteOptions(DEFAULT_BLOCK_ROW_COUNT, Codec.LZ4, 0.1, 0.5, 4096, 1024, 10);

  public SegmentWriteOptions {
    requireNonNull(codec, "codec is null");
    if (blockRowCount < 1) {
      throw new IllegalArgumentException("blockRowCount must be positive: " + blockRowCount);
    }
    if (minimumSavings < 0 || minimumSavings >= 1) {
      throw new IllegalArgumentException("minimumSavings must be in [0, 1): " + minimumSavings);
    }
    if (dictionaryMaxDistinctRatio < 0 || dictionaryMaxDistinctRatio > 1) {
      throw new IllegalArgumentException("dictionaryMaxDistinctRatio must be in [0, 1]");
    }
    if (invertedIndexMaxCardinality < 0) {
      throw new IllegalArgumentException("invertedIndexMaxCardinality must not be negative");
    }
    if (bloomFilterBitsPerEntry < 1 || bloomFilterBitsPerEntry > 64) {
      throw new IllegalArgumentException("bloomFilterBitsPerEntry must be in [1, 64]");
    }
  }

  public SegmentWriteOptions withBlockRowCount(int rows) {
    return new SegmentWriteOptions(
        rows,
        codec,
        minimumSavings,
        dictionaryMaxDistinctRatio,
        invertedIndexMaxCardinality,
        bloomFilterMinCardinality,
        bloomFilterBitsPerEntry);
  }

  public SegmentWriteOptions withCodec(Codec newCodec) {
    return new SegmentWriteOptions(
        blockRowCount,
        newCodec,
        minimumSavings,
        dictionaryMaxDistinctRatio,
        invertedIndexMaxCardinality,
        bloomFilterMinCardinality,
        bloomFilterBitsPerEntry);
  }
}
