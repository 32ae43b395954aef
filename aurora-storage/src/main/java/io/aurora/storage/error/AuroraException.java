package io.aurora.storage.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type Aurora throws for errors a client should see. It carries an {@link
 * ErrorCode} (and so a SQLSTATE) and, for SQL errors, the 1-based character position in the
 * statement text, or 0 when none is known.
 */
public class AuroraException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final int position;

  public AuroraException(ErrorCode errorCode, String message) {
    this(errorCode, message, null, 0);
  }

  public AuroraException(ErrorCode errorCode, String message, @Nullable Throwable cause) {
    this(errorCode, message, cause, 0);
  }

  public AuroraException(
      ErrorCode errorCode, String message, @Nullable Throwable cause, int position) {
    super(requireNonNull(message, "message is null"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
    if (position < 0) {
      throw new IllegalArgumentException("position is negative: " + position);
    }
    this.position = position;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The 1-based position in the SQL text the error refers to, or 0 when unknown. */
  public int position() {
    return position;
  }
}
