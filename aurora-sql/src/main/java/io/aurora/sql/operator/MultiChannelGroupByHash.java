package io.aurora.sql.operator;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.DictionaryBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PhysicalType;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The general group-by hash: any number of key channels of any types. Each page is hashed a column
 * at a time into a per-row hash array; the table holds the full 64-bit hash of each slot's key next
 * to its group id, so keys are compared only on a full hash match.
 *
 * <p>For a single VARCHAR key that arrives as {@link DictionaryBlock}s, the group of each
 * dictionary id is cached in an {@code int[]} as long as the pages share one dictionary (as the
 * blocks of a segment column do), so each distinct string is hashed once per dictionary rather than
 * once per row.
 */
final class MultiChannelGroupByHash extends GroupByHash {
  private final GroupByKeyColumn[] columns;
  private final boolean isSingleVarchar;

  private long[] slotHashes;
  private int[] slotGroups;
  private int mask;
  private int maxFill;
  private int groupCount;

  private long[] groupHashes = new long[16];
  private long[] rowHashes = new long[0];
  private int[] groupIds = new int[0];

  private @Nullable VarcharBlock cachedDictionary;
  private int[] dictionaryGroups = new int[0];
  private final int[] singlePosition = new int[1];
  private final long[] singleHash = new long[1];

  MultiChannelGroupByHash(List<DataType> keyTypes, int[] keyChannels, MemoryContext memory) {
    super(keyTypes, keyChannels, memory);
    columns = new GroupByKeyColumn[keyTypes.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = GroupByKeyColumn.create(keyTypes.get(i), this::reserve);
    }
    isSingleVarchar =
        keyTypes.size() == 1 && keyTypes.get(0).physicalType() == PhysicalType.VARCHAR;
    int capacity = tableCapacity(0);
    reserve(capacity * 12L);
    slotHashes = new long[capacity];
    slotGroups = new int[capacity];
    Arrays.fill(slotGroups, -1);
    mask = capacity - 1;
    maxFill = (int) (capacity * MAX_LOAD);
  }

  @Override
  public int[] groupIds(Page page) {
    int rows = page.rowCount();
    if (groupIds.length < rows) {
      groupIds = new int[rows];
    }
    if (isSingleVarchar && page.block(keyChannel(0)) instanceof DictionaryBlock dictionary) {
      dictionaryGroupIds(page, dictionary);
      return groupIds;
    }
    if (rowHashes.length < rows) {
      rowHashes = new long[rows];
    }
    int[] selection = page.selection();
    for (int i = 0; i < columns.length; i++) {
      columns[i].hash(page.block(keyChannel(i)), selection, rows, rowHashes, i == 0);
    }
    for (int row = 0; row < rows; row++) {
      groupIds[row] = groupOf(page, selection == null ? row : selection[row], rowHashes[row]);
    }
    return groupIds;
  }

  private void dictionaryGroupIds(Page page, DictionaryBlock block) {
    VarcharBlock dictionary = block.dictionary();
    if (dictionary != cachedDictionary) {
      int entries = dictionary.positionCount();
      if (dictionaryGroups.length < entries) {
        reserve((entries - (long) dictionaryGroups.length) * 4);
        dictionaryGroups = new int[entries];
      }
      Arrays.fill(dictionaryGroups, 0, entries, -1);
      cachedDictionary = dictionary;
    }
    int rows = page.rowCount();
    int[] selection = page.selection();
    int[] ids = block.ids();
    boolean[] nulls = block.nulls();
    for (int row = 0; row < rows; row++) {
      int position = selection == null ? row : selection[row];
      if (nulls != null && nulls[position]) {
        groupIds[row] = groupOf(page, position, GroupByKeyColumn.NULL_HASH);
        continue;
      }
      int id = ids[position];
      int group = dictionaryGroups[id];
      if (group < 0) {
        singlePosition[0] = position;
        columns[0].hash(block, singlePosition, 1, singleHash, true);
        group = groupOf(page, position, singleHash[0]);
        dictionaryGroups[id] = group;
      }
      groupIds[row] = group;
    }
  }

  private int groupOf(Page page, int position, long hash) {
    int slot = (int) mix(hash) & mask;
    while (true) {
      int group = slotGroups[slot];
      if (group < 0) {
        return insert(page, position, slot, hash);
      }
      if (slotHashes[slot] == hash && keyEquals(group, page, position)) {
        return group;
      }
      slot = (slot + 1) & mask;
    }
  }

  private boolean keyEquals(int group, Page page, int position) {
    for (int i = 0; i < columns.length; i++) {
      if (!columns[i].equals(group, page.block(keyChannel(i)), position)) {
        return false;
      }
    }
    return true;
  }

  private int insert(Page page, int position, int slot, long hash) {
    for (int i = 0; i < columns.length; i++) {
      columns[i].append(page.block(keyChannel(i)), position);
    }
    if (groupCount == groupHashes.length) {
      reserve(groupHashes.length * 8L);
      groupHashes = Arrays.copyOf(groupHashes, groupHashes.length * 2);
    }
    int group = groupCount++;
    groupHashes[group] = hash;
    slotHashes[slot] = hash;
    slotGroups[slot] = group;
    if (groupCount > maxFill) {
      rehash();
    }
    return group;
  }

  private void rehash() {
    int capacity = slotHashes.length * 2;
    reserve(capacity * 12L - slotHashes.length * 12L);
    long[] newHashes = new long[capacity];
    int[] newGroups = new int[capacity];
    Arrays.fill(newGroups, -1);
    int newMask = capacity - 1;
    for (int group = 0; group < groupCount; group++) {
      long hash = groupHashes[group];
      int slot = (int) mix(hash) & newMask;
      while (newGroups[slot] >= 0) {
        slot = (slot + 1) & newMask;
      }
      newHashes[slot] = hash;
      newGroups[slot] = group;
    }
    slotHashes = newHashes;
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
    Block[] blocks = new Block[columns.length];
    for (int i = 0; i < columns.length; i++) {
      blocks[i] = columns[i].build(fromGroup, toGroup);
    }
    return blocks;
  }
}
