package io.aurora.server.pgwire;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The run-time parameters of one session ({@code SET}, {@code SHOW}, {@code RESET}). Names are
 * case-insensitive. The parameters PostgreSQL reports with ParameterStatus are reported at startup
 * and whenever they change. Unknown names are accepted and stored, because tools set parameters
 * Aurora does not use; they change nothing. The parameters that decide how values are formatted are
 * fixed: {@code client_encoding} must stay UTF8 and {@code DateStyle} must start with ISO. Not
 * thread-safe: only the session's own thread uses it.
 */
final class SessionSettings {
  /** The parameters sent with ParameterStatus, in the order PostgreSQL sends them. */
  static final List<String> REPORTED =
      List.of(
          "application_name",
          "client_encoding",
          "DateStyle",
          "integer_datetimes",
          "IntervalStyle",
          "is_superuser",
          "server_encoding",
          "server_version",
          "session_authorization",
          "standard_conforming_strings",
          "TimeZone");

  private static final Set<String> REPORTED_KEYS =
      REPORTED.stream().map(SessionSettings::key).collect(java.util.stream.Collectors.toSet());

  private final Map<String, String> defaults = new LinkedHashMap<>();
  private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h|d)?");

  private final Map<String, String> displayNames = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  SessionSettings(String user, String applicationName, Duration statementTimeout) {
    define("application_name", applicationName);
    define("client_encoding", "UTF8");
    define("DateStyle", "ISO, MDY");
    define("integer_datetimes", "on");
    define("IntervalStyle", "postgres");
    define("is_superuser", "on");
    define("server_encoding", "UTF8");
    define("server_version", "16.0");
    define("server_version_num", "160000");
    define("session_authorization", user);
    define("standard_conforming_strings", "on");
    define("TimeZone", "UTC");
    define("extra_float_digits", "1");
    define("search_path", "\"$user\", public");
    define("transaction_isolation", "read committed");
    define("transaction_read_only", "off");
    define("default_transaction_isolation", "read committed");
    define("max_identifier_length", "63");
    define("statement_timeout", Long.toString(statementTimeout.toMillis()));
  }

  /** {@code is_superuser}, as the catalog says of the session's user when it logged in. */
  void defineSuperuser(boolean isSuperuser) {
    define("is_superuser", isSuperuser ? "on" : "off");
  }

  private void define(String name, String value) {
    defaults.put(key(name), value);
    displayNames.put(key(name), name);
    values.put(key(name), value);
  }

  /** The parameter's display name (as SHOW names its column) and value, or null when unknown. */
  @Nullable String value(String name) {
    return values.get(key(name));
  }

  String displayName(String name) {
    return displayNames.getOrDefault(key(name), name.toLowerCase(Locale.ROOT));
  }

  /**
   * Sets a parameter; returns true when it is one the client must be told about with
   * ParameterStatus.
   */
  boolean set(String name, String value) {
    String key = key(name);
    if (key.equals("client_encoding") && !isUtf8(value)) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "Client encoding[" + value + "] is not supported");
    }
    if (key.equals("datestyle") && !value.toUpperCase(Locale.ROOT).startsWith("ISO")) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "DateStyle[" + value + "] is not supported");
    }
    if (key.equals("server_version")
        || key.equals("server_encoding")
        || key.equals("integer_datetimes")
        || key.equals("session_authorization")
        || key.equals("is_superuser")) {
      throw new PgSessionException("55P02", "Parameter[" + name + "] cannot be changed");
    }
    if (key.equals("statement_timeout")) {
      parseTimeout(value);
    }
    String stored = key.equals("client_encoding") ? "UTF8" : value;
    displayNames.putIfAbsent(key, name.toLowerCase(Locale.ROOT));
    values.put(key, stored);
    return REPORTED_KEYS.contains(key);
  }

  /** Restores a parameter's default; returns true when it must be reported. */
  boolean reset(String name) {
    String key = key(name);
    String initial = defaults.get(key);
    if (initial == null) {
      values.remove(key);
      return false;
    }
    values.put(key, initial);
    return REPORTED_KEYS.contains(key);
  }

  /** The session's {@code statement_timeout}; zero for none. */
  Duration statementTimeout() {
    return parseTimeout(values.get("statement_timeout"));
  }

  /**
   * A timeout as PostgreSQL reads one: milliseconds as a bare number, or a number with a unit (ms,
   * s, min, h, d); 0 is none.
   */
  static Duration parseTimeout(String value) {
    Matcher matcher = TIMEOUT.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "invalid value for parameter \"statement_timeout\": \"" + value + "\"");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2);
    return switch (unit == null ? "ms" : unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  void resetAll() {
    values.clear();
    values.putAll(defaults);
  }

  private static boolean isUtf8(String encoding) {
    String normalized = encoding.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    return normalized.equals("UTF8") || normalized.equals("UNICODE");
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
