package io.aurora.sql.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hand-written differential corpus ({@code differential/queries.sql} on the test class path):
 * one query per line, {@code --} comments, and an {@code ordered:} prefix on queries whose row
 * order is compared.
 */
public final class DifferentialQueries {
  private DifferentialQueries() {}

  /** A query of the corpus and the line it is on. */
  public record Query(int line, String sql, boolean isOrdered) {
    @Override
    public String toString() {
      return line + ": " + sql;
    }
  }

  /** The queries that Aurora answers as DuckDB does. */
  public static List<Query> queries() throws IOException {
    return read("/differential/queries.sql");
  }

  private static List<Query> read(String resource) throws IOException {
    List<Query> queries = new ArrayList<>();
    try (InputStream input = DifferentialQueries.class.getResourceAsStream(resource)) {
      String[] lines =
          new String(Objects.requireNonNull(input).readAllBytes(), StandardCharsets.UTF_8)
              .split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("--")) {
          continue;
        }
        boolean isOrdered = line.startsWith("ordered:");
        queries.add(
            new Query(
                i + 1, isOrdered ? line.substring("ordered:".length()).strip() : line, isOrdered));
      }
    }
    return queries;
  }
}
