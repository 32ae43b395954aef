package io.aurora.sql.operator;

/** One key of an ORDER BY: the input channel, its direction and where its nulls go. */
public record SortKey(int channel, boolean isAscending, boolean isNullsFirst) {
  public SortKey {
    if (channel < 0) {
      throw new IllegalArgumentException("channel is negative: " + channel);
    }
  }

  /** Ascending with nulls last, PostgreSQL's default for ASC. */
  public static SortKey ascending(int channel) {
    return new SortKey(channel, true, false);
  }

  /** Descending with nulls first, PostgreSQL's default for DESC. */
  public static SortKey descending(int channel) {
    return new SortKey(channel, false, true);
  }
}
