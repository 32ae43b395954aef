package io.aurora.storage.segment;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A segment file failed a check: a checksum, a bound, a magic number or its own structure. The
 * message and the accessors name the file, the column and the block (or "none" for the header,
 * footer and trailer, which belong to no column), so an operator knows exactly what to restore.
 */
public final class SegmentCorruptedException extends AuroraException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String column;
  private final String block;

  SegmentCorruptedException(
      Path file, String column, String block, String reason, @Nullable Throwable cause) {
    super(
        ErrorCode.DATA_CORRUPTED,
        "Segment file["
            + file
            + "] column["
            + column
            + "] block["
            + block
            + "] is corrupted: "
            + reason,
        cause);
    this.file = requireNonNull(file, "file is null");
    this.column = requireNonNull(column, "column is null");
    this.block = requireNonNull(block, "block is null");
  }

  public Path file() {
    return file;
  }

  /** The column's name, or "none" when the damage is outside every column's data. */
  public String column() {
    return column;
  }

  /** The block number, "dictionary", "inverted index", "bloom filter", or "none". */
  public String block() {
    return block;
  }
}
