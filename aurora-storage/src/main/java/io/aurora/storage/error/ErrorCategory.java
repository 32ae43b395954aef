package io.aurora.storage.error;

/** Who is at fault for an error, which decides how it is logged and whether a retry can help. */
public enum ErrorCategory {
  /**
   * The request was wrong: bad SQL, a missing table, a value out of range. Not logged as a fault.
   */
  USER,
  /** A limit was reached: memory, disk, time. Retrying later or with a smaller request may help. */
  RESOURCES,
  /**
   * Aurora or its environment failed: a bug, an I/O error, a corrupted file. Logged as an error.
   */
  INTERNAL
}
