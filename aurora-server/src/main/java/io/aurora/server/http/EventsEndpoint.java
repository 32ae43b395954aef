package io.aurora.server.http;

import static java.util.Objects.requireNonNull;

import io.aurora.kafka.CsvRecordDecoder;
import io.aurora.kafka.JsonRecordDecoder;
import io.aurora.kafka.RecordDecoder;
import io.aurora.kafka.RowAssembler;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/tables/{table}/events}: rows for a table from producers that speak HTTP (web and
 * mobile apps, scripts), one event per line, authenticated as {@code POST /sql} is.
 *
 * <ul>
 *   <li>Body: newline-delimited JSON ({@code Content-Type: application/x-ndjson}, {@code
 *       application/json} or none), one object per line, fields mapped to columns by name as a
 *       Kafka pipeline's JSON records are (case-insensitively; unknown fields skipped, missing ones
 *       NULL; timestamps as text, ISO-8601 with an offset, or epoch milliseconds); or CSV ({@code
 *       text/csv}), one record per line, fields in the table's column order, an unquoted empty
 *       field NULL. Empty lines are skipped; a line may end with CR LF. A body may be compressed
 *       ({@code Content-Encoding: gzip} or {@code deflate}).
 *   <li>All or nothing: every line is decoded before anything is written, and the rows are appended
 *       as one atomic write. A request with a bad line writes nothing and answers 400 with the
 *       number of bad lines and the first {@value #REPORTED_BAD_LINES} of them ({@code "line"}
 *       numbered from 1, {@code "sqlstate"}, {@code "message"}).
 *   <li>Exactly once: a request with the headers {@code Aurora-Producer-Id} and {@code
 *       Aurora-Sequence} (a non-negative integer, increasing per producer) is applied at most once,
 *       as a gRPC writer's batch is: a retry of a sequence already applied, also through another
 *       node or after a restart, answers 200 with {@code "duplicate": true} and writes nothing.
 *       Without them a retry writes the rows again.
 *   <li>Answer: 200 {@code {"table", "rows", "duplicate"}} once the rows are committed (durable and
 *       visible); 404 (42P01) for a table that does not exist; 415 for another content type; 413
 *       for a body over the HTTP server's limit; errors as {@code POST /sql} answers them.
 * </ul>
 */
final class EventsEndpoint {
  static final String PATH_PREFIX = "/v1/tables/";
  static final String PATH_SUFFIX = "/events";
  static final int REPORTED_BAD_LINES = 100;

  private final SqlEngine engine;

  EventsEndpoint(SqlEngine engine) {
    this.engine = requireNonNull(engine, "engine is null");
  }

  /** The table named by an events path, or null when {@code path} is not one. */
  static @Nullable String table(String path) {
    if (!path.startsWith(PATH_PREFIX) || !path.endsWith(PATH_SUFFIX)) {
      return null;
    }
    String table = path.substring(PATH_PREFIX.length(), path.length() - PATH_SUFFIX.length());
    return table.isEmpty() || table.contains("/") ? null : table;
  }

  /** Decodes and appends the request's events as {@code user}. */
  SqlEndpoint.Answer ingest(
      String user,
      SocketAddress remote,
      String tableName,
      @Nullable String contentType,
      byte[] body,
      @Nullable String producerId,
      @Nullable String sequenceText) {
    long startNanos = System.nanoTime();
    SqlEndpoint.enterClient(user, remote);
    try {
      Format format = Format.of(contentType);
      if (format == null) {
        return new SqlEndpoint.Answer(
            HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
            SqlEndpoint.json(
                json -> {
                  json.writeObjectFieldStart("error");
                  json.writeStringField("sqlstate", ErrorCode.INVALID_PARAMETER_VALUE.sqlState());
                  json.writeStringField(
                      "message",
                      "Content-Type["
                          + contentType
                          + "] is not application/x-ndjson, application/json or text/csv");
                  json.writeEndObject();
                }),
            false);
      }
      long sequence = sequence(producerId, sequenceText);
      Table table = engine.catalog().table(tableName);
      if (table == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_TABLE, "Table[" + tableName + "] does not exist");
      }
      engine.catalog().access().checkBulkLoad(user, table.name(), table.schema().columnNames());
      RowAssembler rows = new RowAssembler(table.schema());
      int[] badLines = new int[1];
      List<BadLine> bad = decode(format, table, body, rows, badLines);
      if (badLines[0] > 0) {
        int badCount = badLines[0];
        return new SqlEndpoint.Answer(
            HttpResponseStatus.BAD_REQUEST,
            SqlEndpoint.json(
                json -> {
                  json.writeObjectFieldStart("error");
                  json.writeStringField(
                      "sqlstate", ErrorCode.INVALID_TEXT_REPRESENTATION.sqlState());
                  json.writeStringField(
                      "message",
                      badCount
                          + (badCount == 1 ? " line is" : " lines are")
                          + " bad; nothing was written");
                  json.writeEndObject();
                  json.writeNumberField("bad_line_count", badCount);
                  json.writeArrayFieldStart("bad_lines");
                  for (BadLine line : bad) {
                    json.writeStartObject();
                    json.writeNumberField("line", line.number());
                    json.writeStringField("sqlstate", line.sqlState());
                    json.writeStringField("message", line.message());
                    json.writeEndObject();
                  }
                  json.writeEndArray();
                }),
            false);
      }
      Page page = rows.finish();
      boolean isApplied = true;
      if (page.rowCount() > 0) {
        if (producerId != null) {
          isApplied = table.append(page, producerId, sequence);
        } else {
          table.append(page);
        }
      }
      int appended = isApplied ? page.rowCount() : 0;
      engine.reportIngest(
          table.name(),
          "HTTP events: " + page.rowCount() + " rows" + (isApplied ? "" : " (duplicate)"),
          System.nanoTime() - startNanos,
          appended,
          isApplied ? body.length : 0,
          null);
      boolean isDuplicate = !isApplied;
      return SqlEndpoint.ok(
          json -> {
            json.writeStringField("table", table.name());
            json.writeNumberField("rows", appended);
            json.writeBooleanField("duplicate", isDuplicate);
          });
    } catch (RuntimeException e) {
      engine.reportIngest(tableName, "HTTP events", System.nanoTime() - startNanos, 0, 0, e);
      SqlEndpoint.Answer answer = SqlEndpoint.error(e);
      if (e instanceof AuroraException aurora && aurora.errorCode() == ErrorCode.UNDEFINED_TABLE) {
        return new SqlEndpoint.Answer(HttpResponseStatus.NOT_FOUND, answer.json(), false);
      }
      return answer;
    } finally {
      CurrentSession.leave();
    }
  }

  /** The request's sequence, or 0 without a producer; both headers or neither. */
  private static long sequence(@Nullable String producerId, @Nullable String sequenceText) {
    if (producerId == null && sequenceText == null) {
      return 0;
    }
    if (producerId == null || producerId.isBlank() || sequenceText == null) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Send both Aurora-Producer-Id and Aurora-Sequence, or neither");
    }
    try {
      long sequence = Long.parseLong(sequenceText.strip());
      if (sequence >= 0) {
        return sequence;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Aurora-Sequence[" + sequenceText + "] is not a non-negative integer");
  }

  private record BadLine(int number, String sqlState, String message) {}

  /**
   * Decodes every line into {@code rows}; returns the first {@value #REPORTED_BAD_LINES} bad ones
   * and counts all of them in {@code badCount[0]}.
   */
  private static List<BadLine> decode(
      Format format, Table table, byte[] body, RowAssembler rows, int[] badCount) {
    JsonRecordDecoder json = format == Format.NDJSON ? new JsonRecordDecoder(table.schema()) : null;
    RecordDecoder csv =
        format == Format.CSV ? CsvRecordDecoder.columns(',', table.schema().columnCount()) : null;
    List<BadLine> bad = new ArrayList<>();
    int line = 0;
    int start = 0;
    if (json != null) {
      // One pass: the decoder finds each line's end as it reads the record.
      while (start < body.length) {
        line++;
        try {
          start = json.decodeLine(body, start, body.length, rows);
        } catch (AuroraException e) {
          start = json.nextLine();
          addBadLine(bad, badCount, line, e);
        }
      }
      return bad;
    }
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      line++;
      int last = end;
      if (last > start && body[last - 1] == '\r') {
        last--;
      }
      if (!isBlank(body, start, last)) {
        try {
          requireNonNull(csv).decode(Arrays.copyOfRange(body, start, last), rows);
        } catch (AuroraException e) {
          addBadLine(bad, badCount, line, e);
        }
      }
      start = end + 1;
    }
    return bad;
  }

  private static void addBadLine(List<BadLine> bad, int[] badCount, int line, AuroraException e) {
    badCount[0]++;
    if (bad.size() < REPORTED_BAD_LINES) {
      bad.add(new BadLine(line, e.errorCode().sqlState(), String.valueOf(e.getMessage())));
    }
  }

  private static boolean isBlank(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private enum Format {
    NDJSON,
    CSV;

    static @Nullable Format of(@Nullable String contentType) {
      if (contentType == null) {
        return NDJSON;
      }
      String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return switch (type) {
        case "", "application/x-ndjson", "application/jsonl", "application/json" -> NDJSON;
        case "text/csv" -> CSV;
        default -> null;
      };
    }
  }
}
