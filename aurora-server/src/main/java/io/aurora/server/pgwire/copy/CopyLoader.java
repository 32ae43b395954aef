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
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one {@code COPY table FROM ...}: bytes go in through {@link #write}, are split into rows
 * ({@link CopyRowDecoder}), parsed into typed pages of {@value #PAGE_ROWS} rows and staged in a
 * temporary {@link Shard} under the spool directory, which seals to segment files as it grows so
 * that memory stays bounded whatever the input's size. Nothing reaches the table until {@link
 * #finish}: it scans the staged rows and appends them, in pages of about {@value #APPEND_ROWS}
 * rows, to the caller's {@link WriteTransaction}, whose commit makes the whole COPY visible at once
 * (a replicated catalog stages each page in the shards as it arrives, so the COPY is never held in
 * memory whole). A malformed row, or {@link #close()} without {@link #finish} (the client sent
 * CopyFail, or the connection dropped), leaves the table unchanged.
 *
 * <p>The staging directory is deleted by {@link #close()}, which the owner always calls; a failure
 * to delete it is logged, not thrown. Not thread-safe: one session drives a loader.
 *
 * <pre>{@code
 * try (CopyLoader loader = CopyLoader.start(catalog, statement, copyConfig, label);
 *     WriteTransaction write = catalog.beginWrite()) {
 *   loader.write(chunk, 0, chunk.length); // any number of times
 *   long rows = loader.finish(write);
 *   write.commit();
 * }
 * }</pre>
 */
public final class CopyLoader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLoader.class);
  static final int PAGE_ROWS = 4096;
  static final int APPEND_ROWS = 65_536;
  private static final AtomicLong STAGING_IDS = new AtomicLong();

  /**
   * Staging is sealed by the loader itself at the configured size ({@link #flushPage}), not by the
   * shard's thresholds, and never compacts: its rows are read once.
   */
  private static final StorageConfig STAGING_STORAGE =
      new StorageConfig(
          Integer.MAX_VALUE - 1,
          Long.MAX_VALUE,
          Duration.ofDays(1),
          SegmentWriteOptions.DEFAULT,
          4_000_000,
          Integer.MAX_VALUE,
          Duration.ofMinutes(1),
          4,
          0);

  private final Table table;
  private final String tableName;
  private final List<ColumnSchema> columns;
  private final int[] targets;
  private final int[] unlisted;
  private final Path stagingDirectory;
  private final Shard staging;
  private final CopyRowDecoder decoder;
  private final BlockBuilder[] builders;
  private final int sealRows;
  private long rowCount;
  private int unsealedRows;
  private boolean isFinished;
  private boolean isClosed;

  private CopyLoader(
      Table table,
      int[] targets,
      CopyOptions options,
      Path stagingDirectory,
      StorageConfig stagingStorage,
      int sealRows) {
    this.table = table;
    this.tableName = table.name();
    TableSchema schema = table.schema();
    this.columns = schema.columns();
    this.targets = targets;
    this.unlisted = unlisted(targets, columns.size());
    this.stagingDirectory = stagingDirectory;
    this.staging = Shard.open(stagingDirectory, TableSchema.of(columns), stagingStorage);
    this.sealRows = sealRows;
    this.decoder = new CopyRowDecoder(options, "COPY " + tableName, this::row);
    this.builders = new BlockBuilder[columns.size()];
    resetBuilders();
  }

  /**
   * Resolves the statement's table and columns and creates the staging shard in a new directory
   * under the spool directory; {@code label} names that directory (the connection's id).
   */
  public static CopyLoader start(
      Catalog catalog, CopyStatement statement, CopyConfig config, String label) {
    requireNonNull(catalog, "catalog is null");
    requireNonNull(config, "config is null");
    String name = requireNonNull(statement.table(), "COPY FROM needs a table");
    Table table = catalog.table(name);
    if (table == null) {
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
    }
    int[] targets = targetColumns(table.schema(), statement.columns(), name);
    Path directory =
        config.spoolDirectory().resolve("copy-" + label + "-" + STAGING_IDS.incrementAndGet());
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Cannot create the COPY staging directory[" + directory + "]", e);
    }
    try {
      return new CopyLoader(
          table,
          targets,
          statement.options(),
          directory,
          STAGING_STORAGE,
          config.stagingSegmentRows());
    } catch (RuntimeException e) {
      deleteRecursively(directory);
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
   * Ends the input and appends every staged row to {@code write}, for the table; returns the number
   * of rows. They are visible once the caller commits {@code write}.
   */
  public long finish(WriteTransaction write) {
    requireNonNull(write, "write is null");
    checkOpen();
    decoder.finish();
    flushPage();
    isFinished = true;
    appendStaged(write);
    LOG.info("COPY into table[{}] staged {} rows to commit", tableName, rowCount);
    return rowCount;
  }

  /**
   * Deletes the staging shard; the table gets no row of this COPY unless {@link #finish} staged
   * them in a write transaction that commits.
   */
  @Override
  public void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    if (!isFinished) {
      LOG.info("COPY into table[{}] abandoned after {} staged rows", tableName, rowCount);
    }
    try {
      staging.close();
    } finally {
      deleteRecursively(stagingDirectory);
    }
  }

  private void row(List<@Nullable String> fields, long line) {
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
      String value = fields.get(i);
      if (value == null) {
        checkNullable(channel, line);
        builders[channel].appendNull();
      } else {
        try {
          appendValue(builders[channel], columns.get(channel).type(), value);
        } catch (AuroraException e) {
          throw rowError(line, columns.get(channel).name(), e.getMessage(), e);
        }
      }
    }
    rowCount++;
    if (rowCount % PAGE_ROWS == 0) {
      flushPage();
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

  private void flushPage() {
    int rows = builders[0].positionCount();
    if (rows == 0) {
      return;
    }
    Block[] blocks = new Block[builders.length];
    for (int channel = 0; channel < blocks.length; channel++) {
      blocks[channel] = builders[channel].build();
    }
    resetBuilders();
    staging.append(new Page(rows, blocks));
    unsealedRows += rows;
    if (unsealedRows >= sealRows) {
      // Waiting for the seal keeps at most one segment's rows in memory, however fast the input.
      staging.sealAll();
      unsealedRows = 0;
    }
  }

  private void resetBuilders() {
    for (int channel = 0; channel < builders.length; channel++) {
      builders[channel] = BlockBuilder.forType(columns.get(channel).type(), PAGE_ROWS);
    }
  }

  /**
   * Appends the staged rows to {@code write} in pages of up to {@link #APPEND_ROWS} rows. Columns
   * the table gained since the COPY started read as NULL.
   */
  private void appendStaged(WriteTransaction write) {
    List<String> names = new ArrayList<>();
    for (ColumnSchema column : columns) {
      names.add(column.name());
    }
    TableScan scan = staging.scan(ScanRequest.of(names));
    Batch batch = new Batch();
    scan.forEachPage(
        page -> {
          for (int row = 0; row < page.rowCount(); row++) {
            batch.add(page, page.position(row));
            if (batch.rows == APPEND_ROWS) {
              batch.appendTo(write);
            }
          }
        });
    batch.appendTo(write);
  }

  private void checkOpen() {
    if (isClosed || isFinished) {
      throw new IllegalStateException("COPY into table[" + tableName + "] has ended");
    }
  }

  private static void deleteRecursively(Path directory) {
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      // The COPY's outcome stands either way; what is left only takes disk space.
      LOG.warn("Cannot delete COPY staging directory[{}]: {}", directory, e.toString());
    }
  }

  /** Rows gathered for one {@link WriteTransaction#append}, in the table's current columns. */
  private final class Batch {
    private final List<ColumnSchema> target = table.schema().columns();
    private BlockBuilder[] builders = newBuilders();
    private int rows;

    void add(Page page, int position) {
      for (int channel = 0; channel < builders.length; channel++) {
        if (channel < page.channelCount()) {
          builders[channel].appendFrom(page.block(channel), position);
        } else {
          builders[channel].appendNull();
        }
      }
      rows++;
    }

    void appendTo(WriteTransaction write) {
      if (rows == 0) {
        return;
      }
      Block[] blocks = new Block[builders.length];
      for (int channel = 0; channel < blocks.length; channel++) {
        blocks[channel] = builders[channel].build();
      }
      write.append(table, new Page(rows, blocks));
      builders = newBuilders();
      rows = 0;
    }

    private BlockBuilder[] newBuilders() {
      BlockBuilder[] created = new BlockBuilder[target.size()];
      for (int channel = 0; channel < created.length; channel++) {
        created[channel] = BlockBuilder.forType(target.get(channel).type(), APPEND_ROWS);
      }
      return created;
    }
  }
}
