package io.aurora.sql.operator;

import static io.aurora.sql.operator.testing.TestingPages.page;
import static io.aurora.sql.operator.testing.TestingPages.row;
import static io.aurora.sql.operator.testing.TestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.operator.testing.TestingPages;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestGroupByHash {
  private final MemoryContext memory = MemoryContext.unlimited();

  @Test
  void assignsDenseIdsInOrderOfFirstAppearanceWithNullAsAKey() {
    List<DataType> types = List.of(DataType.BIGINT);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0}, memory)) {
      Page page =
          page(types, List.of(row(7L), row((Object) null), row(7L), row(-3L), row((Object) null)));
      assertThat(Arrays.copyOf(hash.groupIds(page), 5)).containsExactly(0, 1, 0, 2, 1);
      assertThat(hash.groupCount()).isEqualTo(3);
      assertThat(rows(new Page(3, hash.keyBlocks(0, 3))))
          .containsExactly(row(7L), row((Object) null), row(-3L));
    }
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void integerKeysKeepTheirType() {
    List<DataType> types = List.of(DataType.INTEGER);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0}, memory)) {
      hash.groupIds(page(types, List.of(row(1), row(2), row(1))));
      assertThat(rows(new Page(2, hash.keyBlocks(0, 2)))).containsExactly(row(1), row(2));
    }
  }

  @Test
  void rehashesPastManyGroupsAndKeepsIds() {
    long seed = 41;
    Random random = new Random(seed);
    for (List<DataType> types :
        List.of(List.of(DataType.BIGINT), List.of(DataType.BIGINT, DataType.VARCHAR))) {
      int[] channels = types.size() == 1 ? new int[] {0} : new int[] {0, 1};
      try (GroupByHash hash = GroupByHash.create(types, channels, memory)) {
        Map<List<Object>, Integer> expected = new HashMap<>();
        for (int batch = 0; batch < 30; batch++) {
          List<List<Object>> rows = new ArrayList<>();
          for (int i = 0; i < 5000; i++) {
            long key = random.nextInt(100_000);
            rows.add(types.size() == 1 ? row(key) : row(key, "s" + (key % 7)));
          }
          int[] ids = hash.groupIds(page(types, rows));
          for (int i = 0; i < rows.size(); i++) {
            Integer known = expected.putIfAbsent(rows.get(i), expected.size());
            assertThat(ids[i])
                .as("seed %s row %s", seed, i)
                .isEqualTo(known == null ? expected.size() - 1 : known);
          }
        }
        assertThat(hash.groupCount()).isEqualTo(expected.size()).isGreaterThan(70_000);
        assertThat(hash.retainedBytes()).isGreaterThan(1_000_000);
        List<List<Object>> keys =
            rows(new Page(hash.groupCount(), hash.keyBlocks(0, hash.groupCount())));
        for (Map.Entry<List<Object>, Integer> entry : expected.entrySet()) {
          assertThat(keys.get(entry.getValue())).isEqualTo(entry.getKey());
        }
      }
    }
    assertThat(memory.reservedBytes()).isZero();
  }

  @Test
  void multiColumnKeysTreatNullsAsEqual() {
    List<DataType> types = List.of(DataType.VARCHAR, DataType.INTEGER, DataType.BOOLEAN);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0, 1, 2}, memory)) {
      Page page =
          page(
              types,
              List.of(
                  row("a", 1, true),
                  row(null, 1, true),
                  row("a", null, true),
                  row(null, 1, true),
                  row("a", 1, null),
                  row("a", null, true),
                  row("", 1, true),
                  row("a", 1, true)));
      assertThat(Arrays.copyOf(hash.groupIds(page), 8)).containsExactly(0, 1, 2, 1, 3, 2, 4, 0);
      assertThat(rows(new Page(5, hash.keyBlocks(0, 5))))
          .containsExactly(
              row("a", 1, true),
              row(null, 1, true),
              row("a", null, true),
              row("a", 1, null),
              row("", 1, true));
    }
  }

  @Test
  void floatingPointKeysFollowPostgresEquality() {
    List<DataType> types = List.of(DataType.DOUBLE, DataType.BIGINT);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0, 1}, memory)) {
      Page page =
          page(
              types,
              List.of(
                  row(0.0, 1L),
                  row(-0.0, 1L),
                  row(Double.NaN, 1L),
                  row(Double.longBitsToDouble(0x7ff8000000000001L), 1L),
                  row(1.5, 1L)));
      assertThat(Arrays.copyOf(hash.groupIds(page), 5)).containsExactly(0, 0, 1, 1, 2);
    }
  }

  @Test
  void dictionaryAndPlainStringsGetTheSameGroups() {
    VarcharBlock dictionary = VarcharBlock.of("red", "green", "blue");
    VarcharBlock otherDictionary = VarcharBlock.of("blue", "black");
    List<DataType> types = List.of(DataType.VARCHAR);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0}, memory)) {
      DictionaryBlock first =
          TestingPages.dictionaryBlock(dictionary, Arrays.asList("green", null, "green", "red"));
      assertThat(Arrays.copyOf(hash.groupIds(Page.of(first)), 4)).containsExactly(0, 1, 0, 2);
      Page plain = page(types, List.of(row("red"), row("blue"), row((Object) null)));
      assertThat(Arrays.copyOf(hash.groupIds(plain), 3)).containsExactly(2, 3, 1);
      DictionaryBlock second =
          TestingPages.dictionaryBlock(otherDictionary, Arrays.asList("black", "blue"));
      assertThat(Arrays.copyOf(hash.groupIds(Page.of(second)), 2)).containsExactly(4, 3);
      DictionaryBlock third =
          TestingPages.dictionaryBlock(dictionary, Arrays.asList("blue", "red"));
      assertThat(Arrays.copyOf(hash.groupIds(Page.of(third)), 2)).containsExactly(3, 2);
      assertThat(rows(new Page(5, hash.keyBlocks(0, 5))))
          .containsExactly(row("green"), row((Object) null), row("red"), row("blue"), row("black"));
    }
  }

  @Test
  void honorsTheSelection() {
    Random random = new Random(7);
    for (List<DataType> types :
        List.of(List.of(DataType.BIGINT), List.of(DataType.VARCHAR, DataType.BIGINT))) {
      int[] channels = types.size() == 1 ? new int[] {0} : new int[] {0, 1};
      List<Object> filler = types.size() == 1 ? row(999L) : row("filler", 999L);
      List<List<Object>> rows =
          types.size() == 1
              ? List.of(row(1L), row(2L), row(1L), row(3L))
              : List.of(row("a", 1L), row("b", 2L), row("a", 1L), row("c", 3L));
      try (GroupByHash hash = GroupByHash.create(types, channels, memory)) {
        Page page = TestingPages.pageWithSelection(types, rows, filler, random);
        assertThat(page.selection()).isNotNull();
        assertThat(Arrays.copyOf(hash.groupIds(page), 4)).containsExactly(0, 1, 0, 2);
        assertThat(hash.groupCount()).isEqualTo(3);
      }
    }
  }

  @Test
  void keyBlocksOfARange() {
    List<DataType> types = List.of(DataType.REAL, DataType.DATE);
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0, 1}, memory)) {
      hash.groupIds(page(types, List.of(row(1.5f, 10), row(2.5f, 20), row(null, 30))));
      Block[] blocks = hash.keyBlocks(1, 3);
      assertThat(rows(new Page(2, blocks))).containsExactly(row(2.5f, 20), row(null, 30));
    }
  }

  @Test
  void failsWhenTheMemoryLimitIsExceeded() {
    MemoryContext small = new MemoryContext(200_000);
    List<DataType> types = List.of(DataType.BIGINT);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 100_000; i++) {
      rows.add(row(i));
    }
    try (GroupByHash hash = GroupByHash.create(types, new int[] {0}, small)) {
      assertThatThrownBy(() -> hash.groupIds(page(types, rows)))
          .isInstanceOfSatisfying(
              AuroraException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.OUT_OF_MEMORY));
    }
    assertThat(small.reservedBytes()).isZero();
  }
}
