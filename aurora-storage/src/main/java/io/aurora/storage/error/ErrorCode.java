package io.aurora.storage.error;

import static java.util.Objects.requireNonNull;

/**
 * Every error Aurora reports, each with the PostgreSQL SQLSTATE that clients see and a category.
 *
 * <p>The PostgreSQL wire protocol reads {@link #sqlState()}; any exception that is not an {@link
 * AuroraException} maps to {@code XX000}. Codes are never renumbered: clients match on the
 * SQLSTATE, and the numeric {@link #code()} appears in logs and the gRPC status details.
 */
public enum ErrorCode {
  SYNTAX_ERROR(1, "42601", ErrorCategory.USER),
  UNDEFINED_TABLE(2, "42P01", ErrorCategory.USER),
  UNDEFINED_COLUMN(3, "42703", ErrorCategory.USER),
  DUPLICATE_TABLE(4, "42P07", ErrorCategory.USER),
  DUPLICATE_COLUMN(5, "42701", ErrorCategory.USER),
  DATATYPE_MISMATCH(6, "42804", ErrorCategory.USER),
  INVALID_TABLE_DEFINITION(7, "42P16", ErrorCategory.USER),
  INVALID_PARAMETER_VALUE(8, "22023", ErrorCategory.USER),
  NUMERIC_VALUE_OUT_OF_RANGE(9, "22003", ErrorCategory.USER),
  DIVISION_BY_ZERO(10, "22012", ErrorCategory.USER),
  INVALID_TEXT_REPRESENTATION(11, "22P02", ErrorCategory.USER),
  NOT_NULL_VIOLATION(12, "23502", ErrorCategory.USER),
  FEATURE_NOT_SUPPORTED(13, "0A000", ErrorCategory.USER),
  QUERY_CANCELED(14, "57014", ErrorCategory.USER),
  UNDEFINED_FUNCTION(15, "42883", ErrorCategory.USER),
  INVALID_COLUMN_REFERENCE(16, "42P10", ErrorCategory.USER),
  GROUPING_ERROR(17, "42803", ErrorCategory.USER),
  CARDINALITY_VIOLATION(18, "21000", ErrorCategory.USER),
  PROTOCOL_VIOLATION(19, "08P01", ErrorCategory.USER),
  INVALID_AUTHORIZATION_SPECIFICATION(20, "28000", ErrorCategory.USER),
  INVALID_PASSWORD(21, "28P01", ErrorCategory.USER),
  BAD_COPY_FILE_FORMAT(22, "22P04", ErrorCategory.USER),
  UNDEFINED_FILE(23, "58P01", ErrorCategory.USER),
  UNDEFINED_OBJECT(24, "42704", ErrorCategory.USER),
  INVALID_REGULAR_EXPRESSION(25, "2201B", ErrorCategory.USER),
  PROGRAM_LIMIT_EXCEEDED(26, "54000", ErrorCategory.USER),
  DUPLICATE_OBJECT(27, "42710", ErrorCategory.USER),
  DEPENDENT_OBJECTS_STILL_EXIST(28, "2BP01", ErrorCategory.USER),
  UNDEFINED_PARAMETER(29, "42P02", ErrorCategory.USER),
  INVALID_DATETIME_FORMAT(30, "22007", ErrorCategory.USER),
  /** A statement that cannot run inside a transaction block. */
  ACTIVE_SQL_TRANSACTION(31, "25001", ErrorCategory.USER),
  /** A statement other than ROLLBACK in a transaction block after an error. */
  IN_FAILED_SQL_TRANSACTION(32, "25P02", ErrorCategory.USER),
  /** COMMIT or ROLLBACK outside a transaction block (a warning in PostgreSQL). */
  NO_ACTIVE_SQL_TRANSACTION(33, "25P01", ErrorCategory.USER),
  /**
   * A write transaction was rolled back rather than committed: its writer fell silent and recovery
   * decided it, or it lost to a conflicting decision. Nothing of it is visible; it may be retried.
   */
  TRANSACTION_ROLLBACK(34, "40000", ErrorCategory.USER),
  /** A name reserved for Aurora's own objects, such as a table name starting with "system.". */
  RESERVED_NAME(35, "42939", ErrorCategory.USER),
  /** A window definition PostgreSQL refuses, such as a GROUPS frame without ORDER BY. */
  WINDOWING_ERROR(36, "42P20", ErrorCategory.USER),
  /** The logarithm of zero or of a negative number. */
  INVALID_ARGUMENT_FOR_LOGARITHM(37, "2201E", ErrorCategory.USER),
  /** Zero to a negative power, a negative number to a fractional one, a negative square root. */
  INVALID_ARGUMENT_FOR_POWER_FUNCTION(38, "2201F", ErrorCategory.USER),
  /** An {@code ntile} bucket count that is not positive. */
  INVALID_ARGUMENT_FOR_NTILE(39, "22014", ErrorCategory.USER),
  /** An {@code nth_value} position that is not positive. */
  INVALID_ARGUMENT_FOR_NTH_VALUE(40, "22016", ErrorCategory.USER),
  /** A substring of negative length. */
  SUBSTRING_ERROR(41, "22011", ErrorCategory.USER),
  /** The session's role lacks a privilege the statement needs. */
  INSUFFICIENT_PRIVILEGE(42, "42501", ErrorCategory.USER),
  /** A GRANT or REVOKE of role membership PostgreSQL refuses, such as one that makes a cycle. */
  INVALID_GRANT_OPERATION(43, "0LP01", ErrorCategory.USER),
  /** An object a session is using, such as the session's own role for DROP ROLE. */
  OBJECT_IN_USE(44, "55006", ErrorCategory.USER),
  /** A date or timestamp outside the range its type holds ({@code timestamp out of range}). */
  DATETIME_FIELD_OVERFLOW(45, "22008", ErrorCategory.USER),
  OUT_OF_MEMORY(100, "53200", ErrorCategory.RESOURCES),
  DISK_FULL(101, "53100", ErrorCategory.RESOURCES),
  /** A client went past a limit set for it, such as an API token's requests per second. */
  CONFIGURATION_LIMIT_EXCEEDED(103, "53400", ErrorCategory.RESOURCES),
  /**
   * A Raft group (a shard or the catalog) has no leader that a majority of its replicas follows:
   * too many of its nodes are down or cut off. PostgreSQL's {@code cannot_connect_now}.
   */
  UNAVAILABLE(102, "57P03", ErrorCategory.RESOURCES),
  DATA_CORRUPTED(200, "XX001", ErrorCategory.INTERNAL),
  IO_ERROR(201, "58030", ErrorCategory.INTERNAL),
  INTERNAL_ERROR(202, "XX000", ErrorCategory.INTERNAL);

  private final int code;
  private final String sqlState;
  private final ErrorCategory category;

  ErrorCode(int code, String sqlState, ErrorCategory category) {
    this.code = code;
    this.sqlState = requireNonNull(sqlState, "sqlState is null");
    this.category = requireNonNull(category, "category is null");
  }

  /** Aurora's own stable number for this error. */
  public int code() {
    return code;
  }

  /** The five-character PostgreSQL SQLSTATE. */
  public String sqlState() {
    return sqlState;
  }

  public ErrorCategory category() {
    return category;
  }
}
