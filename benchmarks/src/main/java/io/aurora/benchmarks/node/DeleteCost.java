package io.aurora.benchmarks.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The cost of DELETE, and what deleted rows cost the scans after it, on a node beside DuckDB
 * in-process, the same statements on the same rows: a key range (1%), a value of a dictionary
 * column (2%), a whole day (one time partition of twenty, 5%), then a full scan before and after.
 * Aurora's table is sealed first (CHECKPOINT), so the deletes hit segment files; each DELETE runs
 * once, after a warm-up of DELETEs that match nothing.
 *
 * <pre>
 * java -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.node.DeleteCost \
 *     jdbc:postgresql://127.0.0.1:5433/aurora?user=aurora [rows]
 * </pre>
 *
 * Prints one Markdown table row per statement, and fails when the two disagree on a count.
 */
public final class DeleteCost {
  private static final int RUNS = 3;

  private DeleteCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: DeleteCost <jdbc-url> [rows]");
      System.exit(2);
    }
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
    String table = "delete_cost_" + Long.toHexString(System.nanoTime());
    String load =
        "INSERT INTO "
            + table
            + " SELECT TIMESTAMP '2026-11-01 00:00:00' + (x % 20) * INTERVAL '1' DAY, x,"
            + " 'c' || CAST(x % 50 AS VARCHAR), x * 0.5 FROM generate_series(0, "
            + (rows - 1)
            + ") AS g(x)";
    String columns = " (ts TIMESTAMP NOT NULL, id BIGINT NOT NULL, country VARCHAR, amount DOUBLE)";
    try (Connection aurora = DriverManager.getConnection(args[0]);
        Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Statement onAurora = aurora.createStatement();
        Statement onDuckdb = duckdb.createStatement()) {
      onAurora.execute("CREATE TABLE " + table + columns + " PARTITION BY DAY (ts)");
      onDuckdb.execute("CREATE TABLE " + table + columns);
      onAurora.execute(load);
      onDuckdb.execute(load);
      onAurora.execute("CHECKPOINT");
      System.out.println("| statement | rows | Aurora ms | DuckDB ms | Aurora / DuckDB |");
      System.out.println("|---|---:|---:|---:|---:|");
      String scan = "SELECT sum(amount), count(*) FROM " + table;
      compareQuery("full scan before", scan, onAurora, onDuckdb);
      long middle = rows / 2;
      List<String> deletes =
          List.of(
              "DELETE FROM "
                  + table
                  + " WHERE id BETWEEN "
                  + middle
                  + " AND "
                  + (middle + rows / 100 - 1),
              "DELETE FROM " + table + " WHERE country = 'c7'",
              "DELETE FROM "
                  + table
                  + " WHERE ts >= TIMESTAMP '2026-11-03 00:00:00'"
                  + " AND ts < TIMESTAMP '2026-11-04 00:00:00'");
      // Warm-up of the DELETE path on both (planning, the entry, the shard's maintenance thread):
      // a condition that matches no row.
      for (int run = 0; run < RUNS; run++) {
        onAurora.executeUpdate("DELETE FROM " + table + " WHERE id < -" + (run + 1));
        onDuckdb.executeUpdate("DELETE FROM " + table + " WHERE id < -" + (run + 1));
      }
      for (String delete : deletes) {
        long start = System.nanoTime();
        long auroraRows = onAurora.executeUpdate(delete);
        double auroraMillis = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        long duckdbRows = onDuckdb.executeUpdate(delete);
        double duckdbMillis = (System.nanoTime() - start) / 1e6;
        if (auroraRows != duckdbRows) {
          throw new AssertionError(
              delete + ": Aurora deleted " + auroraRows + ", DuckDB " + duckdbRows);
        }
        print(delete.replace(table, "t"), auroraRows, auroraMillis, duckdbMillis);
      }
      compareQuery("full scan after", scan, onAurora, onDuckdb);
      onAurora.execute("CHECKPOINT");
      compareQuery("full scan after CHECKPOINT (compacted)", scan, onAurora, onDuckdb);
      onAurora.execute("DROP TABLE " + table);
    }
  }

  /** Runs a query on both, checks they agree, and prints the best of {@link #RUNS} runs. */
  private static void compareQuery(String label, String sql, Statement aurora, Statement duckdb)
      throws SQLException {
    double auroraBest = Double.MAX_VALUE;
    double duckdbBest = Double.MAX_VALUE;
    String auroraAnswer = null;
    String duckdbAnswer = null;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      auroraAnswer = answer(aurora, sql);
      auroraBest = Math.min(auroraBest, (System.nanoTime() - start) / 1e6);
      start = System.nanoTime();
      duckdbAnswer = answer(duckdb, sql);
      duckdbBest = Math.min(duckdbBest, (System.nanoTime() - start) / 1e6);
    }
    if (!auroraAnswer.equals(duckdbAnswer)) {
      throw new AssertionError(label + ": Aurora " + auroraAnswer + ", DuckDB " + duckdbAnswer);
    }
    print(label, Long.parseLong(auroraAnswer.split(",")[1]), auroraBest, duckdbBest);
  }

  private static String answer(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return String.format(Locale.ROOT, "%.1f,%d", result.getDouble(1), result.getLong(2));
    }
  }

  private static void print(String label, long rows, double auroraMillis, double duckdbMillis) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %.1f | %.1f | %.2f |%n",
        label,
        rows,
        auroraMillis,
        duckdbMillis,
        auroraMillis / duckdbMillis);
  }
}
