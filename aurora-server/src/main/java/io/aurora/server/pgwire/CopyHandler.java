package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.copy.CopyLoader;
import io.aurora.server.pgwire.copy.CopyRowEncoder;
import io.aurora.server.pgwire.copy.CopyStatement;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.sql.engine.PendingWrites;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Carries out a session's COPY statements on the wire. COPY TO STDOUT and COPY FROM a server file
 * run to the end in {@link #run}; COPY FROM STDIN starts with {@link #startCopyIn}, after which the
 * session hands every client message to {@link #accept} until it reports that the COPY ended. Used
 * only on the session's thread.
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
 *
 * <p>A COPY FROM writes its rows with one write transaction, so they become visible together at
 * CommandComplete; in a transaction block they join the block's rows instead (and so are held in
 * memory until COMMIT), and COPY TO reads the block's rows with the table's.
 */
final class CopyHandler {
  private static final int READ_BYTES = 64 * 1024;

  /** Where a COPY FROM STDIN stands after a client message. */
  enum Step {
    /** Still reading CopyData. */
    RUNNING,
    /** Ended with CopyDone; CommandComplete was sent. */
    SUCCEEDED,
    /** Failed (bad data, CopyFail, cancel); ErrorResponse was sent, the connection goes on. */
    FAILED,
    /** The connection is closing (Terminate, or a message that breaks the protocol). */
    CLOSED
  }

  private final int processId;
  private final SessionWriter writer;
  private final SqlEngine engine;
  private long copyInStartNanos;
  private String copyInText = "";
  private String copyInTable = "";
  private long copyInBytes;
  private CurrentSession.@Nullable Client copyInClient;
  private @Nullable CopyLoader loader;
  private @Nullable AtomicBoolean isCancelled;

  CopyHandler(int processId, SessionWriter writer, SqlEngine engine) {
    this.processId = processId;
    this.writer = requireNonNull(writer, "writer is null");
    this.engine = requireNonNull(engine, "engine is null");
  }

  /** Whether a COPY FROM STDIN is reading the client's CopyData now. */
  boolean isCopyingIn() {
    return loader != null;
  }

  /**
   * Runs a COPY TO STDOUT or COPY FROM a server file, in the session's transaction block ({@code
   * block}, null outside one); returns the number of rows.
   */
  long run(CopyStatement statement, AtomicBoolean isCancelled, @Nullable PendingWrites block) {
    if (statement.isFrom()) {
      return copyFromFile(statement, isCancelled, block);
    }
    return copyOut(statement, isCancelled, block);
  }

  /**
   * Starts a COPY FROM STDIN in the session's transaction block ({@code block}, null outside one):
   * the table is checked and CopyInResponse sent. Setting {@code isCancelled} fails the COPY at the
   * client's next message.
   */
  void startCopyIn(
      CopyStatement statement, AtomicBoolean isCancelled, @Nullable PendingWrites block) {
    checkInsert(statement);
    CopyLoader started = CopyLoader.start(engine.catalog(), statement, beginWrite(block));
    loader = started;
    copyInStartNanos = System.nanoTime();
    copyInTable = String.valueOf(statement.table());
    copyInBytes = 0;
    copyInText = "COPY " + copyInTable + " FROM STDIN";
    copyInClient = CurrentSession.client();
    this.isCancelled = isCancelled;
    writer.send(
        BackendMessages.copyResponse(
            writer.alloc(), BackendMessages.COPY_IN_RESPONSE, started.fieldCount()));
    writer.flush();
  }

  /** The cancel flag of the COPY FROM STDIN in progress, or null. */
  @Nullable AtomicBoolean cancelFlag() {
    return isCancelled;
  }

  /**
   * Handles a client message during COPY FROM STDIN: CopyData is parsed, CopyDone appends the rows,
   * CopyFail fails the COPY, Flush and Sync are ignored, and anything else breaks the protocol: as
   * PostgreSQL does, the COPY fails with 08P01 and, as the client can no longer be in step with the
   * server, the connection is closed with a FATAL 08P01.
   */
  Step accept(FrontendMessage message) {
    if (message instanceof FrontendMessage.Flush || message instanceof FrontendMessage.Sync) {
      return Step.RUNNING;
    }
    if (message instanceof FrontendMessage.Terminate) {
      abortCopyIn();
      writer.channel().close();
      return Step.CLOSED;
    }
    if (!(message instanceof FrontendMessage.CopyData
        || message instanceof FrontendMessage.CopyDone
        || message instanceof FrontendMessage.CopyFail)) {
      protocolViolation(message);
      return Step.CLOSED;
    }
    try {
      AtomicBoolean cancelled = isCancelled;
      if (cancelled != null && cancelled.get()) {
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "COPY was canceled");
      }
      if (message instanceof FrontendMessage.CopyData data) {
        requireNonNull(loader, "no COPY in progress").write(data.data(), 0, data.data().length);
        copyInBytes += data.data().length;
        return Step.RUNNING;
      }
      if (message instanceof FrontendMessage.CopyFail fail) {
        throw new AuroraException(
            ErrorCode.QUERY_CANCELED, "COPY from stdin failed: " + fail.message());
      }
      long count;
      try (CopyLoader current = requireNonNull(loader, "no COPY in progress")) {
        loader = null;
        isCancelled = null;
        count = current.finish();
      }
      engine.reportCopy(
          copyInClient,
          copyInTable,
          copyInText,
          System.nanoTime() - copyInStartNanos,
          count,
          copyInBytes,
          null);
      writer.send(BackendMessages.commandComplete(writer.alloc(), "COPY " + count));
      return Step.SUCCEEDED;
    } catch (RuntimeException e) {
      abortCopyIn();
      engine.reportCopy(
          copyInClient,
          copyInTable,
          copyInText,
          System.nanoTime() - copyInStartNanos,
          0,
          copyInBytes,
          e);
      writer.sendError(e);
      return Step.FAILED;
    }
  }

  /** Abandons the COPY FROM STDIN, if any: nothing of it is stored. */
  void abortCopyIn() {
    CopyLoader current = loader;
    loader = null;
    isCancelled = null;
    if (current != null) {
      current.close();
    }
  }

  private void protocolViolation(FrontendMessage message) {
    abortCopyIn();
    writer.sendError(
        new AuroraException(
            ErrorCode.PROTOCOL_VIOLATION,
            String.format(
                Locale.ROOT,
                "unexpected message type 0x%02X during COPY from stdin",
                (int) typeByte(message))));
    writer.send(
        BackendMessages.errorResponse(
            writer.alloc(),
            "FATAL",
            ErrorCode.PROTOCOL_VIOLATION.sqlState(),
            "terminating connection because protocol synchronization was lost",
            0));
    writer.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  private static char typeByte(FrontendMessage message) {
    if (message instanceof FrontendMessage.Query) {
      return 'Q';
    } else if (message instanceof FrontendMessage.Parse) {
      return 'P';
    } else if (message instanceof FrontendMessage.Bind) {
      return 'B';
    } else if (message instanceof FrontendMessage.Describe) {
      return 'D';
    } else if (message instanceof FrontendMessage.Execute) {
      return 'E';
    } else if (message instanceof FrontendMessage.Close) {
      return 'C';
    } else if (message instanceof FrontendMessage.Unsupported unsupported) {
      return unsupported.type();
    }
    return '?';
  }

  private static @Nullable String sessionUser() {
    CurrentSession.Client client = CurrentSession.client();
    return client == null ? null : client.user();
  }

  /**
   * A COPY FROM needs INSERT on its table or on each column it names (all when it names none); a
   * missing table fails as it would anyway.
   */
  private void checkInsert(CopyStatement statement) {
    String user = sessionUser();
    String name = statement.table();
    Table table = name == null ? null : engine.catalog().table(name);
    if (user != null && table != null) {
      List<String> columns = new ArrayList<>(statement.columns());
      if (columns.isEmpty()) {
        for (ColumnSchema column : table.schema().columns()) {
          columns.add(column.name());
        }
      }
      engine.catalog().access().checkBulkLoad(user, table.name(), columns);
    }
  }

  /** The write transaction of a COPY FROM: the catalog's own, or the block's. */
  private WriteTransaction beginWrite(@Nullable PendingWrites block) {
    return block == null ? engine.catalog().beginWrite() : block.beginStatement();
  }

  private long copyFromFile(
      CopyStatement statement, AtomicBoolean isCancelled, @Nullable PendingWrites block) {
    long startNanos = System.nanoTime();
    Path path = Path.of(requireNonNull(statement.file(), "file is null"));
    if (!path.isAbsolute()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "COPY FROM needs an absolute file path");
    }
    checkInsert(statement);
    String user = sessionUser();
    if (user != null && !engine.catalog().access().hasPrivilegesOf(user, "pg_read_server_files")) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "permission denied to COPY from a file: only superusers and roles with privileges of"
              + " the \"pg_read_server_files\" role may COPY from a file; use COPY FROM STDIN");
    }
    try (InputStream in = Files.newInputStream(path);
        CopyLoader fileLoader = CopyLoader.start(engine.catalog(), statement, beginWrite(block))) {
      long bytes = 0;
      byte[] buffer = new byte[READ_BYTES];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        if (isCancelled.get()) {
          throw new AuroraException(ErrorCode.QUERY_CANCELED, "COPY was canceled");
        }
        fileLoader.write(buffer, 0, read);
        bytes += read;
      }
      long count = fileLoader.finish();
      engine.reportCopy(
          CurrentSession.client(),
          String.valueOf(statement.table()),
          "COPY " + statement.table() + " FROM '" + path + "'",
          System.nanoTime() - startNanos,
          count,
          bytes,
          null);
      return count;
    } catch (NoSuchFileException e) {
      throw new AuroraException(ErrorCode.UNDEFINED_FILE, "File[" + path + "] does not exist", e);
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.IO_ERROR, "Cannot read file[" + path + "]", e);
    }
  }

  private long copyOut(
      CopyStatement statement, AtomicBoolean isCancelled, @Nullable PendingWrites block) {
    String query = statement.query() != null ? statement.query() : selectOf(statement);
    StatementResult result =
        engine.execute(query, isCancelled, engine.config().statementTimeout(), block);
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
