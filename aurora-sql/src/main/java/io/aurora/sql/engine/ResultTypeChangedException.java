package io.aurora.sql.engine;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;

/**
 * A prepared query's new plan (after DDL on a table it reads) would change the result columns its
 * client was given: SQLSTATE 0A000 with PostgreSQL's message. Clients that know the error (pgjdbc)
 * prepare the statement again and retry; the PostgreSQL server names the routine that raises it,
 * which is how they recognize it.
 */
public final class ResultTypeChangedException extends AuroraException {
  private static final long serialVersionUID = 1L;

  /** The routine PostgreSQL names in the error ({@code R} field), which pgjdbc looks for. */
  public static final String ROUTINE = "RevalidateCachedQuery";

  public ResultTypeChangedException() {
    super(ErrorCode.FEATURE_NOT_SUPPORTED, "cached plan must not change result type");
  }
}
