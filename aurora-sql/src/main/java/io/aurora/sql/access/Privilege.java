package io.aurora.sql.access;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.Locale;

/**
 * A privilege that a GRANT gives on a table or on the schema, with the letter PostgreSQL's {@code
 * aclitem} text uses for it ({@code relacl}, psql's {@code \dp}).
 */
public enum Privilege {
  SELECT('r', true),
  INSERT('a', true),
  DELETE('d', true),
  TRUNCATE('D', true),
  /** On the schema: create tables (and views, endpoints, pipelines) in it. */
  CREATE('C', false),
  /** On the schema: look up objects in it; every role has it on {@code public}. */
  USAGE('U', false);

  private final char letter;
  private final boolean isTablePrivilege;

  Privilege(char letter, boolean isTablePrivilege) {
    this.letter = letter;
    this.isTablePrivilege = isTablePrivilege;
  }

  public int bit() {
    return 1 << ordinal();
  }

  public char letter() {
    return letter;
  }

  public boolean isTablePrivilege() {
    return isTablePrivilege;
  }

  /** Every table privilege ({@code ALL [PRIVILEGES]} on a table). */
  public static int allTableBits() {
    return SELECT.bit() | INSERT.bit() | DELETE.bit() | TRUNCATE.bit();
  }

  /** Every schema privilege ({@code ALL [PRIVILEGES]} on a schema). */
  public static int allSchemaBits() {
    return CREATE.bit() | USAGE.bit();
  }

  /**
   * The privilege a GRANT names; PostgreSQL's UPDATE, REFERENCES and TRIGGER fail with 0A000, as
   * Aurora has no UPDATE, foreign keys or triggers.
   */
  public static Privilege of(String keyword) {
    String upper = keyword.toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "SELECT" -> SELECT;
      case "INSERT" -> INSERT;
      case "DELETE" -> DELETE;
      case "TRUNCATE" -> TRUNCATE;
      case "CREATE" -> CREATE;
      case "USAGE" -> USAGE;
      case "UPDATE", "REFERENCES", "TRIGGER", "MAINTAIN" ->
          throw new AuroraException(
              ErrorCode.FEATURE_NOT_SUPPORTED,
              "Privilege " + upper + " is not supported: Aurora's tables have no such operation");
      default ->
          throw new AuroraException(
              ErrorCode.SYNTAX_ERROR, "unrecognized privilege type \"" + keyword + "\"");
    };
  }

  /** The privileges in {@code bits} as {@code aclitem} letters, in PostgreSQL's order. */
  public static String letters(int bits) {
    StringBuilder text = new StringBuilder();
    for (char letter : new char[] {'a', 'r', 'd', 'D', 'U', 'C'}) {
      for (Privilege privilege : values()) {
        if (privilege.letter == letter && (bits & privilege.bit()) != 0) {
          text.append(letter);
        }
      }
    }
    return text.toString();
  }
}
