package io.aurora.sql.operator.sort;

import io.aurora.sql.operator.Operator;
import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/**
 * OFFSET / LIMIT: passes pages through, dropping the first {@code offset} rows and everything after
 * the next {@code limit} rows. A page that is only partly wanted is trimmed with a selection vector
 * over its blocks (no copying); a page wholly wanted passes unchanged. Once {@code limit} rows have
 * passed, the operator stops taking input and reports finished, so upstream can stop early. {@code
 * Long.MAX_VALUE} means no limit (OFFSET only).
 */
public final class LimitOperator implements Operator {
  private long remainingOffset;
  private long remainingLimit;
  private @Nullable Page nextPage;
  private boolean isFinishing;

  public LimitOperator(long offset, long limit) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit is negative: " + limit);
    }
    this.remainingOffset = offset;
    this.remainingLimit = limit;
  }

  @Override
  public boolean needsInput() {
    return !isFinishing && nextPage == null && remainingLimit > 0;
  }

  @Override
  public void addInput(Page page) {
    if (!needsInput()) {
      throw new IllegalStateException("Operator does not need input");
    }
    int rows = page.rowCount();
    if (remainingOffset >= rows) {
      remainingOffset -= rows;
      return;
    }
    int skip = (int) remainingOffset;
    remainingOffset = 0;
    int take = (int) Math.min(rows - skip, remainingLimit);
    remainingLimit -= take;
    if (skip == 0 && take == rows) {
      nextPage = page;
      return;
    }
    int[] selection = new int[take];
    for (int i = 0; i < take; i++) {
      selection[i] = page.position(skip + i);
    }
    nextPage = page.withSelection(selection, take);
  }

  @Override
  public @Nullable Page getOutput() {
    Page page = nextPage;
    nextPage = null;
    return page;
  }

  @Override
  public void finish() {
    isFinishing = true;
  }

  @Override
  public boolean isFinished() {
    return nextPage == null && (isFinishing || remainingLimit == 0);
  }
}
