package io.aurora.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import org.junit.jupiter.api.Test;

/** Rows route by their values, whatever the block's encoding, and every row lands in one shard. */
class TestShardRouter {
  @Test
  void plainAndDictionaryEncodedStringsRouteAlike() {
    VarcharBlock plain = VarcharBlock.of("de", "fr", null, "de", "us", "fr");
    VarcharBlock dictionary = VarcharBlock.of("de", "fr", "us");
    DictionaryBlock encoded =
        new DictionaryBlock(
            6,
            new int[] {0, 1, 0, 0, 2, 1},
            dictionary,
            true,
            new boolean[] {false, false, true, false, false, false});
    for (int position = 0; position < 6; position++) {
      assertThat(ShardRouter.hash(encoded, position))
          .as("position %s", position)
          .isEqualTo(ShardRouter.hash(plain, position));
    }
  }

  @Test
  void splitsEveryRowIntoExactlyOneShardByKey() {
    long[] keys = new long[1000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i % 37;
    }
    Page page = Page.of(new LongBlock(keys.length, keys, null));
    int[][] parts = ShardRouter.split(page, new int[] {0}, 6);
    int rows = 0;
    int shardsUsed = 0;
    long[] shardOfKey = new long[37];
    java.util.Arrays.fill(shardOfKey, -1);
    for (int shard = 0; shard < parts.length; shard++) {
      if (parts[shard] == null) {
        continue;
      }
      shardsUsed++;
      for (int position : parts[shard]) {
        rows++;
        long key = keys[position];
        assertThat(shardOfKey[(int) key] == -1 || shardOfKey[(int) key] == shard).isTrue();
        shardOfKey[(int) key] = shard;
      }
    }
    assertThat(rows).isEqualTo(keys.length);
    assertThat(shardsUsed).isEqualTo(6);
  }

  @Test
  void aPipelinePartitionsRowsGoToTheShardOfItsNumber() {
    assertThat(ReplicatedCatalog.sourceShardIndex("pipeline-7/0", 3)).isZero();
    assertThat(ReplicatedCatalog.sourceShardIndex("pipeline-7/4", 3)).isEqualTo(1);
    assertThat(ReplicatedCatalog.sourceShardIndex("pipeline-7/999999999", 3)).isZero();
    assertThat(ReplicatedCatalog.sourceShardIndex("pipeline-7/99999999999", 3))
        .isEqualTo(Math.floorMod("pipeline-7/99999999999".hashCode(), 3));
    assertThat(ReplicatedCatalog.sourceShardIndex("no-number", 3))
        .isEqualTo(Math.floorMod("no-number".hashCode(), 3));
  }
}
