package io.aurora.sql.operator.window;

import static io.aurora.sql.operator.sort.SortTestingPages.compareValues;
import static io.aurora.sql.operator.sort.SortTestingPages.drive;
import static io.aurora.sql.operator.sort.SortTestingPages.multiset;
import static io.aurora.sql.operator.sort.SortTestingPages.randomPages;
import static io.aurora.sql.operator.sort.SortTestingPages.rowOrder;
import static io.aurora.sql.operator.sort.SortTestingPages.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.window.Frame.Bound;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TestWindowOperator {
  private static final int PARTITION = 0;
  private static final int ORDER = 1;
  private static final int ID = 2;
  private static final List<DataType> TYPES =
      List.of(
          DataType.INTEGER,
          DataType.INTEGER,
          DataType.BIGINT,
          DataType.BIGINT,
          DataType.DOUBLE,
          DataType.decimal(10, 2),
          DataType.VARCHAR,
          DataType.REAL);
  private static final int[] NUMERIC_CHANNELS = {1, 3, 4, 5, 7};
  private static final List<Frame> FRAMES =
      List.of(
          Frame.rows(Bound.unboundedPreceding(), Bound.currentRow()),
          Frame.rows(Bound.preceding(2), Bound.currentRow()),
          Frame.rows(Bound.currentRow(), Bound.following(3)),
          Frame.rows(Bound.preceding(1), Bound.following(1)),
          Frame.rows(Bound.preceding(0), Bound.following(0)),
          Frame.rows(Bound.unboundedPreceding(), Bound.unboundedFollowing()),
          Frame.rows(Bound.preceding(2), Bound.unboundedFollowing()),
          Frame.rows(Bound.currentRow(), Bound.unboundedFollowing()),
          Frame.rows(Bound.unboundedPreceding(), Bound.following(2)),
          Frame.RANGE_UNBOUNDED_TO_CURRENT_ROW,
          Frame.WHOLE_PARTITION,
          Frame.rows(Bound.following(1), Bound.following(3)),
          Frame.rows(Bound.preceding(3), Bound.preceding(1)),
          Frame.rows(Bound.preceding(1), Bound.preceding(2)),
          Frame.rows(Bound.preceding(2), Bound.following(2)).excluding(Frame.Exclusion.CURRENT_ROW),
          Frame.rows(Bound.unboundedPreceding(), Bound.currentRow())
              .excluding(Frame.Exclusion.GROUP),
          Frame.range(Bound.unboundedPreceding(), Bound.unboundedFollowing())
              .excluding(Frame.Exclusion.TIES),
          Frame.range(Bound.currentRow(), Bound.unboundedFollowing()),
          Frame.rows(Bound.preceding(Long.MAX_VALUE), Bound.following(Long.MAX_VALUE)),
          Frame.rows(Bound.following(Long.MAX_VALUE), Bound.unboundedFollowing()));

  /** Frames with RANGE offsets, which need a single ORDER BY key. */
  private static final List<Frame> RANGE_OFFSET_FRAMES =
      List.of(
          Frame.range(Bound.preceding(1), Bound.currentRow()),
          Frame.range(Bound.preceding(2), Bound.following(1)),
          Frame.range(Bound.currentRow(), Bound.following(0)),
          Frame.range(Bound.following(1), Bound.following(3)),
          Frame.range(Bound.preceding(3), Bound.preceding(1)),
          Frame.range(Bound.unboundedPreceding(), Bound.preceding(2)),
          Frame.range(Bound.following(2), Bound.unboundedFollowing()),
          Frame.range(Bound.preceding(1), Bound.following(1)).excluding(Frame.Exclusion.TIES),
          Frame.range(Bound.preceding(1), Bound.following(1)).excluding(Frame.Exclusion.GROUP),
          Frame.range(Bound.preceding(Long.MAX_VALUE), Bound.following(Long.MAX_VALUE)));

  /** GROUPS frames, whose offsets count peer groups; without ORDER BY a partition is one group. */
  private static final List<Frame> GROUPS_FRAMES =
      List.of(
          Frame.groups(Bound.preceding(1), Bound.following(1)),
          Frame.groups(Bound.preceding(2), Bound.currentRow()),
          Frame.groups(Bound.currentRow(), Bound.following(2)),
          Frame.groups(Bound.following(1), Bound.following(3)),
          Frame.groups(Bound.preceding(3), Bound.preceding(1)),
          Frame.groups(Bound.preceding(1), Bound.preceding(2)),
          Frame.groups(Bound.unboundedPreceding(), Bound.preceding(1)),
          Frame.groups(Bound.following(0), Bound.unboundedFollowing()),
          Frame.groups(Bound.preceding(1), Bound.following(1)).excluding(Frame.Exclusion.TIES),
          Frame.groups(Bound.preceding(0), Bound.following(2)).excluding(Frame.Exclusion.GROUP),
          Frame.groups(Bound.preceding(2), Bound.following(0))
              .excluding(Frame.Exclusion.CURRENT_ROW),
          Frame.groups(Bound.preceding(Long.MAX_VALUE), Bound.following(Long.MAX_VALUE)),
          Frame.groups(Bound.following(Long.MAX_VALUE), Bound.unboundedFollowing()));

  private static final String[] STRINGS = {"", "a", "b", "é", "日本", "Z"};
  private static final double[] SPECIAL_DOUBLES = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0
  };

  @Test
  void randomWindowsMatchBruteForcePerRowFrames() {
    for (long seed = 0; seed < 150; seed++) {
      Random random = new Random(seed);
      List<Integer> partitionChannels = random.nextBoolean() ? List.of(PARTITION) : List.of();
      List<SortKey> orderKeys = new ArrayList<>();
      int orderShape = random.nextInt(3);
      if (orderShape > 0) {
        orderKeys.add(new SortKey(ORDER, random.nextBoolean(), random.nextBoolean()));
      }
      if (orderShape > 1) {
        orderKeys.add(SortKey.ascending(ID));
      }
      List<WindowFunctionSpec> functions = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(6); i++) {
        functions.add(randomFunction(random, orderShape == 1));
      }
      int rowCount = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(600);
      check(partitionChannels, orderKeys, functions, randomInput(rowCount, random), random, seed);
    }
  }

  @Test
  void everyFunctionAndFrameOnOneInput() {
    Random random = new Random(99);
    List<WindowFunctionSpec> functions = new ArrayList<>();
    functions.add(WindowFunctionSpec.of(WindowFunctionKind.ROW_NUMBER, Frame.WHOLE_PARTITION));
    functions.add(WindowFunctionSpec.of(WindowFunctionKind.RANK, Frame.WHOLE_PARTITION));
    functions.add(WindowFunctionSpec.of(WindowFunctionKind.DENSE_RANK, Frame.WHOLE_PARTITION));
    List<Frame> frames = new ArrayList<>(FRAMES);
    frames.addAll(RANGE_OFFSET_FRAMES);
    frames.addAll(GROUPS_FRAMES);
    for (Frame frame : frames) {
      functions.add(WindowFunctionSpec.of(WindowFunctionKind.COUNT, frame));
      for (WindowFunctionKind kind :
          List.of(
              WindowFunctionKind.SUM,
              WindowFunctionKind.AVG,
              WindowFunctionKind.COUNT,
              WindowFunctionKind.MIN,
              WindowFunctionKind.MAX)) {
        for (int channel : NUMERIC_CHANNELS) {
          functions.add(WindowFunctionSpec.of(kind, channel, TYPES.get(channel), frame));
        }
      }
      functions.add(WindowFunctionSpec.of(WindowFunctionKind.MIN, 6, DataType.VARCHAR, frame));
      functions.add(WindowFunctionSpec.of(WindowFunctionKind.MAX, 6, DataType.VARCHAR, frame));
      functions.add(
          WindowFunctionSpec.of(WindowFunctionKind.FIRST_VALUE, 6, DataType.VARCHAR, frame));
      functions.add(WindowFunctionSpec.of(WindowFunctionKind.LAST_VALUE, 5, TYPES.get(5), frame));
      functions.add(WindowFunctionSpec.nthValue(4, DataType.DOUBLE, 3, frame));
    }
    functions.add(WindowFunctionSpec.of(WindowFunctionKind.PERCENT_RANK, Frame.WHOLE_PARTITION));
    functions.add(WindowFunctionSpec.of(WindowFunctionKind.CUME_DIST, Frame.WHOLE_PARTITION));
    functions.add(WindowFunctionSpec.ntile(7));
    functions.add(WindowFunctionSpec.shift(WindowFunctionKind.LAG, 6, DataType.VARCHAR, 2, 6));
    functions.add(WindowFunctionSpec.shift(WindowFunctionKind.LEAD, 0, DataType.INTEGER, 1, 1));
    functions.add(WindowFunctionSpec.shift(WindowFunctionKind.LAG, 7, DataType.REAL, -1, -1));
    check(
        List.of(PARTITION),
        List.of(SortKey.descending(ORDER)),
        functions,
        randomInput(400, random),
        random,
        99);
  }

  @Test
  void emptyInputProducesNoRows() {
    WindowOperator operator =
        new WindowOperator(
            OperatorContext.forTesting(),
            TYPES,
            List.of(PARTITION),
            List.of(SortKey.ascending(ORDER)),
            List.of(WindowFunctionSpec.of(WindowFunctionKind.ROW_NUMBER, Frame.WHOLE_PARTITION)));
    assertThat(drive(operator, List.of())).isEmpty();
  }

  @Test
  void bigintSumOverflowFailsWithNumericValueOutOfRange() {
    WindowOperator operator =
        new WindowOperator(
            OperatorContext.forTesting(),
            List.of(DataType.BIGINT),
            List.of(),
            List.of(),
            List.of(
                WindowFunctionSpec.of(
                    WindowFunctionKind.SUM, 0, DataType.BIGINT, Frame.WHOLE_PARTITION)));
    Page page = Page.of(new LongBlock(2, new long[] {Long.MAX_VALUE, 1}, null));
    assertThatThrownBy(() -> drive(operator, List.of(page)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE));
    operator.close();
  }

  @Test
  void specsRejectWrongOutputTypesAndFrames() {
    assertThatThrownBy(
            () ->
                new WindowFunctionSpec(
                    WindowFunctionKind.SUM,
                    0,
                    DataType.INTEGER,
                    DataType.INTEGER,
                    Frame.WHOLE_PARTITION,
                    0,
                    -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WindowFunctionSpec.outputTypeOf(WindowFunctionKind.SUM, DataType.decimal(5, 2)))
        .isEqualTo(DataType.decimal(18, 2));
    assertThatThrownBy(() -> Frame.rows(Bound.following(1), Bound.currentRow()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Frame.rows(Bound.currentRow(), Bound.preceding(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WindowFunctionSpec.ntile(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** PostgreSQL's in_range_int8_int8 and in_range_float8_float8, which RANGE offsets follow. */
  @Test
  void rangeComparisonsFollowPostgresAtOverflowNanAndInfinity() {
    assertThat(RangeKeys.inRange(Long.MIN_VALUE, -5, Long.MAX_VALUE, true, false)).isTrue();
    assertThat(RangeKeys.inRange(Long.MIN_VALUE, -5, Long.MAX_VALUE, true, true)).isFalse();
    assertThat(RangeKeys.inRange(Long.MAX_VALUE, 5, Long.MAX_VALUE, false, true)).isTrue();
    assertThat(RangeKeys.inRange(Long.MAX_VALUE, 5, Long.MAX_VALUE, false, false)).isFalse();
    assertThat(RangeKeys.inRange(7, 10, 3, true, false)).isTrue();
    assertThat(RangeKeys.inRange(6, 10, 3, true, false)).isFalse();
    double nan = Double.NaN;
    double infinity = Double.POSITIVE_INFINITY;
    assertThat(RangeKeys.inRange(nan, nan, 1.0, true, false)).isTrue();
    assertThat(RangeKeys.inRange(nan, 1.0, 1.0, true, true)).isFalse();
    assertThat(RangeKeys.inRange(nan, 1.0, 1.0, true, false)).isTrue();
    assertThat(RangeKeys.inRange(1.0, nan, 1.0, false, true)).isTrue();
    assertThat(RangeKeys.inRange(1.0, nan, 1.0, false, false)).isFalse();
    assertThat(RangeKeys.inRange(-infinity, infinity, infinity, true, false)).isTrue();
    assertThat(RangeKeys.inRange(infinity, -infinity, infinity, false, true)).isTrue();
    assertThat(RangeKeys.inRange(1.0, infinity, infinity, true, true)).isTrue();
    assertThat(RangeKeys.inRange(1.0, infinity, 5.0, true, false)).isFalse();
    assertThat(RangeKeys.inRange(2.5, 1.0, 1.5, false, true)).isTrue();
    assertThat(RangeKeys.inRange(2.6, 1.0, 1.5, false, true)).isFalse();
  }

  /** PostgreSQL's timestamp + interval month, which java.time's plusMonths matches. */
  @Test
  void addMonthsMatchesCalendarArithmetic() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long micros = random.nextLong() % (400L * 366 * 86_400_000_000L * 30);
      long months = random.nextInt(i % 2 == 0 ? 30 : 30_000) - (i % 2 == 0 ? 15 : 15_000);
      LocalDateTime time =
          LocalDateTime.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000),
              Math.floorMod(micros, 1_000_000) * 1000,
              ZoneOffset.UTC);
      LocalDateTime expected = time.plusMonths(months);
      long expectedMicros =
          expected.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + expected.getNano() / 1000;
      assertThat(RangeKeys.addMonths(micros, months))
          .as(time + " + " + months)
          .isEqualTo(expectedMicros);
    }
    long january31 = LocalDate.of(2024, 1, 31).toEpochDay() * 86_400_000_000L;
    assertThat(RangeKeys.addMonths(january31, 1))
        .isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000_000L);
    assertThatThrownBy(() -> RangeKeys.addMonths(Long.MAX_VALUE, 1))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE));
  }

  private static WindowFunctionSpec randomFunction(Random random, boolean hasSingleKey) {
    WindowFunctionKind kind =
        WindowFunctionKind.values()[random.nextInt(WindowFunctionKind.values().length)];
    int which = random.nextInt(3);
    Frame frame =
        hasSingleKey && which == 0
            ? RANGE_OFFSET_FRAMES.get(random.nextInt(RANGE_OFFSET_FRAMES.size()))
            : which == 1
                ? GROUPS_FRAMES.get(random.nextInt(GROUPS_FRAMES.size()))
                : FRAMES.get(random.nextInt(FRAMES.size()));
    if (kind == WindowFunctionKind.NTILE) {
      return WindowFunctionSpec.ntile(1 + random.nextInt(random.nextBoolean() ? 5 : 700));
    }
    if (kind.isRanking() || (kind == WindowFunctionKind.COUNT && random.nextBoolean())) {
      return WindowFunctionSpec.of(kind, frame);
    }
    int channel =
        (kind == WindowFunctionKind.SUM || kind == WindowFunctionKind.AVG)
            ? NUMERIC_CHANNELS[random.nextInt(NUMERIC_CHANNELS.length)]
            : random.nextInt(TYPES.size());
    DataType type = TYPES.get(channel);
    return switch (kind) {
      case LAG, LEAD -> {
        int defaultChannel = -1;
        if (random.nextBoolean()) {
          defaultChannel = TYPES.lastIndexOf(type);
        }
        yield WindowFunctionSpec.shift(kind, channel, type, random.nextInt(9) - 3, defaultChannel);
      }
      case NTH_VALUE -> WindowFunctionSpec.nthValue(channel, type, 1 + random.nextInt(4), frame);
      default -> WindowFunctionSpec.of(kind, channel, type, frame);
    };
  }

  private static List<List<@Nullable Object>> randomInput(int rowCount, Random random) {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    for (int i = 0; i < rowCount; i++) {
      List<@Nullable Object> row = new ArrayList<>();
      row.add(maybeNull(random, random.nextInt(4)));
      row.add(maybeNull(random, random.nextInt(6)));
      row.add((long) i);
      row.add(maybeNull(random, (long) random.nextInt(2000) - 1000));
      row.add(
          maybeNull(
              random,
              random.nextInt(40) == 0
                  ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
                  : (double) (random.nextInt(200) - 100)));
      row.add(maybeNull(random, (long) random.nextInt(100_000) - 50_000));
      row.add(maybeNull(random, STRINGS[random.nextInt(STRINGS.length)]));
      row.add(maybeNull(random, (float) (random.nextInt(50) - 25)));
      rows.add(row);
    }
    return rows;
  }

  private static @Nullable Object maybeNull(Random random, Object value) {
    return random.nextInt(8) == 0 ? null : value;
  }

  private static void check(
      List<Integer> partitionChannels,
      List<SortKey> orderKeys,
      List<WindowFunctionSpec> functions,
      List<List<@Nullable Object>> input,
      Random random,
      long seed) {
    String message =
        "seed " + seed + " partition " + partitionChannels + " order " + orderKeys + " ";
    MemoryContext memory = MemoryContext.unlimited();
    WindowOperator operator =
        new WindowOperator(
            new OperatorContext(memory, new AtomicBoolean()),
            TYPES,
            partitionChannels,
            orderKeys,
            functions);
    List<List<@Nullable Object>> output = rows(drive(operator, randomPages(TYPES, input, random)));
    assertThat(memory.reservedBytes()).as(message).isZero();
    assertThat(output).as(message).hasSize(input.size());
    List<List<@Nullable Object>> inputColumns = new ArrayList<>();
    for (List<@Nullable Object> row : output) {
      assertThat(row).hasSize(TYPES.size() + functions.size());
      inputColumns.add(new ArrayList<>(row.subList(0, TYPES.size())));
    }
    assertThat(multiset(inputColumns)).as(message).isEqualTo(multiset(input));

    List<SortKey> partitionKeys = new ArrayList<>();
    for (int channel : partitionChannels) {
      partitionKeys.add(SortKey.ascending(channel));
    }
    Comparator<List<@Nullable Object>> partitionOrder = rowOrder(partitionKeys);
    Comparator<List<@Nullable Object>> peerOrder = rowOrder(orderKeys);
    Set<List<@Nullable Object>> seenPartitions = new HashSet<>();
    int start = 0;
    while (start < output.size()) {
      int end = start + 1;
      while (end < output.size()
          && partitionOrder.compare(output.get(start), output.get(end)) == 0) {
        end++;
      }
      List<@Nullable Object> partitionValues = new ArrayList<>();
      for (int channel : partitionChannels) {
        partitionValues.add(output.get(start).get(channel));
      }
      assertThat(seenPartitions.add(partitionValues))
          .as(message + "partition " + partitionValues + " is contiguous")
          .isTrue();
      for (int i = start + 1; i < end; i++) {
        assertThat(peerOrder.compare(output.get(i - 1), output.get(i)))
            .as(message + "row " + i + " ordered")
            .isLessThanOrEqualTo(0);
      }
      for (int f = 0; f < functions.size(); f++) {
        WindowFunctionSpec function = functions.get(f);
        for (int i = start; i < end; i++) {
          Object expected = bruteForce(function, output, start, end, i, peerOrder, orderKeys);
          Object actual = output.get(i).get(TYPES.size() + f);
          assertValue(actual, expected, message + function + " row " + i);
        }
      }
      start = end;
    }
  }

  private static @Nullable Object bruteForce(
      WindowFunctionSpec function,
      List<List<@Nullable Object>> rows,
      int start,
      int end,
      int row,
      Comparator<List<@Nullable Object>> peerOrder,
      List<SortKey> orderKeys) {
    int peerStart = row;
    while (peerStart > start && peerOrder.compare(rows.get(peerStart - 1), rows.get(row)) == 0) {
      peerStart--;
    }
    int peerEnd = row;
    while (peerEnd < end - 1 && peerOrder.compare(rows.get(peerEnd + 1), rows.get(row)) == 0) {
      peerEnd++;
    }
    int rowCount = end - start;
    switch (function.kind()) {
      case ROW_NUMBER:
        return (long) (row - start + 1);
      case RANK:
        return (long) (peerStart - start + 1);
      case DENSE_RANK:
        long groups = 1;
        for (int i = start + 1; i <= row; i++) {
          if (peerOrder.compare(rows.get(i - 1), rows.get(i)) != 0) {
            groups++;
          }
        }
        return groups;
      case PERCENT_RANK:
        return rowCount == 1 ? 0.0 : (double) (peerStart - start) / (rowCount - 1);
      case CUME_DIST:
        return (double) (peerEnd + 1 - start) / rowCount;
      case NTILE:
        long buckets = function.parameter();
        long size = rowCount / buckets;
        long larger = rowCount % buckets;
        long position = row - start;
        return position < larger * (size + 1)
            ? position / (size + 1) + 1
            : (position - larger * (size + 1)) / size + larger + 1;
      case LAG:
      case LEAD:
        long target =
            row + (function.kind() == WindowFunctionKind.LAG ? -1 : 1) * function.parameter();
        if (target >= start && target < end) {
          return rows.get((int) target).get(function.argumentChannel());
        }
        return function.defaultChannel() < 0 ? null : rows.get(row).get(function.defaultChannel());
      default:
        break;
    }
    long[] groups = new long[end];
    for (int i = start + 1; i < end; i++) {
      groups[i] = groups[i - 1] + (peerOrder.compare(rows.get(i - 1), rows.get(i)) != 0 ? 1 : 0);
    }
    List<Integer> frameRows = new ArrayList<>();
    for (int i = start; i < end; i++) {
      if (isInFrame(function.frame(), rows, i, row, peerStart, peerEnd, groups, orderKeys)) {
        frameRows.add(i);
      }
    }
    switch (function.kind()) {
      case FIRST_VALUE:
      case LAST_VALUE:
      case NTH_VALUE:
        int index =
            function.kind() == WindowFunctionKind.LAST_VALUE
                ? frameRows.size() - 1
                : function.kind() == WindowFunctionKind.NTH_VALUE
                    ? (int) function.parameter() - 1
                    : 0;
        return index >= 0 && index < frameRows.size()
            ? rows.get(frameRows.get(index)).get(function.argumentChannel())
            : null;
      default:
        break;
    }
    List<Object> values = new ArrayList<>();
    for (int i : frameRows) {
      Object value =
          function.argumentChannel() < 0 ? "*" : rows.get(i).get(function.argumentChannel());
      if (value != null) {
        values.add(value);
      }
    }
    DataType type = function.argumentType();
    switch (function.kind()) {
      case COUNT:
        return (long) values.size();
      case MIN:
        return values.stream().min(TestWindowOperator::compareNonNull).orElse(null);
      case MAX:
        return values.stream().max(TestWindowOperator::compareNonNull).orElse(null);
      case SUM:
      case AVG:
        if (values.isEmpty()) {
          return null;
        }
        boolean isFloating = values.get(0) instanceof Double || values.get(0) instanceof Float;
        double doubleSum = 0;
        long sum = 0;
        for (Object value : values) {
          if (isFloating) {
            doubleSum += ((Number) value).doubleValue();
          } else {
            sum += ((Number) value).longValue();
          }
        }
        if (function.kind() == WindowFunctionKind.SUM) {
          return isFloating ? (Object) doubleSum : (Object) sum;
        }
        double average = isFloating ? doubleSum / values.size() : (double) sum / values.size();
        return type != null && type.scale() > 0 ? average / Math.pow(10, type.scale()) : average;
      default:
        throw new AssertionError(function.kind());
    }
  }

  /**
   * Whether sorted row {@code i} is in the frame of row {@code row}, by the definitions of the SQL
   * standard and PostgreSQL rather than by positions: a RANGE offset compares keys, rows with null
   * keys are in range only of each other, and the exclusion removes rows afterwards.
   */
  private static boolean isInFrame(
      Frame frame,
      List<List<@Nullable Object>> rows,
      int i,
      int row,
      int peerStart,
      int peerEnd,
      long[] groups,
      List<SortKey> orderKeys) {
    boolean isRange = frame.unit() == Frame.Unit.RANGE;
    boolean isGroups = frame.unit() == Frame.Unit.GROUPS;
    boolean isPeers = isRange || isGroups;
    BigInteger distance = BigInteger.valueOf(isGroups ? groups[i] - groups[row] : (long) i - row);
    boolean isAfterStart =
        switch (frame.start().type()) {
          case UNBOUNDED_PRECEDING -> true;
          case CURRENT_ROW -> isPeers ? i >= peerStart : i >= row;
          case PRECEDING, FOLLOWING ->
              isRange
                  ? isWithinRange(frame.start(), rows, i, row, orderKeys, true)
                  : distance.compareTo(signedOffset(frame.start())) >= 0;
          case UNBOUNDED_FOLLOWING -> throw new AssertionError();
        };
    boolean isBeforeEnd =
        switch (frame.end().type()) {
          case UNBOUNDED_FOLLOWING -> true;
          case CURRENT_ROW -> isPeers ? i <= peerEnd : i <= row;
          case PRECEDING, FOLLOWING ->
              isRange
                  ? isWithinRange(frame.end(), rows, i, row, orderKeys, false)
                  : distance.compareTo(signedOffset(frame.end())) <= 0;
          case UNBOUNDED_PRECEDING -> throw new AssertionError();
        };
    boolean isExcluded =
        switch (frame.exclusion()) {
          case NO_OTHERS -> false;
          case CURRENT_ROW -> i == row;
          case GROUP -> i >= peerStart && i <= peerEnd;
          case TIES -> i != row && i >= peerStart && i <= peerEnd;
        };
    return isAfterStart && isBeforeEnd && !isExcluded;
  }

  private static BigInteger signedOffset(Bound bound) {
    BigInteger offset = BigInteger.valueOf(bound.offset());
    return bound.type() == Frame.BoundType.PRECEDING ? offset.negate() : offset;
  }

  /** Whether row {@code i}'s key is on the inner side of a RANGE bound of row {@code row}. */
  private static boolean isWithinRange(
      Bound bound,
      List<List<@Nullable Object>> rows,
      int i,
      int row,
      List<SortKey> orderKeys,
      boolean isStart) {
    SortKey key = orderKeys.get(0);
    Object value = rows.get(i).get(key.channel());
    Object current = rows.get(row).get(key.channel());
    if (current == null) {
      return value == null || (isStart ? key.isNullsFirst() : !key.isNullsFirst());
    }
    if (value == null) {
      return isStart ? !key.isNullsFirst() : key.isNullsFirst();
    }
    BigInteger base = BigInteger.valueOf(((Number) current).longValue());
    BigInteger offset = BigInteger.valueOf(bound.offset());
    boolean isTowardsStart = (bound.type() == Frame.BoundType.PRECEDING) == key.isAscending();
    BigInteger limit = isTowardsStart ? base.subtract(offset) : base.add(offset);
    int comparison = BigInteger.valueOf(((Number) value).longValue()).compareTo(limit);
    return isStart == key.isAscending() ? comparison >= 0 : comparison <= 0;
  }

  private static int compareNonNull(Object left, Object right) {
    return compareValues(left, right);
  }

  private static void assertValue(@Nullable Object actual, @Nullable Object expected, String what) {
    if (expected == null || actual == null) {
      assertThat(actual).as(what).isEqualTo(expected);
    } else if (expected instanceof Double expectedDouble && actual instanceof Double) {
      double actualDouble = (Double) actual;
      if (Double.isNaN(expectedDouble) || Double.isInfinite(expectedDouble)) {
        assertThat(actualDouble).as(what).isEqualTo(expectedDouble);
      } else {
        assertThat(actualDouble)
            .as(what)
            .isCloseTo(expectedDouble, org.assertj.core.api.Assertions.within(1e-9));
      }
    } else {
      assertThat(compareValues(actual, expected))
          .as(what + " " + actual + " vs " + expected)
          .isZero();
    }
  }
}
