package io.aurora.server.pgwire;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Transaction control, which a session answers itself ({@link SessionTransaction}): {@code BEGIN
 * [WORK | TRANSACTION] [modes]}, {@code START TRANSACTION [modes]}, {@code COMMIT | END [WORK |
 * TRANSACTION]}, {@code ROLLBACK | ABORT [WORK | TRANSACTION]}, {@code SAVEPOINT name}, {@code
 * RELEASE [SAVEPOINT] name} and {@code ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name}. Modes
 * (isolation level, READ ONLY, DEFERRABLE) are accepted and ignored: every block reads as READ
 * COMMITTED does, each statement seeing the rows committed before it and the block's own.
 */
final class TransactionStatements {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
  private static final String NAME = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][\\w$]*)";
  private static final String WORK = "(?:\\s+(?:WORK|TRANSACTION))?";
  private static final Pattern BEGIN =
      Pattern.compile("(BEGIN|START\\s+TRANSACTION)(?:\\s+.*)?", FLAGS);
  private static final Pattern END = Pattern.compile("(COMMIT|END|ROLLBACK|ABORT)" + WORK, FLAGS);
  private static final Pattern ROLLBACK_TO =
      Pattern.compile("ROLLBACK" + WORK + "\\s+TO\\s+(?:SAVEPOINT\\s+)?" + NAME, FLAGS);
  private static final Pattern SAVEPOINT = Pattern.compile("SAVEPOINT\\s+" + NAME, FLAGS);
  private static final Pattern RELEASE =
      Pattern.compile("RELEASE\\s+(?:SAVEPOINT\\s+)?" + NAME, FLAGS);

  private TransactionStatements() {}

  /**
   * Whether the statement (stripped of blanks and semicolons) may run in a failed block: one that
   * ends the block, or rolls back to a savepoint.
   */
  static boolean isExit(String statement) {
    return END.matcher(statement).matches() || ROLLBACK_TO.matcher(statement).matches();
  }

  /**
   * Runs the statement (stripped of blanks and semicolons) when it is transaction control; null
   * when it is not.
   */
  static StatementOutcome.@Nullable Command tryRun(String statement, PgSession session) {
    SessionTransaction transaction = session.transaction();
    Matcher matcher;
    if ((matcher = BEGIN.matcher(statement)).matches()) {
      return transaction.begin(
          matcher.group(1).toUpperCase(Locale.ROOT).startsWith("BEGIN")
              ? "BEGIN"
              : "START TRANSACTION");
    }
    if ((matcher = END.matcher(statement)).matches()) {
      String word = matcher.group(1).toUpperCase(Locale.ROOT);
      try {
        return word.equals("COMMIT") || word.equals("END")
            ? transaction.commit()
            : transaction.rollback();
      } finally {
        // The end of a transaction closes its portals, as in PostgreSQL; pgjdbc relies on it.
        session.closeNamedPortals();
      }
    }
    if ((matcher = ROLLBACK_TO.matcher(statement)).matches()) {
      return transaction.rollbackTo(SessionStatements.unquoteIdentifier(matcher.group(1)));
    }
    if ((matcher = SAVEPOINT.matcher(statement)).matches()) {
      return transaction.savepoint(SessionStatements.unquoteIdentifier(matcher.group(1)));
    }
    if ((matcher = RELEASE.matcher(statement)).matches()) {
      return transaction.release(SessionStatements.unquoteIdentifier(matcher.group(1)));
    }
    return null;
  }
}
