package io.aurora.sql.operator;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;
import java.util.List;

/**
 * The group-by hash of a single integer-like key (INT or LONG physical type): the table slots hold
 * the key values themselves, so a probe compares one long and touches no key storage. The null key
 * has a group id of its own outside the table.
 */
final class BigintGroupByHash extends GroupByHash {
  private final boolean isIntKey;
  private final int channel;

  private long[] slotKeys;
  private int[] slotGroups;
  private int mask;
  private int maxFill;

  private long[] groupKeys;
  private int groupCount;
  private int nullGroup = -1;

  private int[] groupIds = new int[0];

  BigintGroupByHash(List<DataType> keyTypes, int[] keyChannels, MemoryContext memory) {
    super(keyTypes, keyChannels, memory);
    this.isIntKey = keyTypes.get(0).physicalType() == PhysicalType.INT;
    this.channel = keyChannels[0];
    int capacity = tableCapacity(0);
    reserve(capacity * 12L + 16 * 8L);
    slotKeys = new long[capacity];
    slotGroups = new int[capacity];
    Arrays.fill(slotGroups, -1);
    mask = capacity - 1;
    maxFill = (int) (capacity * MAX_LOAD);
    groupKeys = new long[16];
  }

  @Override
  public int[] groupIds(Page page) {
    int rows = page.rowCount();
    if (groupIds.length < rows) {
      groupIds = new int[rows];
    }
    Block block = page.block(channel);
    int[] selection = page.selection();
    boolean[] nulls = block.nulls();
    if (block instanceof LongBlock longs) {
      long[] values = longs.values();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        groupIds[row] =
            nulls != null && nulls[position] ? nullGroupId() : groupOf(values[position]);
      }
    } else {
      int[] values = ((IntBlock) block).values();
      for (int row = 0; row < rows; row++) {
        int position = selection == null ? row : selection[row];
        groupIds[row] =
            nulls != null && nulls[position] ? nullGroupId() : groupOf(values[position]);
      }
    }
    return groupIds;
  }

  private int groupOf(long value) {
    int slot = (int) mix(value) & mask;
    while (true) {
      int group = slotGroups[slot];
      if (group < 0) {
        return insert(slot, value);
      }
      if (slotKeys[slot] == value) {
        return group;
      }
      slot = (slot + 1) & mask;
    }
  }

  private int insert(int slot, long value) {
    int group = addGroup(value);
    slotKeys[slot] = value;
    slotGroups[slot] = group;
    if (groupCount - (nullGroup >= 0 ? 1 : 0) > maxFill) {
      rehash();
    }
    return group;
  }

  private int nullGroupId() {
    if (nullGroup < 0) {
      nullGroup = addGroup(0);
    }
    return nullGroup;
  }

  private int addGroup(long value) {
    if (groupCount == groupKeys.length) {
      int newLength = groupKeys.length * 2;
      reserve((newLength - groupKeys.length) * 8L);
      groupKeys = Arrays.copyOf(groupKeys, newLength);
    }
    groupKeys[groupCount] = value;
    return groupCount++;
  }

  private void rehash() {
    int capacity = slotKeys.length * 2;
    reserve(capacity * 12L - slotKeys.length * 12L);
    long[] newKeys = new long[capacity];
    int[] newGroups = new int[capacity];
    Arrays.fill(newGroups, -1);
    int newMask = capacity - 1;
    for (int i = 0; i < slotKeys.length; i++) {
      int group = slotGroups[i];
      if (group >= 0) {
        long value = slotKeys[i];
        int slot = (int) mix(value) & newMask;
        while (newGroups[slot] >= 0) {
          slot = (slot + 1) & newMask;
        }
        newKeys[slot] = value;
        newGroups[slot] = group;
      }
    }
    slotKeys = newKeys;
    slotGroups = newGroups;
    mask = newMask;
    maxFill = (int) (capacity * MAX_LOAD);
  }

  @Override
  public int groupCount() {
    return groupCount;
  }

  @Override
  public Block[] keyBlocks(int fromGroup, int toGroup) {
    int count = toGroup - fromGroup;
    boolean[] nulls = null;
    if (nullGroup >= fromGroup && nullGroup < toGroup) {
      nulls = new boolean[count];
      nulls[nullGroup - fromGroup] = true;
    }
    if (isIntKey) {
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        values[i] = (int) groupKeys[fromGroup + i];
      }
      return new Block[] {new IntBlock(count, values, nulls)};
    }
    return new Block[] {
      new LongBlock(count, Arrays.copyOfRange(groupKeys, fromGroup, toGroup), nulls)
    };
  }
}
