package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.sql.expression.TextFormats;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import io.aurora.storage.type.TypeKind;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one {@code COPY table FROM ...}: bytes go in through {@link #write}, are split into rows
 * ({@link CopyRowDecoder}) and parsed into typed pages of up to {@value #PAGE_ROWS} rows and about
 * {@value #PAGE_BYTES} bytes of input, each appended to the COPY's {@link WriteTransaction} as soon
 * as it is full, on a thread of the loader's own, so that the next page is parsed while the last
 * one is staged (one page in flight at most). Nothing is visible until {@link #finish} commits that
 * transaction, which makes the whole COPY visible at once: a replicated catalog stages each page in
 * the shards as it arrives, so memory holds about two pages whatever the input's size. A malformed
 * row, or {@link #close()} without {@link #finish} (the client sent CopyFail, or the connection
 * dropped), ends the transaction uncommitted and leaves the table unchanged.
 *
 * <p>Not thread-safe: one session drives a loader. The write transaction is used by one thread at a
 * time: the appending thread, then the session's once the append it waits for is done.
 *
 * <pre>{@code
 * try (CopyLoader loader = CopyLoader.start(catalog, statement, catalog.beginWrite())) {
 *   loader.write(chunk, 0, chunk.length); // any number of times
 *   long rows = loader.finish(); // commits
 * }
 * }</pre>
 */
public final class CopyLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLoader.class);

  /**
   * Rows per page appended to the write transaction: large enough that a Raft entry's fixed cost is
   * small beside its rows, small enough that a wide table's page stays a few tens of MiB.
   */
  static final int PAGE_ROWS = 16_384;

  /**
   * Input bytes per page at most (about): a page then encodes into one Raft entry ({@code
   * ShardGroup.MAX_BATCH_BYTES}, 3 MiB) rather than being encoded whole, found too large and split,
   * which a wide table's 16,384 rows would be.
   */
  static final int PAGE_BYTES = 2 << 20;

  private final Table table;
  private final String tableName;
  private final List<ColumnSchema> columns;
  private final int[] targets;
  private final int[] unlisted;
  private final WriteTransaction write;
  private final CopyRowDecoder decoder;
  private final BlockBuilder[] builders;
  private long rowCount;
  private long pageBytes;
  private boolean isFinished;
  private boolean isClosed;
  // The thread appending full pages, started at the first; the append in progress, if any.
  private @Nullable ExecutorService appender;
  private @Nullable Future<?> inFlight;

  private CopyLoader(Table table, int[] targets, CopyOptions options, WriteTransaction write) {
    this.table = table;
    this.tableName = table.name();
    this.columns = table.schema().columns();
    this.targets = targets;
    this.unlisted = unlisted(targets, columns.size());
    this.write = write;
    this.decoder = new CopyRowDecoder(options, "COPY " + tableName, this::row);
    this.builders = new BlockBuilder[columns.size()];
    resetBuilders();
  }

  /**
   * Resolves the statement's table and columns; the loader owns {@code write} from here on: {@link
   * #finish} commits it and {@link #close} ends it (uncommitted when not finished), also when this
   * fails.
   */
  public static CopyLoader start(Catalog catalog, CopyStatement statement, WriteTransaction write) {
    requireNonNull(write, "write is null");
    try {
      requireNonNull(catalog, "catalog is null");
      String name = requireNonNull(statement.table(), "COPY FROM needs a table");
      Table table = catalog.table(name);
      if (table == null) {
        throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
      }
      int[] targets = targetColumns(table.schema(), statement.columns(), name);
      return new CopyLoader(table, targets, statement.options(), write);
    } catch (RuntimeException e) {
      write.close();
      throw e;
    }
  }

  /** The table channel of each input field: the listed columns, or all columns in order. */
  static int[] targetColumns(TableSchema schema, List<String> listed, String table) {
    if (listed.isEmpty()) {
      int[] all = new int[schema.columnCount()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] targets = new int[listed.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = schema.indexOf(listed.get(i));
      if (targets[i] < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "Column[" + listed.get(i) + "] of table[" + table + "] does not exist");
      }
    }
    return targets;
  }

  private static int[] unlisted(int[] targets, int columnCount) {
    boolean[] isListed = new boolean[columnCount];
    for (int target : targets) {
      isListed[target] = true;
    }
    int[] unlisted = new int[columnCount - targets.length];
    int count = 0;
    for (int channel = 0; channel < columnCount; channel++) {
      if (!isListed[channel]) {
        unlisted[count++] = channel;
      }
    }
    return unlisted;
  }

  /** The number of fields each input row has. */
  public int fieldCount() {
    return targets.length;
  }

  /** Reads the next chunk of COPY data; fails on the first malformed row. */
  public void write(byte[] data, int offset, int length) {
    checkOpen();
    decoder.decode(data, offset, length);
  }

  /**
   * Ends the input, appends the last page and commits the write transaction: the whole COPY becomes
   * visible at once. Returns the number of rows.
   */
  public long finish() {
    checkOpen();
    decoder.finish();
    awaitAppend();
    Page last = buildPage();
    if (last != null) {
      write.append(table, last);
    }
    isFinished = true;
    write.commit();
    LOG.info("COPY into table[{}] committed {} rows", tableName, rowCount);
    return rowCount;
  }

  /**
   * Ends the write transaction; the table gets no row of this COPY unless {@link #finish} committed
   * it.
   */
  @Override
  public void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    if (!isFinished) {
      LOG.info("COPY into table[{}] abandoned after {} rows", tableName, rowCount);
    }
    try {
      // A Raft submission is not interrupted halfway: let the append end before the write does.
      Future<?> current = inFlight;
      inFlight = null;
      if (current != null) {
        try {
          current.get();
        } catch (ExecutionException e) {
          // The COPY fails or was abandoned already; its write ends below either way.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      ExecutorService current = appender;
      appender = null;
      if (current != null) {
        current.shutdown();
      }
      write.close();
    }
  }

  private void row(CopyRowDecoder.Fields fields, long line) {
    if (fields.size() > targets.length) {
      throw rowError(line, null, "extra data after last expected column");
    }
    if (fields.size() < targets.length) {
      String missing = columns.get(targets[fields.size()]).name();
      throw rowError(line, null, "missing data for column \"" + missing + "\"");
    }
    for (int channel : unlisted) {
      // Not in the input: NULL, as Aurora has no column defaults.
      checkNullable(channel, line);
      builders[channel].appendNull();
    }
    for (int i = 0; i < targets.length; i++) {
      int channel = targets[i];
      if (fields.isNull(i)) {
        checkNullable(channel, line);
        builders[channel].appendNull();
      } else {
        try {
          appendField(builders[channel], columns.get(channel).type(), fields, i);
        } catch (AuroraException e) {
          throw rowError(line, columns.get(channel).name(), e.getMessage(), e);
        }
      }
    }
    rowCount++;
    pageBytes += fields.byteCount();
    if (builders[0].positionCount() == PAGE_ROWS || pageBytes >= PAGE_BYTES) {
      appendFullPage();
    }
  }

  private void checkNullable(int channel, long line) {
    ColumnSchema column = columns.get(channel);
    if (!column.nullable()) {
      throw new AuroraException(
          ErrorCode.NOT_NULL_VIOLATION,
          "COPY "
              + tableName
              + ", line "
              + line
              + ": null value in column \""
              + column.name()
              + "\" violates not-null constraint");
    }
  }

  /**
   * Appends a field: integers are read from its bytes and ASCII text is copied as it is, the common
   * cases of a bulk load; anything else goes through its text, as SQL casts read it.
   */
  private static void appendField(
      BlockBuilder builder, DataType type, CopyRowDecoder.Fields fields, int field) {
    switch (type.kind()) {
      case SMALLINT, INTEGER -> {
        long value = plainInteger(fields, field);
        if (value == NOT_PLAIN
            || value < (type.kind() == TypeKind.SMALLINT ? Short.MIN_VALUE : Integer.MIN_VALUE)
            || value > (type.kind() == TypeKind.SMALLINT ? Short.MAX_VALUE : Integer.MAX_VALUE)) {
          appendValue(builder, type, requireNonNull(fields.text(field)));
        } else {
          ((BlockBuilder.IntBuilder) builder).append((int) value);
        }
      }
      case BIGINT -> {
        long value = plainInteger(fields, field);
        if (value == NOT_PLAIN) {
          appendValue(builder, type, requireNonNull(fields.text(field)));
        } else {
          ((BlockBuilder.LongBuilder) builder).append(value);
        }
      }
      case VARCHAR -> {
        if (fields.isAscii(field)) {
          ((BlockBuilder.VarcharBuilder) builder)
              .append(fields.bytes(), fields.start(field), fields.end(field) - fields.start(field));
        } else {
          // Decoded and encoded again: malformed UTF-8 becomes U+FFFD, as Java's decoder makes it.
          appendValue(builder, type, requireNonNull(fields.text(field)));
        }
      }
      default -> appendValue(builder, type, requireNonNull(fields.text(field)));
    }
  }

  private static final long NOT_PLAIN = Long.MIN_VALUE;

  /**
   * The field as an integer when it is an optional minus and 1 to 18 digits (which cannot
   * overflow), else {@link #NOT_PLAIN}: signs, spaces, long or bad text take the text path, which
   * reads or rejects them.
   */
  private static long plainInteger(CopyRowDecoder.Fields fields, int field) {
    byte[] bytes = fields.bytes();
    int i = fields.start(field);
    int end = fields.end(field);
    boolean isNegative = i < end && bytes[i] == '-';
    if (isNegative) {
      i++;
    }
    if (i == end || end - i > 18) {
      return NOT_PLAIN;
    }
    long value = 0;
    for (; i < end; i++) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        return NOT_PLAIN;
      }
      value = value * 10 + digit;
    }
    return isNegative ? -value : value;
  }

  private static void appendValue(BlockBuilder builder, DataType type, String text) {
    switch (type.kind()) {
      case BOOLEAN ->
          ((BlockBuilder.BooleanBuilder) builder).append(TextFormats.parseBoolean(text));
      case SMALLINT ->
          ((BlockBuilder.IntBuilder) builder)
              .append(parseInt(text, type, Short.MIN_VALUE, Short.MAX_VALUE));
      case INTEGER ->
          ((BlockBuilder.IntBuilder) builder)
              .append(parseInt(text, type, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT -> ((BlockBuilder.LongBuilder) builder).append(TextFormats.parseLong(text, type));
      case REAL -> {
        double value = TextFormats.parseDouble(text, type);
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
          throw TextFormats.outOfRange(text, type);
        }
        ((BlockBuilder.FloatBuilder) builder).append(narrowed);
      }
      case DOUBLE ->
          ((BlockBuilder.DoubleBuilder) builder).append(TextFormats.parseDouble(text, type));
      case DECIMAL ->
          ((BlockBuilder.LongBuilder) builder).append(TextFormats.parseDecimalUnscaled(text, type));
      case DATE -> ((BlockBuilder.IntBuilder) builder).append(TextFormats.parseDate(text));
      case TIMESTAMP ->
          ((BlockBuilder.LongBuilder) builder).append(TextFormats.parseTimestamp(text));
      case VARCHAR -> ((BlockBuilder.VarcharBuilder) builder).append(text);
    }
  }

  private static int parseInt(String text, DataType type, int min, int max) {
    long value = TextFormats.parseLong(text, type);
    if (value < min || value > max) {
      throw TextFormats.outOfRange(text, type);
    }
    return (int) value;
  }

  private AuroraException rowError(long line, @Nullable String column, String message) {
    return rowError(line, column, message, null);
  }

  private AuroraException rowError(
      long line, @Nullable String column, String message, @Nullable AuroraException cause) {
    String where =
        "COPY " + tableName + ", line " + line + (column == null ? "" : ", column " + column);
    ErrorCode code = cause == null ? ErrorCode.BAD_COPY_FILE_FORMAT : cause.errorCode();
    return new AuroraException(code, where + ": " + message, cause);
  }

  /**
   * Hands the full page to the appending thread, once the page before it is appended: a failure of
   * that append fails the COPY here.
   */
  private void appendFullPage() {
    awaitAppend();
    Page page = requireNonNull(buildPage());
    ExecutorService current = appender;
    if (current == null) {
      current =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "aurora-copy-" + tableName);
                thread.setDaemon(true);
                return thread;
              });
      appender = current;
    }
    inFlight = current.submit(() -> write.append(table, page));
  }

  /** Waits for the append in progress, if any, and rethrows its failure. */
  private void awaitAppend() {
    Future<?> current = inFlight;
    if (current == null) {
      return;
    }
    inFlight = null;
    try {
      current.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new AuroraException(
          ErrorCode.INTERNAL_ERROR, "COPY into table[" + tableName + "] failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "COPY was interrupted", e);
    }
  }

  /**
   * The page built so far, or null when empty. Columns the table gained since the COPY started are
   * NULL in it.
   */
  private @Nullable Page buildPage() {
    int rows = builders[0].positionCount();
    if (rows == 0) {
      return null;
    }
    List<ColumnSchema> current = table.schema().columns();
    Block[] blocks = new Block[Math.max(builders.length, current.size())];
    for (int channel = 0; channel < builders.length; channel++) {
      blocks[channel] = builders[channel].build();
    }
    for (int channel = builders.length; channel < blocks.length; channel++) {
      BlockBuilder nulls = BlockBuilder.forType(current.get(channel).type(), rows);
      for (int row = 0; row < rows; row++) {
        nulls.appendNull();
      }
      blocks[channel] = nulls.build();
    }
    resetBuilders();
    pageBytes = 0;
    return new Page(rows, blocks);
  }

  private void resetBuilders() {
    for (int channel = 0; channel < builders.length; channel++) {
      builders[channel] = BlockBuilder.forType(columns.get(channel).type(), PAGE_ROWS);
    }
  }

  private void checkOpen() {
    if (isClosed || isFinished) {
      throw new IllegalStateException("COPY into table[" + tableName + "] has ended");
    }
  }
}
