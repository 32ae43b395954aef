package io.aurora.sql.operator.aggregation;

import io.aurora.sql.operator.GroupByHash;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DISTINCT form of an aggregate (COUNT(DISTINCT x), SUM(DISTINCT x), COUNT(DISTINCT a, b),
 * ...): a {@link GroupByHash} over (group id, value, ...) tuples passes on to the wrapped
 * accumulator only the rows whose pair it has not seen before. Not splittable: a partial step
 * cannot tell which values the other partial steps saw, so the planner runs distinct aggregates in
 * a SINGLE step.
 */
final class DistinctAccumulator extends Accumulator {
  private final Accumulator delegate;
  private final int[] inputChannels;
  private final GroupByHash pairs;
  private int[] groupByPosition = new int[0];
  private int[] newPositions = new int[0];
  private int[] newGroupIds = new int[0];

  DistinctAccumulator(
      Accumulator delegate, int[] inputChannels, List<DataType> inputTypes, MemoryContext memory) {
    super(memory);
    this.delegate = delegate;
    this.inputChannels = inputChannels.clone();
    List<DataType> types = new ArrayList<>();
    types.add(DataType.INTEGER);
    types.addAll(inputTypes);
    int[] channels = new int[types.size()];
    Arrays.setAll(channels, i -> i);
    this.pairs = GroupByHash.create(types, channels, memory);
  }

  @Override
  public List<DataType> intermediateTypes() {
    throw new IllegalArgumentException("DISTINCT aggregates are not splittable");
  }

  @Override
  public void ensureCapacity(int groupCount) {
    delegate.ensureCapacity(groupCount);
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    int positions = page.positionCount();
    if (groupByPosition.length < positions) {
      groupByPosition = new int[positions];
    }
    if (newPositions.length < rows) {
      newPositions = new int[rows];
      newGroupIds = new int[rows];
    }
    int[] selection = page.selection();
    for (int row = 0; row < rows; row++) {
      groupByPosition[selection == null ? row : selection[row]] = groupIds[row];
    }
    Block[] pairBlocks = new Block[inputChannels.length + 1];
    pairBlocks[0] = new IntBlock(positions, groupByPosition, null);
    for (int i = 0; i < inputChannels.length; i++) {
      pairBlocks[i + 1] = page.block(inputChannels[i]);
    }
    Page pairPage = new Page(positions, pairBlocks);
    if (selection != null) {
      pairPage = pairPage.withSelection(selection, rows);
    }
    int nextNew = pairs.groupCount();
    int[] pairIds = pairs.groupIds(pairPage);
    int newCount = 0;
    for (int row = 0; row < rows; row++) {
      if (pairIds[row] == nextNew) {
        nextNew++;
        newPositions[newCount] = selection == null ? row : selection[row];
        newGroupIds[newCount] = groupIds[row];
        newCount++;
      }
    }
    if (newCount > 0) {
      // the positions are ascending: rows are in position order and each pair is new once
      delegate.addInput(newGroupIds, page.withSelection(newPositions.clone(), newCount));
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    throw new IllegalArgumentException("DISTINCT aggregates are not splittable");
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    throw new IllegalArgumentException("DISTINCT aggregates are not splittable");
  }

  @Override
  public Block buildFinal(int from, int to) {
    return delegate.buildFinal(from, to);
  }

  @Override
  public void close() {
    pairs.close();
    delegate.close();
    super.close();
  }
}
