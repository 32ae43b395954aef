package io.aurora.sql.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The build side's table: chains, null keys, retained columns and memory ownership. */
class TestJoinHashTable {
  private final OperatorContext context = OperatorContext.forTesting();

  private JoinHashTable build(
      JoinType type,
      List<DataType> types,
      List<Integer> keys,
      List<Integer> outputs,
      Page... pages) {
    JoinBridge bridge = new JoinBridge();
    try (HashBuilderOperator builder =
        new HashBuilderOperator(context, bridge, type, types, keys, outputs)) {
      for (Page page : pages) {
        builder.addInput(page);
      }
      builder.finish();
    }
    return bridge.table();
  }

  private static List<Integer> chain(JoinHashTable table, int head) {
    List<Integer> rows = new ArrayList<>();
    for (int row = head; row >= 0; row = table.nextRows()[row]) {
      rows.add(row);
    }
    return rows;
  }

  private static int[] heads(JoinHashTable table, Page probe, int... keyChannels) {
    int[] heads = new int[probe.rowCount()];
    table.findChains(
        probe, keyChannels, heads, new long[probe.rowCount()], new boolean[probe.rowCount()]);
    return heads;
  }

  @Test
  void duplicateKeysChainInRowOrderAndNullKeysStayOutOfChains() {
    List<DataType> types = List.of(DataType.BIGINT, DataType.VARCHAR);
    Page page =
        JoinTestingPages.page(
            types,
            List.of(
                Arrays.asList(5L, "a"),
                Arrays.asList(null, "b"),
                Arrays.asList(5L, "c"),
                Arrays.asList(6L, "d"),
                Arrays.asList(5L, "e")));
    try (JoinHashTable table = build(JoinType.RIGHT, types, List.of(0), List.of(1), page)) {
      assertThat(table.rowCount()).isEqualTo(5);
      int[] heads =
          heads(
              table,
              JoinTestingPages.page(
                  List.of(DataType.BIGINT),
                  List.of(List.of(5L), List.of(6L), List.of(7L), Arrays.asList((Object) null))),
              0);
      assertThat(chain(table, heads[0])).containsExactly(0, 2, 4);
      assertThat(chain(table, heads[1])).containsExactly(3);
      assertThat(heads[2]).isEqualTo(-1);
      assertThat(heads[3]).isEqualTo(-1);
      assertThat(table.column(1).objectValue(1)).isEqualTo("b");
    }
    assertThat(context.memory().reservedBytes()).isZero();
  }

  @Test
  void innerJoinDropsNullKeyRowsAndKeepsOnlyNeededChannels() {
    List<DataType> types = List.of(DataType.INTEGER, DataType.DOUBLE, DataType.BIGINT);
    Page page =
        JoinTestingPages.page(
            types,
            List.of(
                Arrays.asList(1, 1.0, 10L),
                Arrays.asList(2, null, 20L),
                Arrays.asList(null, 3.0, 30L)));
    try (JoinHashTable table = build(JoinType.INNER, types, List.of(0, 1), List.of(2), page)) {
      assertThat(table.rowCount()).isEqualTo(1);
      assertThat(table.keyCount()).isEqualTo(2);
      assertThat(table.hasChannel(0)).isTrue();
      assertThat(table.hasChannel(1)).isTrue();
      assertThat(table.hasChannel(2)).isTrue();
      assertThat(table.column(2).objectValue(0)).isEqualTo(10L);
    }
    try (JoinHashTable table = build(JoinType.INNER, types, List.of(0), List.of(), page)) {
      assertThat(table.hasChannel(1)).isFalse();
      assertThat(table.hasChannel(2)).isFalse();
    }
  }

  @Test
  void doubleKeysFoldZerosAndNaNs() {
    List<DataType> types = List.of(DataType.DOUBLE);
    double otherNan = Double.longBitsToDouble(0x7ff0000000000001L);
    Page page = JoinTestingPages.page(types, List.of(List.of(0.0), List.of(Double.NaN)));
    try (JoinHashTable table = build(JoinType.INNER, types, List.of(0), List.of(), page)) {
      int[] heads =
          heads(
              table,
              JoinTestingPages.page(types, List.of(List.of(-0.0), List.of(otherNan), List.of(1.0))),
              0);
      assertThat(heads).containsExactly(0, 1, -1);
    }
  }

  @Test
  void stringsFromOneDictionaryStayDictionaryEncoded() {
    List<DataType> types = List.of(DataType.VARCHAR);
    VarcharBlock dictionary = VarcharBlock.of("a", "b", "c");
    List<List<@Nullable Object>> first = List.of(List.of("c"), Arrays.asList((Object) null));
    List<List<@Nullable Object>> second = List.of(List.of("a"), List.of("c"));
    try (JoinHashTable table =
        build(
            JoinType.FULL,
            types,
            List.of(0),
            List.of(0),
            pageWithDictionary(first, dictionary),
            pageWithDictionary(second, dictionary))) {
      Block column = table.column(0);
      assertThat(column).isInstanceOf(DictionaryBlock.class);
      assertThat(((DictionaryBlock) column).dictionary()).isSameAs(dictionary);
      assertThat(values(column)).containsExactly("c", null, "a", "c");
      int[] heads = heads(table, JoinTestingPages.page(types, List.of(List.of("c"))), 0);
      assertThat(chain(table, heads[0])).containsExactly(0, 3);
    }
  }

  @Test
  void mixedStringEncodingsAreDecoded() {
    List<DataType> types = List.of(DataType.VARCHAR);
    VarcharBlock dictionary = VarcharBlock.of("a", "b");
    try (JoinHashTable table =
        build(
            JoinType.INNER,
            types,
            List.of(0),
            List.of(0),
            pageWithDictionary(List.of(List.of("b"), Arrays.asList((Object) null)), dictionary),
            JoinTestingPages.page(types, List.of(List.of("b"), List.of("zz"))),
            pageWithDictionary(List.of(List.of("a")), VarcharBlock.of("a")))) {
      Block column = table.column(0);
      assertThat(column).isInstanceOf(VarcharBlock.class);
      assertThat(values(column)).containsExactly("b", "b", "zz", "a");
      Page probe = pageWithDictionary(List.of(List.of("b"), List.of("a")), dictionary);
      int[] heads = heads(table, probe, 0);
      assertThat(chain(table, heads[0])).containsExactly(0, 1);
      assertThat(chain(table, heads[1])).containsExactly(3);
    }
  }

  @Test
  void crossJoinChainsEveryRow() {
    List<DataType> types = List.of(DataType.BOOLEAN);
    Page page =
        JoinTestingPages.page(
            types, List.of(List.of(true), Arrays.asList((Object) null), List.of(false)));
    try (JoinHashTable table = build(JoinType.LEFT, types, List.of(), List.of(0), page)) {
      assertThat(table.isCrossJoin()).isTrue();
      assertThat(
              chain(table, heads(table, JoinTestingPages.page(types, List.of(List.of(true))))[0]))
          .containsExactly(0, 1, 2);
    }
  }

  @Test
  void tableOwnsItsMemoryAndClosesOnce() {
    List<DataType> types = List.of(DataType.BIGINT);
    JoinHashTable table =
        build(
            JoinType.INNER,
            types,
            List.of(0),
            List.of(0),
            JoinTestingPages.page(types, List.of(List.of(1L), List.of(2L))));
    assertThat(table.retainedBytes()).isPositive();
    assertThat(context.memory().reservedBytes()).isEqualTo(table.retainedBytes());
    table.close();
    table.close();
    assertThat(context.memory().reservedBytes()).isZero();
  }

  private static Page pageWithDictionary(
      List<List<@Nullable Object>> rows, VarcharBlock dictionary) {
    return JoinTestingPages.page(
        List.of(DataType.VARCHAR),
        rows,
        JoinTestingPages.StringEncoding.SHARED_DICTIONARY,
        dictionary,
        null);
  }

  private static List<@Nullable Object> values(Block block) {
    List<@Nullable Object> values = new ArrayList<>();
    for (int position = 0; position < block.positionCount(); position++) {
      values.add(block.objectValue(position));
    }
    return values;
  }
}
