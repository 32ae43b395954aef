package io.aurora.consensus;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import java.util.Objects;

/**
 * Splits a page by shard on the hash of its distribution columns. The hash depends only on the
 * values (not on the block's encoding), so every node routes a row to the same shard; a NULL key
 * hashes to a constant. Per row it reads primitives and mixes them, without allocating, for
 * integer, timestamp, plain and dictionary-encoded string keys.
 */
final class ShardRouter {
  private ShardRouter() {}

  /**
   * The rows of {@code page} per shard: {@code result[shard]} holds the page's positions (in row
   * order) that hash to that shard, or is null when none do.
   */
  static int[][] split(Page page, int[] keyChannels, int shardCount) {
    int rows = page.rowCount();
    long[] hashes = new long[rows];
    for (int channel : keyChannels) {
      Block block = page.block(channel);
      for (int row = 0; row < rows; row++) {
        hashes[row] = hashes[row] * 0x9E3779B97F4A7C15L + hash(block, page.position(row));
      }
    }
    int[] counts = new int[shardCount];
    int[] shards = new int[rows];
    for (int row = 0; row < rows; row++) {
      int shard = (int) Math.floorMod(mix(hashes[row]), (long) shardCount);
      shards[row] = shard;
      counts[shard]++;
    }
    int[][] positions = new int[shardCount][];
    int[] filled = new int[shardCount];
    for (int row = 0; row < rows; row++) {
      int shard = shards[row];
      if (positions[shard] == null) {
        positions[shard] = new int[counts[shard]];
      }
      positions[shard][filled[shard]++] = page.position(row);
    }
    return positions;
  }

  /** The hash of one value; NULL hashes to a constant. */
  static long hash(Block block, int position) {
    if (block.isNull(position)) {
      return 0x5bd1e995L;
    }
    if (block instanceof LongBlock longs) {
      return mix(longs.value(position));
    }
    if (block instanceof IntBlock ints) {
      return mix(ints.value(position));
    }
    if (block instanceof VarcharBlock strings) {
      return hashBytes(strings.bytes(), strings.offset(position), strings.length(position));
    }
    if (block instanceof DictionaryBlock dictionary) {
      // Hashes the dictionary entry's bytes: the same hash as the plain string, no allocation.
      return hash(dictionary.dictionary(), dictionary.id(position));
    }
    // Booleans and floating point keys are rare: hashed through their boxed value.
    return mix(Objects.hashCode(block.objectValue(position)));
  }

  private static long hashBytes(byte[] bytes, int offset, int length) {
    long hash = 0xcbf29ce484222325L;
    for (int i = offset; i < offset + length; i++) {
      hash = (hash ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
    }
    return mix(hash);
  }

  /** A 64-bit finalizer (MurmurHash3's fmix64): spreads every input bit over the output. */
  static long mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
