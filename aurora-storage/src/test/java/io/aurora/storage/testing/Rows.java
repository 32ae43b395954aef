package io.aurora.storage.testing;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Converts between rows of Java values and pages, for tests. */
public final class Rows {
  private Rows() {}

  /** A page holding the given rows; each row has one value per column. */
  public static Page page(List<ColumnSchema> columns, List<List<Object>> rows) {
    Block[] blocks = new Block[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      BlockBuilder builder = BlockBuilder.forType(columns.get(c).type(), rows.size());
      for (List<Object> row : rows) {
        builder.appendObject(row.get(c), columns.get(c).type());
      }
      blocks[c] = builder.build();
    }
    return new Page(rows.size(), blocks);
  }

  /** The rows of a page (honouring its selection) as lists of Java values. */
  public static List<List<Object>> rows(Page page) {
    List<List<Object>> rows = new ArrayList<>(page.rowCount());
    for (int row = 0; row < page.rowCount(); row++) {
      Object[] values = new Object[page.channelCount()];
      for (int channel = 0; channel < values.length; channel++) {
        values[channel] = page.objectValue(channel, row);
      }
      rows.add(Arrays.asList(values));
    }
    return rows;
  }

  /** Every row a scan returns, read on the calling thread. */
  public static List<List<Object>> rows(TableScan scan) {
    List<List<Object>> rows = new ArrayList<>();
    scan.forEachPage(page -> rows.addAll(rows(page)));
    return rows;
  }
}
