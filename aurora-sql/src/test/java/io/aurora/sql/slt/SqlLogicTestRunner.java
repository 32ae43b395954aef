package io.aurora.sql.slt;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs sqllogictest files (the format of {@code ../shared/slt/README.md}) against Aurora's SQL
 * engine, treating Aurora as the {@code postgresql} engine for {@code skipif}/{@code onlyif}. Each
 * file runs in a fresh catalog. A failure records the record's line, its SQL and why.
 */
public final class SqlLogicTestRunner {
  /** The outcome of one file. */
  public record FileResult(Path file, int passed, int failed, int skipped, List<String> failures) {}

  private SqlLogicTestRunner() {}

  /** The shared sqllogictest folder ({@code ../shared/slt} beside the repository). */
  static final Path SLT = Path.of(System.getProperty("aurora.slt.dir", "../../shared/slt"));

  /** Prints a file's counts and its first 25 failures; returns the result. */
  static FileResult report(FileResult result) {
    System.out.println(
        result.file().getFileName()
            + ": "
            + result.passed()
            + " passed, "
            + result.failed()
            + " failed, "
            + result.skipped()
            + " skipped");
    for (String failure : result.failures().subList(0, Math.min(25, result.failures().size()))) {
      System.out.println("  " + failure);
    }
    return result;
  }

  public static FileResult run(Path file, Path workDirectory) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    List<String> failures = new ArrayList<>();
    int hashThreshold = 0;
    Path directory = Files.createTempDirectory(workDirectory, "slt");
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
        SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT)) {
      int i = 0;
      while (i < lines.size()) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          i++;
          continue;
        }
        int recordLine = i + 1;
        boolean isSkipped = false;
        while (line.startsWith("skipif") || line.startsWith("onlyif")) {
          String engineName = line.split("\\s+")[1];
          if (line.startsWith("skipif")
              ? engineName.equals("postgresql")
              : !engineName.equals("postgresql")) {
            isSkipped = true;
          }
          line = lines.get(++i).strip();
        }
        if (line.equals("halt")) {
          if (!isSkipped) {
            break;
          }
          i++;
          continue;
        }
        if (line.startsWith("hash-threshold")) {
          hashThreshold = Integer.parseInt(line.split("\\s+")[1]);
          i++;
          continue;
        }
        String[] header = line.split("\\s+");
        i++;
        StringBuilder sql = new StringBuilder();
        while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).equals("----")) {
          sql.append(sql.length() == 0 ? "" : "\n").append(lines.get(i));
          i++;
        }
        List<String> expected = new ArrayList<>();
        if (i < lines.size() && lines.get(i).equals("----")) {
          i++;
          while (i < lines.size() && !lines.get(i).isBlank()) {
            expected.add(lines.get(i).strip());
            i++;
          }
        }
        if (isSkipped) {
          skipped++;
          continue;
        }
        String failure;
        try {
          failure =
              switch (header[0]) {
                case "statement" -> statement(engine, sql.toString(), header[1].equals("ok"));
                case "query" -> query(engine, sql.toString(), header, expected, hashThreshold);
                default -> "unknown record type " + header[0];
              };
        } catch (RuntimeException | Error e) {
          failure = "crashed: " + e;
        }
        if (failure == null) {
          passed++;
        } else {
          failed++;
          failures.add(
              file.getFileName()
                  + ":"
                  + recordLine
                  + ": "
                  + failure
                  + " | "
                  + sql.toString().replace('\n', ' '));
        }
      }
    } finally {
      deleteRecursively(directory);
    }
    return new FileResult(file, passed, failed, skipped, failures);
  }

  private static String statement(SqlEngine engine, String sql, boolean isOk) {
    try {
      StatementResult result = engine.execute(sql);
      if (result instanceof QueryResult rows) {
        rows.close();
      }
      return isOk ? null : "expected an error, the statement succeeded";
    } catch (RuntimeException e) {
      return isOk ? "failed: " + e.getMessage() : null;
    }
  }

  private static String query(
      SqlEngine engine, String sql, String[] header, List<String> expected, int hashThreshold) {
    String types = header[1];
    String sort = header.length > 2 ? header[2] : "nosort";
    List<List<Object>> rows;
    try {
      StatementResult result = engine.execute(sql);
      if (!(result instanceof QueryResult query)) {
        return "returned no rows";
      }
      rows = query.rows();
    } catch (RuntimeException e) {
      return "failed: " + e.getMessage();
    }
    List<List<String>> formatted = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.size() != types.length()) {
        return "returned " + row.size() + " columns, expected " + types.length();
      }
      List<String> values = new ArrayList<>(row.size());
      for (int c = 0; c < row.size(); c++) {
        values.add(format(row.get(c), types.charAt(c)));
      }
      formatted.add(values);
    }
    if (sort.equals("rowsort")) {
      formatted.sort(Comparator.comparing((List<String> row) -> String.join("\u0001", row)));
    }
    List<String> values = new ArrayList<>();
    for (List<String> row : formatted) {
      values.addAll(row);
    }
    if (sort.equals("valuesort")) {
      values.sort(Comparator.naturalOrder());
    }
    List<String> actual = values;
    if (hashThreshold > 0 && values.size() > hashThreshold
        || expected.size() == 1 && expected.get(0).contains("values hashing to")) {
      actual = List.of(values.size() + " values hashing to " + md5(values));
    }
    if (!actual.equals(expected)) {
      return "expected " + abbreviate(expected) + " got " + abbreviate(actual);
    }
    return null;
  }

  static String format(Object value, char type) {
    if (value == null) {
      return "NULL";
    }
    switch (type) {
      case 'I' -> {
        if (value instanceof Double || value instanceof Float) {
          return Long.toString((long) ((Number) value).doubleValue());
        }
        if (value instanceof String string) {
          return string.isEmpty() ? "0" : string;
        }
        if (value instanceof Boolean bool) {
          return bool ? "1" : "0";
        }
        return value.toString();
      }
      case 'R' -> {
        if (value instanceof Number number) {
          return new BigDecimal(number.toString())
              .setScale(3, RoundingMode.HALF_EVEN)
              .toPlainString();
        }
        return value.toString();
      }
      default -> {
        String text = value instanceof Boolean bool ? (bool ? "true" : "false") : value.toString();
        if (text.isEmpty()) {
          return "(empty)";
        }
        StringBuilder printable = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
          printable.append(c < ' ' || c > '~' ? '@' : c);
        }
        return printable.toString();
      }
    }
  }

  private static String md5(List<String> values) {
    try {
      MessageDigest digest = MessageDigest.getInstance("MD5");
      for (String value : values) {
        digest.update(value.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(List<String> values) {
    String text = values.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  static String describe(List<FileResult> results) {
    int passed = 0;
    int failed = 0;
    for (FileResult result : results) {
      passed += result.passed();
      failed += result.failed();
    }
    return String.format(Locale.ROOT, "%d passed, %d failed", passed, failed);
  }
}
