package io.aurora.sql.operator.join;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.expression.Expression;
import io.aurora.sql.operator.JoinType;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The probe side of a hash join: streams probe pages against the {@link JoinHashTable} published in
 * a {@link JoinBridge}. Output rows are the probe output channels followed by the build output
 * channels; SEMI and ANTI joins output the probe output channels only.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>Keys compare with SQL equality ({@link io.aurora.sql.operator.BlockValues}): a NULL key
 *       matches nothing, {@code -0.0 = 0.0}, {@code NaN = NaN}.
 *   <li>The residual filter, when present, is evaluated on each candidate pair as a page of the
 *       probe output channels followed by the build output channels (also for SEMI and ANTI, whose
 *       output then drops the build channels); a pair matches when the filter is true, not null.
 *   <li>INNER: the matching pairs. LEFT: also every probe row without a match, once, with null
 *       build columns. RIGHT and FULL: as INNER and LEFT, and after {@link #finish()} every build
 *       row that matched no probe row, with null probe columns.
 *   <li>SEMI: each probe row at most once, if some build row matches. ANTI: each probe row without
 *       a match, including rows with a null key. ANTI is NOT EXISTS; NOT IN's null semantics are
 *       the planner's job.
 *   <li>Without key channels every probe row is paired with every build row (a nested loop), which
 *       serves non-equi joins and scalar subqueries.
 * </ul>
 *
 * <h2>Execution</h2>
 *
 * {@link #addInput} hashes the page's keys column-wise and finds each row's chain of matching build
 * rows. {@link #getOutput} then walks the chains from a cursor, collecting up to {@link
 * PageBuilder#DEFAULT_PAGE_ROWS} (probe position, build row) pairs, and builds the output by
 * gathering each column at those positions, so a probe page with many matches is emitted over
 * several calls without buffering. SEMI and ANTI output is the probe page itself with a selection
 * vector (a view of its blocks); other output pages hold copies.
 *
 * <p>Matched build rows of RIGHT and FULL joins are tracked in a {@code boolean[]} owned by this
 * operator, which assumes it is the table's only prober. It also owns the table once it has it:
 * {@link #close()} frees the table's memory.
 */
public final class LookupJoinOperator implements Operator {
  private static final int BATCH_ROWS = PageBuilder.DEFAULT_PAGE_ROWS;

  private final OperatorContext context;
  private final JoinType joinType;
  private final JoinBridge bridge;
  private final int[] probeKeyChannels;
  private final int[] probeOutputChannels;
  private final List<DataType> probeOutputTypes;
  private final int[] buildOutputChannels;
  private final List<DataType> buildOutputTypes;
  private final @Nullable Expression filter;
  private final boolean isOuterProbe;
  private final boolean isOuterBuild;
  private final boolean isSemiOrAnti;

  private @Nullable JoinHashTable table;
  private Block[] buildColumns = new Block[0];
  private int[] nextRows = new int[0];
  private boolean @Nullable [] matched;
  private long matchedBytes;

  private @Nullable Page probe;
  private @Nullable Page projectedProbe;
  private int probeRows;
  private int[] heads = new int[0];
  private long[] hashScratch = new long[0];
  private boolean[] nullScratch = new boolean[0];
  private int probeRow;
  private int chainRow;
  private boolean isCurrentRowMatched;

  private final int[] pairProbe = new int[BATCH_ROWS];
  private final int[] pairBuild = new int[BATCH_ROWS];
  private final int[] endRows = new int[BATCH_ROWS];
  private final int[] endPairCounts = new int[BATCH_ROWS];
  private final int[] outProbe = new int[BATCH_ROWS];
  private final int[] outBuild = new int[BATCH_ROWS];

  private boolean isFinishing;
  private int unmatchedCursor;

  /**
   * @param probeKeyChannels the probe channels of the equality keys, in the order of the build keys
   *     and of the same physical types; empty for a cross join
   * @param buildOutputChannels build input channels (as numbered by the {@link
   *     HashBuilderOperator}) to output, or for SEMI and ANTI to expose to the filter
   * @param residualFilter a BOOLEAN expression over probe output channels then build output
   *     channels, or null
   */
  public LookupJoinOperator(
      OperatorContext context,
      JoinType type,
      JoinBridge bridge,
      List<Integer> probeKeyChannels,
      List<Integer> probeOutputChannels,
      List<DataType> probeOutputTypes,
      List<Integer> buildOutputChannels,
      List<DataType> buildOutputTypes,
      @Nullable Expression residualFilter) {
    this.context = requireNonNull(context, "context is null");
    this.joinType = requireNonNull(type, "type is null");
    this.bridge = requireNonNull(bridge, "bridge is null");
    this.probeKeyChannels = toChannels(probeKeyChannels, "probeKeyChannels");
    this.probeOutputChannels = toChannels(probeOutputChannels, "probeOutputChannels");
    this.probeOutputTypes =
        List.copyOf(requireNonNull(probeOutputTypes, "probeOutputTypes is null"));
    this.buildOutputChannels = toChannels(buildOutputChannels, "buildOutputChannels");
    this.buildOutputTypes =
        List.copyOf(requireNonNull(buildOutputTypes, "buildOutputTypes is null"));
    if (this.probeOutputTypes.size() != this.probeOutputChannels.length
        || this.buildOutputTypes.size() != this.buildOutputChannels.length) {
      throw new IllegalArgumentException("Every output channel needs exactly one type");
    }
    if (residualFilter != null && !residualFilter.type().equals(DataType.BOOLEAN)) {
      throw new IllegalArgumentException(
          "Residual filter has type[" + residualFilter.type() + "], not BOOLEAN");
    }
    this.filter = residualFilter;
    this.isOuterProbe = type == JoinType.LEFT || type == JoinType.FULL;
    this.isOuterBuild = type == JoinType.RIGHT || type == JoinType.FULL;
    this.isSemiOrAnti = type == JoinType.SEMI || type == JoinType.ANTI;
  }

  private static int[] toChannels(List<Integer> channels, String name) {
    return HashBuilderOperator.toChannels(channels, Integer.MAX_VALUE, name);
  }

  private JoinHashTable table() {
    JoinHashTable resolved = table;
    if (resolved != null) {
      return resolved;
    }
    resolved = bridge.table();
    if (resolved.keyCount() != probeKeyChannels.length) {
      throw new IllegalArgumentException(
          "Probe has "
              + probeKeyChannels.length
              + " key channels, the build side "
              + resolved.keyCount());
    }
    Block[] columns = new Block[buildOutputChannels.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = resolved.column(buildOutputChannels[i]);
    }
    if (isOuterBuild) {
      context.memory().reserve(resolved.rowCount());
      matchedBytes = resolved.rowCount();
      matched = new boolean[resolved.rowCount()];
    }
    buildColumns = columns;
    nextRows = resolved.nextRows();
    table = resolved;
    return resolved;
  }

  @Override
  public boolean needsInput() {
    return !isFinishing && probe == null;
  }

  @Override
  public void addInput(Page page) {
    requireNonNull(page, "page is null");
    if (!needsInput()) {
      throw new IllegalStateException("The join does not need input now");
    }
    context.checkCancelled();
    JoinHashTable lookup = table();
    int rows = page.rowCount();
    if (rows == 0 || (lookup.rowCount() == 0 && !isOuterProbe && joinType != JoinType.ANTI)) {
      return;
    }
    if (heads.length < rows) {
      heads = new int[rows];
      hashScratch = new long[rows];
      nullScratch = new boolean[rows];
    }
    lookup.findChains(page, probeKeyChannels, heads, hashScratch, nullScratch);
    probe = page;
    projectedProbe = isSemiOrAnti ? page.project(probeOutputChannels) : null;
    probeRows = rows;
    probeRow = 0;
    chainRow = heads[0];
    isCurrentRowMatched = false;
  }

  @Override
  public @Nullable Page getOutput() {
    while (probe != null) {
      context.checkCancelled();
      Page output = isSemiOrAnti && filter == null ? semiOrAntiWithoutFilter() : joinBatch();
      if (probeRow >= probeRows) {
        probe = null;
        projectedProbe = null;
      }
      if (output != null) {
        return output;
      }
    }
    if (isFinishing && isOuterBuild && unmatchedCursor < table().rowCount()) {
      context.checkCancelled();
      return unmatchedBuildRows();
    }
    return null;
  }

  /** SEMI or ANTI without a filter: a probe row's fate is whether its chain is empty. */
  private @Nullable Page semiOrAntiWithoutFilter() {
    Page source = requireNonNull(probe, "probe is null");
    boolean isSemi = joinType == JoinType.SEMI;
    int[] selected = new int[Math.min(BATCH_ROWS, probeRows - probeRow)];
    int count = 0;
    while (probeRow < probeRows && count < selected.length) {
      if ((heads[probeRow] >= 0) == isSemi) {
        selected[count++] = source.position(probeRow);
      }
      probeRow++;
    }
    return count == 0
        ? null
        : requireNonNull(projectedProbe, "projectedProbe is null").withSelection(selected, count);
  }

  /** Collects up to a batch of candidate pairs from the cursor and turns them into output. */
  private @Nullable Page joinBatch() {
    Page source = requireNonNull(probe, "probe is null");
    boolean isTrackingRowEnds = isOuterProbe || isSemiOrAnti;
    if (isSemiOrAnti && isCurrentRowMatched) {
      chainRow = -1; // the row's fate is decided: skip the rest of its chain
    }
    int pairCount = 0;
    int endCount = 0;
    while (probeRow < probeRows) {
      int position = source.position(probeRow);
      while (chainRow >= 0 && pairCount + endCount < BATCH_ROWS) {
        pairProbe[pairCount] = position;
        pairBuild[pairCount] = chainRow;
        pairCount++;
        chainRow = nextRows[chainRow];
      }
      if (chainRow >= 0) {
        break;
      }
      if (isTrackingRowEnds) {
        if (pairCount + endCount >= BATCH_ROWS) {
          break;
        }
        endRows[endCount] = probeRow;
        endPairCounts[endCount] = pairCount;
        endCount++;
      }
      probeRow++;
      if (probeRow < probeRows) {
        chainRow = heads[probeRow];
      }
    }
    if (pairCount == 0 && endCount == 0) {
      return null;
    }

    Page candidates = null;
    boolean[] passed = null;
    if (pairCount > 0 && (filter != null || !isTrackingRowEnds)) {
      candidates = gatherPairs(source, pairProbe, pairBuild, pairCount, false);
    }
    if (filter != null && candidates != null) {
      passed = evaluateFilter(filter, candidates, pairCount);
    }
    if (!isTrackingRowEnds) {
      return innerOutput(requireNonNull(candidates, "candidates is null"), passed, pairCount);
    }
    return mergeRowEnds(source, passed, pairCount, endCount);
  }

  /** INNER and RIGHT: the pairs that passed the filter. */
  private @Nullable Page innerOutput(Page candidates, boolean @Nullable [] passed, int pairCount) {
    boolean[] matchedRows = matched;
    if (passed == null) {
      if (matchedRows != null) {
        for (int i = 0; i < pairCount; i++) {
          matchedRows[pairBuild[i]] = true;
        }
      }
      return candidates;
    }
    int[] survivors = new int[pairCount];
    int count = 0;
    for (int i = 0; i < pairCount; i++) {
      if (passed[i]) {
        survivors[count++] = i;
        if (matchedRows != null) {
          matchedRows[pairBuild[i]] = true;
        }
      }
    }
    return count == 0 ? null : candidates.withSelection(survivors, count);
  }

  /**
   * LEFT, FULL, SEMI and ANTI: walks the pairs and the ends of probe rows in order, emitting the
   * passing pairs and deciding each finished row by whether any of its pairs passed. A row's pairs
   * may span batches: {@link #isCurrentRowMatched} carries over.
   */
  private @Nullable Page mergeRowEnds(
      Page source, boolean @Nullable [] passed, int pairCount, int endCount) {
    boolean isSemi = joinType == JoinType.SEMI;
    boolean[] matchedRows = matched;
    int[] selected = isSemiOrAnti ? new int[endCount] : outProbe;
    int count = 0;
    boolean hasMissing = false;
    int end = 0;
    for (int i = 0; i <= pairCount; i++) {
      while (end < endCount && (i == pairCount || endPairCounts[end] <= i)) {
        boolean isRowMatched = isCurrentRowMatched;
        isCurrentRowMatched = false;
        int position = source.position(endRows[end]);
        end++;
        if (isOuterProbe) {
          if (!isRowMatched) {
            outProbe[count] = position;
            outBuild[count] = -1;
            count++;
            hasMissing = true;
          }
        } else if (isRowMatched == isSemi) {
          selected[count++] = position;
        }
      }
      if (i < pairCount && (passed == null || passed[i])) {
        isCurrentRowMatched = true;
        if (isOuterProbe) {
          outProbe[count] = pairProbe[i];
          outBuild[count] = pairBuild[i];
          count++;
        }
        if (matchedRows != null) {
          matchedRows[pairBuild[i]] = true;
        }
      }
    }
    if (count == 0) {
      return null;
    }
    if (isSemiOrAnti) {
      return requireNonNull(projectedProbe, "projectedProbe is null")
          .withSelection(selected, count);
    }
    return gatherPairs(source, outProbe, outBuild, count, hasMissing);
  }

  private Page gatherPairs(
      Page source, int[] probePositions, int[] buildRows, int count, boolean hasMissing) {
    Block[] blocks = new Block[probeOutputChannels.length + buildColumns.length];
    for (int i = 0; i < probeOutputChannels.length; i++) {
      blocks[i] =
          JoinGather.gather(source.block(probeOutputChannels[i]), probePositions, count, false);
    }
    for (int i = 0; i < buildColumns.length; i++) {
      blocks[probeOutputChannels.length + i] =
          JoinGather.gather(buildColumns[i], buildRows, count, hasMissing);
    }
    return new Page(count, blocks);
  }

  private static boolean[] evaluateFilter(Expression filter, Page candidates, int count) {
    BooleanBlock result = (BooleanBlock) filter.evaluate(candidates);
    boolean[] values = result.values();
    boolean[] nulls = result.nulls();
    boolean[] passed = new boolean[count];
    for (int i = 0; i < count; i++) {
      passed[i] = values[i] && (nulls == null || !nulls[i]);
    }
    return passed;
  }

  /** RIGHT and FULL after the probe side: the next batch of build rows that matched nothing. */
  private @Nullable Page unmatchedBuildRows() {
    boolean[] matchedRows = requireNonNull(matched, "matched is null");
    int rowCount = matchedRows.length;
    int[] rows = new int[Math.min(BATCH_ROWS, rowCount - unmatchedCursor)];
    int count = 0;
    while (unmatchedCursor < rowCount && count < rows.length) {
      if (!matchedRows[unmatchedCursor]) {
        rows[count++] = unmatchedCursor;
      }
      unmatchedCursor++;
    }
    if (count == 0) {
      return null;
    }
    Block[] blocks = new Block[probeOutputChannels.length + buildColumns.length];
    for (int i = 0; i < probeOutputChannels.length; i++) {
      blocks[i] = JoinGather.nulls(probeOutputTypes.get(i), count);
    }
    for (int i = 0; i < buildColumns.length; i++) {
      blocks[probeOutputChannels.length + i] =
          JoinGather.gather(buildColumns[i], rows, count, false);
    }
    return new Page(count, blocks);
  }

  @Override
  public void finish() {
    if (!isFinishing) {
      isFinishing = true;
      if (isOuterBuild) {
        table();
      }
    }
  }

  @Override
  public boolean isFinished() {
    if (!isFinishing || probe != null) {
      return false;
    }
    return !isOuterBuild || unmatchedCursor >= table().rowCount();
  }

  /** Frees the matched-rows tracking and the table this operator owns. */
  @Override
  public void close() {
    context.memory().free(matchedBytes);
    matchedBytes = 0;
    matched = null;
    probe = null;
    projectedProbe = null;
    if (bridge.isReady()) {
      bridge.table().close();
    }
  }
}
