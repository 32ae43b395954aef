package io.aurora.server.pgwire;

import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The statements a session answers itself, before the engine sees them: {@code SET}, {@code RESET},
 * {@code SHOW} (except {@code SHOW TABLES}, which is the engine's), transaction control ({@link
 * TransactionStatements}), {@code DISCARD} and {@code DEALLOCATE}.
 *
 * <p>Settings are not transactional: a {@code SET} in a transaction block stays when the block is
 * rolled back (PostgreSQL would undo it).
 */
final class SessionStatements {
  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
  private static final Pattern SET_TRANSACTION =
      Pattern.compile("SET\\s+(?:SESSION\\s+CHARACTERISTICS\\s+AS\\s+)?TRANSACTION\\b.*", FLAGS);
  private static final Pattern SET_TIME_ZONE =
      Pattern.compile("SET\\s+(?:SESSION\\s+|LOCAL\\s+)?TIME\\s+ZONE\\s+(.+)", FLAGS);
  private static final Pattern SET =
      Pattern.compile(
          "SET\\s+(?:SESSION\\s+|LOCAL\\s+)?([A-Za-z_][\\w.]*)\\s*(?:=|\\s+TO\\s)\\s*(.+)", FLAGS);
  private static final Pattern RESET = Pattern.compile("RESET\\s+([A-Za-z_][\\w.]*)", FLAGS);
  private static final Pattern SHOW = Pattern.compile("SHOW\\s+(.+)", FLAGS);
  private static final Pattern DISCARD =
      Pattern.compile("DISCARD\\s+(ALL|PLANS|SEQUENCES|TEMP|TEMPORARY)", FLAGS);
  private static final Pattern DEALLOCATE =
      Pattern.compile("DEALLOCATE\\s+(?:PREPARE\\s+)?(\"(?:[^\"]|\"\")+\"|[\\w$]+)", FLAGS);

  private SessionStatements() {}

  /** Runs the statement when it is a session statement; null when the engine should run it. */
  static @Nullable StatementOutcome tryRun(String sql, PgSession session) {
    String statement = strip(sql);
    if (statement.isEmpty() || !Character.isLetter(statement.charAt(0))) {
      return null;
    }
    StatementOutcome transactionControl = TransactionStatements.tryRun(statement, session);
    if (transactionControl != null) {
      return transactionControl;
    }
    Matcher matcher;
    if (SET_TRANSACTION.matcher(statement).matches()) {
      return new StatementOutcome.Command("SET");
    }
    if ((matcher = SET_TIME_ZONE.matcher(statement)).matches()) {
      return set(session, "TimeZone", matcher.group(1));
    }
    if ((matcher = SET.matcher(statement)).matches()) {
      return set(session, matcher.group(1), matcher.group(2));
    }
    if ((matcher = RESET.matcher(statement)).matches()) {
      if (matcher.group(1).equalsIgnoreCase("all")) {
        session.settings().resetAll();
      } else if (session.settings().reset(matcher.group(1))) {
        session.reportParameter(matcher.group(1));
      }
      return new StatementOutcome.Command("RESET");
    }
    if ((matcher = SHOW.matcher(statement)).matches()) {
      return show(session.settings(), matcher.group(1).strip());
    }
    if ((matcher = DISCARD.matcher(statement)).matches()) {
      String what = matcher.group(1).toUpperCase(Locale.ROOT);
      if (what.equals("ALL")) {
        session.transaction().preventInBlock("DISCARD ALL");
        session.discardAll();
      }
      return new StatementOutcome.Command("DISCARD " + what);
    }
    if ((matcher = DEALLOCATE.matcher(statement)).matches()) {
      String name = matcher.group(1);
      if (name.equalsIgnoreCase("all")) {
        session.deallocateAll();
        return new StatementOutcome.Command("DEALLOCATE ALL");
      }
      session.deallocate(unquoteIdentifier(name));
      return new StatementOutcome.Command("DEALLOCATE");
    }
    return null;
  }

  private static StatementOutcome set(PgSession session, String name, String valueText) {
    String value = parseValue(valueText);
    boolean isReported =
        value.equalsIgnoreCase("default")
            ? session.settings().reset(name)
            : session.settings().set(name, value);
    if (isReported) {
      session.reportParameter(name);
    }
    return new StatementOutcome.Command("SET");
  }

  private static @Nullable StatementOutcome show(SessionSettings settings, String what) {
    String name = what.replaceAll("\\s+", " ");
    if (name.equalsIgnoreCase("tables")) {
      return null;
    }
    if (name.equalsIgnoreCase("transaction isolation level")) {
      name = "transaction_isolation";
    } else if (name.equalsIgnoreCase("time zone")) {
      name = "TimeZone";
    }
    if (name.equalsIgnoreCase("all")) {
      List<String> names = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (String parameter : SessionSettings.REPORTED) {
        names.add(parameter);
        values.add(String.valueOf(settings.value(parameter)));
      }
      return rows(
          List.of("name", "setting"),
          Page.of(
              VarcharBlock.of(names.toArray(new String[0])),
              VarcharBlock.of(values.toArray(new String[0]))));
    }
    String value = settings.value(name);
    if (value == null) {
      throw new PgSessionException(
          "42704", "Configuration parameter[" + name + "] is not recognized");
    }
    return rows(List.of(settings.displayName(name)), Page.of(VarcharBlock.of(value)));
  }

  private static StatementOutcome rows(List<String> names, Page page) {
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      types.add(DataType.VARCHAR);
    }
    return new StatementOutcome.Rows(ResultRows.of(names, types, "SHOW", List.of(page)));
  }

  /** A comma-separated list of words, numbers or quoted strings, joined with ", ". */
  private static String parseValue(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.strip().split(",(?=(?:[^']*'[^']*')*[^']*$)")) {
      String value = item.strip();
      if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1).replace("''", "'");
      } else if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = unquoteIdentifier(value);
      }
      items.add(value);
    }
    return String.join(", ", items);
  }

  /** A quoted identifier without its quotes, or an unquoted one in lower case. */
  static String unquoteIdentifier(String name) {
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /** The statement without surrounding blanks and trailing semicolons. */
  static String strip(String sql) {
    String statement = sql.strip();
    while (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1).strip();
    }
    return statement;
  }
}
