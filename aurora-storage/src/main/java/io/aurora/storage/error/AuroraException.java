package io.aurora.storage.error;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one exception type Aurora throws for errors a client should see. It carries an {@link
 * ErrorCode} (and so a SQLSTATE) and, for SQL errors, the 1-based character position in the
 * statement text, or 0 when none is known; optionally a detail (more about what happened) and a
 * hint (what to do about it), which PostgreSQL clients show on lines of their own.
 */
public class AuroraException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode errorCode;
  private final int position;
  private final @Nullable String detail;
  private final @Nullable String hint;

  public AuroraException(ErrorCode errorCode, String message) {
    this(errorCode, message, null, 0);
  }

  public AuroraException(ErrorCode errorCode, String message, @Nullable Throwable cause) {
    this(errorCode, message, cause, 0);
  }

  public AuroraException(
      ErrorCode errorCode, String message, @Nullable Throwable cause, int position) {
    this(errorCode, message, null, null, cause, position);
  }

  public AuroraException(
      ErrorCode errorCode,
      String message,
      @Nullable String detail,
      @Nullable String hint,
      @Nullable Throwable cause,
      int position) {
    super(requireNonNull(message, "message is null"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
    if (position < 0) {
      throw new IllegalArgumentException("position is negative: " + position);
    }
    this.position = position;
    this.detail = detail;
    this.hint = hint;
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The 1-based position in the SQL text the error refers to, or 0 when unknown. */
  public int position() {
    return position;
  }

  /** More about what went wrong, or null. */
  public @Nullable String detail() {
    return detail;
  }

  /** What the user could do about it, such as a likely intended name, or null. */
  public @Nullable String hint() {
    return hint;
  }
}
