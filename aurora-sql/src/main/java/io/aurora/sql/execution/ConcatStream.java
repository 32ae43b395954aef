package io.aurora.sql.execution;

import io.aurora.storage.block.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The pages of several streams of the same row type, one stream after another (UNION ALL). */
final class ConcatStream implements PageStream {
  private final List<PageStream> inputs;
  private int current;

  ConcatStream(List<PageStream> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public @Nullable Page next() {
    while (current < inputs.size()) {
      Page page = inputs.get(current).next();
      if (page != null) {
        return page;
      }
      current++;
    }
    return null;
  }

  @Override
  public void close() {
    for (PageStream input : inputs) {
      input.close();
    }
  }
}
