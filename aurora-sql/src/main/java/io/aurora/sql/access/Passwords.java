package io.aurora.sql.access;

import java.util.regex.Pattern;

/** Keeps passwords and other secrets out of what a node shows and logs of a statement's text. */
public final class Passwords {
  private static final String HIDDEN = "'********'";
  // A string after the PASSWORD keyword (CREATE/ALTER ROLE).
  private static final Pattern PASSWORD_LITERAL =
      Pattern.compile("(?i)(\\bPASSWORD\\s+)'(?:[^']|'')*'");
  // A string given to an option whose name says it is a secret (CREATE PIPELINE ... WITH (...)):
  // schema_registry_auth, kafka.sasl.jaas.config, kafka.ssl.key.password, ...; the name bare or
  // quoted.
  private static final Pattern SECRET_OPTION =
      Pattern.compile(
          "(?i)((?:\\b[\\w.]*|'[^']*)(?:password|secret|_auth|jaas\\.config)(?:[\\w.]*\\b|[^']*')"
              + "\\s*=\\s*)'(?:[^']|'')*'");
  private static final String[] MARKERS = {"password", "secret", "_auth", "jaas"};

  private Passwords() {}

  /**
   * The statement with the string after each {@code PASSWORD} keyword, and the value of each option
   * named like a secret ({@code schema_registry_auth}, {@code kafka.sasl.jaas.config}, names with
   * {@code password} or {@code secret}), replaced by {@code '********'}, for {@code
   * system.query_log}, {@code system.queries} and the logs; other text is returned as it is.
   */
  public static String redact(String sql) {
    if (!containsMarker(sql)) {
      return sql; // the usual case: no copy of the statement, no regular expression
    }
    String redacted = PASSWORD_LITERAL.matcher(sql).replaceAll("$1" + HIDDEN);
    return SECRET_OPTION.matcher(redacted).replaceAll("$1" + HIDDEN);
  }

  /** Whether a marker occurs in {@code sql}, ignoring case, without copying it. */
  private static boolean containsMarker(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      for (String marker : MARKERS) {
        if (sql.regionMatches(true, i, marker, 0, marker.length())) {
          return true;
        }
      }
    }
    return false;
  }
}
