package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

/**
 * How COPY data is laid out. Defaults follow PostgreSQL: text format separates fields with a tab,
 * writes NULL as {@code \N} and escapes with backslashes; CSV separates with a comma, writes NULL
 * as an unquoted empty field and quotes with {@code "}, which also escapes itself.
 *
 * @param delimiter the one-byte field separator
 * @param nullString the text that stands for NULL (compared with the field before unescaping)
 * @param quote the CSV quote character (unused in text format)
 * @param escape the CSV escape character inside quotes (unused in text format)
 */
public record CopyOptions(
    Format format, boolean hasHeader, char delimiter, String nullString, char quote, char escape) {

  /** The two formats Aurora reads and writes; PostgreSQL's binary format is not supported. */
  public enum Format {
    TEXT,
    CSV
  }

  public static final CopyOptions TEXT = new CopyOptions(Format.TEXT, false, '\t', "\\N", '"', '"');
  public static final CopyOptions CSV = new CopyOptions(Format.CSV, false, ',', "", '"', '"');

  public CopyOptions {
    requireNonNull(format, "format is null");
    requireNonNull(nullString, "nullString is null");
  }

  public boolean isCsv() {
    return format == Format.CSV;
  }
}
