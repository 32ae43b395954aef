package io.aurora.sql.operator.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.expression.Expression;
import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Test helpers for the hash join: pages built from rows (optionally with junk rows hidden by a
 * selection, optionally dictionary-encoded strings), a driver loop for a build and a probe
 * operator, and a nested-loop reference join. Rows are {@code List<Object>} with nulls, compared as
 * multisets.
 */
final class JoinTestingPages {
  private JoinTestingPages() {}

  /** How string columns of generated pages are encoded. */
  enum StringEncoding {
    PLAIN,
    /** One dictionary shared by every page, as a segment column would. */
    SHARED_DICTIONARY,
    /** A fresh dictionary per page. */
    PAGE_DICTIONARY
  }

  /** A page of the given rows. */
  static Page page(List<DataType> types, List<List<@Nullable Object>> rows) {
    return page(types, rows, StringEncoding.PLAIN, null, null);
  }

  /**
   * A page of the given rows. With a {@code random}, junk rows are interleaved and hidden by a
   * selection vector; with a shared dictionary, strings are ids into it (it must hold them all).
   */
  static Page page(
      List<DataType> types,
      List<List<@Nullable Object>> rows,
      StringEncoding encoding,
      @Nullable VarcharBlock sharedDictionary,
      @Nullable Random junk) {
    List<List<@Nullable Object>> all = new ArrayList<>();
    int[] selection = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      while (junk != null && junk.nextInt(3) == 0) {
        // A copy of a real row: it would join like one, so only the selection may hide it.
        all.add(rows.get(junk.nextInt(rows.size())));
      }
      selection[i] = all.size();
      all.add(rows.get(i));
    }
    Block[] blocks = new Block[types.size()];
    for (int channel = 0; channel < types.size(); channel++) {
      List<@Nullable Object> column = new ArrayList<>();
      for (List<@Nullable Object> row : all) {
        column.add(row.get(channel));
      }
      DataType type = types.get(channel);
      if (type.physicalType() == PhysicalType.VARCHAR && encoding != StringEncoding.PLAIN) {
        blocks[channel] =
            encoding == StringEncoding.SHARED_DICTIONARY
                ? dictionaryBlock(column, Objects.requireNonNull(sharedDictionary))
                : dictionaryBlock(column, dictionary(column));
      } else {
        blocks[channel] = block(type, column);
      }
    }
    Page page = new Page(all.size(), blocks);
    return junk == null || all.size() == rows.size()
        ? page
        : page.withSelection(selection, selection.length);
  }

  static Block block(DataType type, List<@Nullable Object> values) {
    BlockBuilder builder = BlockBuilder.forType(type, values.size());
    for (Object value : values) {
      builder.appendObject(value, type);
    }
    return builder.build();
  }

  /** A sorted dictionary of the distinct non-null strings. */
  static VarcharBlock dictionary(List<@Nullable Object> values) {
    TreeSet<String> distinct = new TreeSet<>();
    for (Object value : values) {
      if (value != null) {
        distinct.add((String) value);
      }
    }
    return VarcharBlock.of(distinct.toArray(new String[0]));
  }

  static DictionaryBlock dictionaryBlock(List<@Nullable Object> values, VarcharBlock dictionary) {
    Map<String, Integer> ids = new HashMap<>();
    for (int id = 0; id < dictionary.positionCount(); id++) {
      ids.put(dictionary.string(id), id);
    }
    int[] result = new int[values.size()];
    boolean[] nulls = new boolean[values.size()];
    boolean hasNull = false;
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        nulls[i] = true;
        hasNull = true;
      } else {
        result[i] = Objects.requireNonNull(ids.get((String) value), "not in dictionary");
      }
    }
    return new DictionaryBlock(values.size(), result, dictionary, true, hasNull ? nulls : null);
  }

  /** The rows of a page, honouring its selection. */
  static List<List<@Nullable Object>> rows(Page page) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int row = 0; row < page.rowCount(); row++) {
      List<@Nullable Object> values = new ArrayList<>();
      for (int channel = 0; channel < page.channelCount(); channel++) {
        values.add(page.objectValue(channel, row));
      }
      rows.add(values);
    }
    return rows;
  }

  /** Counts equal rows, so that two results compare as multisets. */
  static Map<List<@Nullable Object>, Integer> multiset(List<List<@Nullable Object>> rows) {
    Map<List<@Nullable Object>, Integer> counts = new HashMap<>();
    for (List<@Nullable Object> row : rows) {
      counts.merge(row, 1, Integer::sum);
    }
    return counts;
  }

  /** A join to run: both sides' types, keys and which channels to output. */
  record JoinSpec(
      JoinType type,
      List<DataType> probeTypes,
      List<DataType> buildTypes,
      List<Integer> probeKeys,
      List<Integer> buildKeys,
      @Nullable Expression filter) {

    List<Integer> probeOutputs() {
      return IntStream.range(0, probeTypes.size()).boxed().toList();
    }

    List<Integer> buildOutputs() {
      return IntStream.range(0, buildTypes.size()).boxed().toList();
    }
  }

  /** What a join run returned: its rows and how many output pages they came in. */
  record JoinResult(List<List<@Nullable Object>> rows, int pageCount) {}

  /**
   * Runs the build pages through a {@link HashBuilderOperator}, then the probe pages through a
   * {@link LookupJoinOperator}, checking the protocol, batch sizes and that all memory is released.
   */
  static JoinResult run(
      OperatorContext context, JoinSpec spec, List<Page> buildPages, List<Page> probePages) {
    JoinBridge bridge = new JoinBridge();
    try (HashBuilderOperator builder =
        new HashBuilderOperator(
            context,
            bridge,
            spec.type(),
            spec.buildTypes(),
            spec.buildKeys(),
            spec.buildOutputs())) {
      for (Page page : buildPages) {
        assertThat(builder.needsInput()).isTrue();
        builder.addInput(page);
        assertThat(builder.getOutput()).isNull();
      }
      builder.finish();
      assertThat(builder.isFinished()).isTrue();
    }
    List<List<@Nullable Object>> rows = new ArrayList<>();
    int pageCount = 0;
    boolean isSemiOrAnti = spec.type() == JoinType.SEMI || spec.type() == JoinType.ANTI;
    List<DataType> buildOutputTypes = spec.buildTypes();
    try (LookupJoinOperator join =
        new LookupJoinOperator(
            context,
            spec.type(),
            bridge,
            spec.probeKeys(),
            spec.probeOutputs(),
            spec.probeTypes(),
            spec.buildOutputs(),
            buildOutputTypes,
            spec.filter())) {
      List<Page> outputs = new ArrayList<>();
      for (Page page : probePages) {
        while (!join.needsInput()) {
          Page output = join.getOutput();
          if (output != null) {
            outputs.add(output);
          }
        }
        join.addInput(page);
        Page output = join.getOutput();
        if (output != null) {
          outputs.add(output);
        }
      }
      join.finish();
      while (!join.isFinished()) {
        Page output = join.getOutput();
        if (output != null) {
          outputs.add(output);
        }
      }
      assertThat(join.getOutput()).isNull();
      int width = spec.probeTypes().size() + (isSemiOrAnti ? 0 : buildOutputTypes.size());
      for (Page output : outputs) {
        assertThat(output.rowCount())
            .isPositive()
            .isLessThanOrEqualTo(PageBuilder.DEFAULT_PAGE_ROWS);
        assertThat(output.channelCount()).isEqualTo(width);
        rows.addAll(rows(output));
        pageCount++;
      }
    }
    assertThat(context.memory().reservedBytes()).as("memory left reserved").isZero();
    return new JoinResult(rows, pageCount);
  }

  /** The nested-loop reference: every join type by its definition. */
  static List<List<@Nullable Object>> referenceJoin(
      JoinSpec spec,
      List<List<@Nullable Object>> probeRows,
      List<List<@Nullable Object>> buildRows,
      @Nullable RowPredicate filter) {
    List<List<@Nullable Object>> expected = new ArrayList<>();
    boolean[] isBuildMatched = new boolean[buildRows.size()];
    List<@Nullable Object> nullBuild = nulls(spec.buildTypes().size());
    for (List<@Nullable Object> probe : probeRows) {
      boolean isMatched = false;
      for (int b = 0; b < buildRows.size(); b++) {
        List<@Nullable Object> build = buildRows.get(b);
        if (keysEqual(spec, probe, build)
            && (filter == null || Boolean.TRUE.equals(filter.test(probe, build)))) {
          isMatched = true;
          isBuildMatched[b] = true;
          if (spec.type() != JoinType.SEMI && spec.type() != JoinType.ANTI) {
            expected.add(concat(probe, build));
          }
        }
      }
      switch (spec.type()) {
        case LEFT, FULL -> {
          if (!isMatched) {
            expected.add(concat(probe, nullBuild));
          }
        }
        case SEMI -> {
          if (isMatched) {
            expected.add(probe);
          }
        }
        case ANTI -> {
          if (!isMatched) {
            expected.add(probe);
          }
        }
        case INNER, RIGHT -> {}
      }
    }
    if (spec.type() == JoinType.RIGHT || spec.type() == JoinType.FULL) {
      List<@Nullable Object> nullProbe = nulls(spec.probeTypes().size());
      for (int b = 0; b < buildRows.size(); b++) {
        if (!isBuildMatched[b]) {
          expected.add(concat(nullProbe, buildRows.get(b)));
        }
      }
    }
    return expected;
  }

  /** A three-valued predicate over a probe row and a build row; null is unknown. */
  @FunctionalInterface
  interface RowPredicate {
    @Nullable Boolean test(List<@Nullable Object> probe, List<@Nullable Object> build);
  }

  private static boolean keysEqual(
      JoinSpec spec, List<@Nullable Object> probe, List<@Nullable Object> build) {
    for (int i = 0; i < spec.probeKeys().size(); i++) {
      Object left = probe.get(spec.probeKeys().get(i));
      Object right = build.get(spec.buildKeys().get(i));
      if (left == null || right == null) {
        return false;
      }
      if (left instanceof Double leftDouble && right instanceof Double rightDouble) {
        boolean isEqual =
            leftDouble.doubleValue() == rightDouble.doubleValue()
                || (leftDouble.isNaN() && rightDouble.isNaN());
        if (!isEqual) {
          return false;
        }
      } else if (!left.equals(right)) {
        return false;
      }
    }
    return true;
  }

  private static List<@Nullable Object> nulls(int count) {
    return Arrays.asList(new Object[count]);
  }

  private static List<@Nullable Object> concat(
      List<@Nullable Object> left, List<@Nullable Object> right) {
    List<@Nullable Object> row = new ArrayList<>(left);
    row.addAll(right);
    return row;
  }

  /**
   * {@code left < right} over two integer-valued channels of the candidate page, null when either
   * is null: a hand-made stand-in for a compiled residual filter.
   */
  record LessThan(int leftChannel, int rightChannel) implements Expression {
    @Override
    public DataType type() {
      return DataType.BOOLEAN;
    }

    @Override
    public Block evaluate(Page page) {
      int count = page.positionCount();
      boolean[] values = new boolean[count];
      boolean[] nulls = new boolean[count];
      for (int position = 0; position < count; position++) {
        Object left = page.block(leftChannel).objectValue(position);
        Object right = page.block(rightChannel).objectValue(position);
        if (left == null || right == null) {
          nulls[position] = true;
        } else {
          values[position] = ((Number) left).longValue() < ((Number) right).longValue();
        }
      }
      return new BooleanBlock(count, values, nulls);
    }
  }
}
