package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.copy.CopyConfig;
import io.aurora.server.pgwire.copy.CopyLoader;
import io.aurora.server.pgwire.copy.CopyRowEncoder;
import io.aurora.server.pgwire.copy.CopyStatement;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Carries out a session's COPY statements on the wire. COPY TO STDOUT and COPY FROM a server file
 * run to the end in {@link #run}; COPY FROM STDIN starts with {@link #startCopyIn}, after which the
 * session hands the client's CopyData to {@link #write} until CopyDone ({@link #finishCopyIn}) or a
 * failure ({@link #abortCopyIn}).
 *
 * <pre>
 * frontend                                   backend
 *   Query("COPY t FROM STDIN ...") ─────────▶
 *                ◀─────────────────────────── CopyInResponse('G', text, n columns)
 *   CopyData* (rows cut anywhere) ──────────▶ parsed and staged (Flush, Sync ignored)
 *   CopyDone ───────────────────────────────▶
 *                ◀─────────────────────────── CommandComplete("COPY n"), ReadyForQuery
 *   CopyFail(reason) ───────────────────────▶
 *                ◀─────────────────────────── ErrorResponse 57014, ReadyForQuery; CopyData and
 *                                             CopyDone that follow are ignored
 *   any other message ──────────────────────▶
 *                ◀─────────────────────────── ErrorResponse 08P01, FATAL 08P01, close
 *   Query("COPY (query) TO STDOUT ...") ────▶
 *                ◀─────────────────────────── CopyOutResponse('H'), CopyData* (one row each),
 *                                             CopyDone, CommandComplete("COPY n"), ReadyForQuery
 * </pre>
 *
 * From an extended-protocol Execute the flow is the same, except that ReadyForQuery waits for the
 * client's Sync and, after an error, the session skips messages until Sync.
 */
final class CopyHandler {
  private static final int READ_BYTES = 64 * 1024;

  private final int processId;
  private final SessionWriter writer;
  private final SqlEngine engine;
  private final CopyConfig config;
  private @Nullable CopyLoader loader;

  CopyHandler(int processId, SessionWriter writer, SqlEngine engine, CopyConfig config) {
    this.processId = processId;
    this.writer = requireNonNull(writer, "writer is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.config = requireNonNull(config, "config is null");
  }

  /** Whether a COPY FROM STDIN is reading the client's CopyData now. */
  boolean isCopyingIn() {
    return loader != null;
  }

  /** Runs a COPY TO STDOUT or COPY FROM a server file; returns the number of rows. */
  long run(CopyStatement statement, AtomicBoolean isCancelled) {
    if (statement.isFrom()) {
      return copyFromFile(statement, isCancelled);
    }
    return copyOut(statement, isCancelled);
  }

  /** Starts a COPY FROM STDIN: the table is checked and CopyInResponse sent. */
  void startCopyIn(CopyStatement statement) {
    CopyLoader started =
        CopyLoader.start(engine.catalog(), statement, config, Integer.toString(processId));
    loader = started;
    writer.send(
        BackendMessages.copyResponse(
            writer.alloc(), BackendMessages.COPY_IN_RESPONSE, started.fieldCount()));
    writer.flush();
  }

  void write(byte[] data) {
    requireNonNull(loader, "no COPY in progress").write(data, 0, data.length);
  }

  /**
   * Ends the COPY FROM STDIN at the client's CopyDone: appends the rows and returns their count.
   */
  long finishCopyIn() {
    try (CopyLoader current = requireNonNull(loader, "no COPY in progress")) {
      loader = null;
      return current.finish();
    }
  }

  /** Abandons the COPY FROM STDIN, if any: nothing of it is stored. */
  void abortCopyIn() {
    CopyLoader current = loader;
    loader = null;
    if (current != null) {
      current.close();
    }
  }

  private long copyFromFile(CopyStatement statement, AtomicBoolean isCancelled) {
    Path path = Path.of(requireNonNull(statement.file(), "file is null"));
    if (!path.isAbsolute()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "COPY FROM needs an absolute file path");
    }
    try (CopyLoader fileLoader =
            CopyLoader.start(engine.catalog(), statement, config, Integer.toString(processId));
        InputStream in = Files.newInputStream(path)) {
      byte[] buffer = new byte[READ_BYTES];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        if (isCancelled.get()) {
          throw new AuroraException(ErrorCode.QUERY_CANCELED, "COPY was canceled");
        }
        fileLoader.write(buffer, 0, read);
      }
      return fileLoader.finish();
    } catch (NoSuchFileException e) {
      throw new AuroraException(ErrorCode.UNDEFINED_FILE, "File[" + path + "] does not exist", e);
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.IO_ERROR, "Cannot read file[" + path + "]", e);
    }
  }

  private long copyOut(CopyStatement statement, AtomicBoolean isCancelled) {
    String query = statement.query() != null ? statement.query() : selectOf(statement);
    StatementResult result = engine.execute(query, isCancelled);
    if (!(result instanceof QueryResult rows)) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "COPY TO needs a query that returns rows");
    }
    try (ResultRows resultRows = ResultRows.of(rows, "COPY")) {
      List<DataType> types = resultRows.types();
      CopyRowEncoder encoder = new CopyRowEncoder(statement.options());
      writer.send(
          BackendMessages.copyResponse(
              writer.alloc(), BackendMessages.COPY_OUT_RESPONSE, types.size()));
      ByteBuf batch = writer.alloc().buffer();
      long count = 0;
      try {
        if (statement.options().hasHeader()) {
          BackendMessages.copyData(batch, encoder.encode(resultRows.names()));
        }
        List<@Nullable String> texts = new ArrayList<>(types.size());
        while (resultRows.hasNext()) {
          Object[] values = resultRows.next();
          texts.clear();
          for (int i = 0; i < values.length; i++) {
            texts.add(values[i] == null ? null : PgTypes.toText(types.get(i), values[i]));
          }
          BackendMessages.copyData(batch, encoder.encode(texts));
          count++;
          batch = writer.flushIfFull(batch);
        }
      } catch (RuntimeException e) {
        batch.release();
        throw e;
      }
      writer.send(batch);
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.COPY_DONE));
      return count;
    }
  }

  /** {@code SELECT "a", "b" FROM "t"} for {@code COPY t (a, b) TO STDOUT}, checking the names. */
  private String selectOf(CopyStatement statement) {
    String name = requireNonNull(statement.table(), "table is null");
    Table table = engine.catalog().table(name);
    if (table == null) {
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
    }
    List<String> columns = new ArrayList<>(statement.columns());
    if (columns.isEmpty()) {
      for (ColumnSchema column : table.schema().columns()) {
        columns.add(column.name());
      }
    }
    List<String> quoted = new ArrayList<>();
    for (String column : columns) {
      if (table.schema().indexOf(column) < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Column[" + column + "] of table[" + name + "] does not exist");
      }
      quoted.add(quote(column));
    }
    return "SELECT " + String.join(", ", quoted) + " FROM " + quote(name);
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
