package io.aurora.server.http;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.engine.PreparedQuery;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.ResultTypeChangedException;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.expression.TextFormats;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.math.BigDecimal;
import java.net.SocketAddress;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/endpoints/{name}?parameter=value...}: runs a published endpoint ({@code CREATE
 * ENDPOINT}) with the request's values and answers its rows as {@code POST /v1/sql} does (JSON, CSV
 * or Arrow by {@code Accept}; {@code max_rows} as a query parameter). Values are checked against
 * their parameter's type before anything runs, and bound to the prepared query as parameters, never
 * spliced into its text: a bad value is a 400 that names the parameter (SQLSTATE 22P02, 22003 or
 * 22007), as are a missing, repeated or unknown parameter (42P02). An unknown endpoint is a 404
 * (42704). Every call is counted in {@code system.endpoints}.
 */
final class PublishedEndpoints {
  private static final String PREFIX = "/v1/endpoints/";
  private static final String MAX_ROWS = "max_rows";
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?)?");

  private final SqlEngine engine;

  /** Prepared queries by endpoint definition: a replaced endpoint has another definition. */
  private final Map<EndpointDefinition, Prepared> prepared = new ConcurrentHashMap<>();

  private record Prepared(List<EndpointDefinition.Parameter> parameters, PreparedQuery query) {}

  PublishedEndpoints(SqlEngine engine) {
    this.engine = requireNonNull(engine, "engine is null");
  }

  /** The endpoint a request path names, or null when the path is not an endpoint's. */
  static @Nullable String name(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    String name = path.substring(PREFIX.length());
    return name.isEmpty() || name.indexOf('/') >= 0 ? null : name;
  }

  /** Runs endpoint {@code name} as {@code user} with the request's query parameters. */
  SqlEndpoint.Answer call(
      String user,
      SocketAddress remote,
      String name,
      Map<String, List<String>> query,
      SqlEndpoint.Format format,
      AtomicBoolean isCancelled) {
    long start = System.nanoTime();
    SqlEndpoint.Answer answer = null;
    boolean isKnown = false;
    SqlEndpoint.enterClient(user, remote);
    try {
      EndpointDefinition endpoint = engine.catalog().endpoint(name);
      if (endpoint == null) {
        answer =
            notFound(
                new AuroraException(
                    ErrorCode.UNDEFINED_OBJECT, "Endpoint[" + name + "] does not exist"));
        return answer;
      }
      // Only endpoints that exist are counted: a scan of made-up names must not grow the counts.
      isKnown = true;
      Prepared statement = prepared(endpoint);
      long maxRows = -1;
      List<@Nullable String> values = new ArrayList<>();
      Map<String, String> given = new java.util.HashMap<>();
      for (Map.Entry<String, List<String>> entry : query.entrySet()) {
        String key = entry.getKey().toLowerCase(Locale.ROOT);
        if (entry.getValue().size() != 1 || given.put(key, entry.getValue().get(0)) != null) {
          throw parameterError("Parameter[" + key + "] is given more than once");
        }
      }
      String rows = given.remove(MAX_ROWS);
      if (rows != null) {
        maxRows = checkedMaxRows(rows);
      }
      for (EndpointDefinition.Parameter parameter : statement.parameters()) {
        String value = given.remove(parameter.name());
        if (value == null) {
          throw parameterError(
              "Parameter["
                  + parameter.name()
                  + "] ("
                  + TextFormats.typeName(parameter.type())
                  + ") is missing");
        }
        check(parameter, value);
        values.add(value);
      }
      if (!given.isEmpty()) {
        throw parameterError(
            "Unknown parameter[" + given.keySet().iterator().next() + "]; " + takes(statement));
      }
      QueryResult result;
      try {
        result = engine.execute(statement.query(), values, isCancelled);
      } catch (ResultTypeChangedException e) {
        // A table the query reads changed its columns (SELECT * after ALTER TABLE): an HTTP
        // client holds no described columns, so the query is prepared again for the new ones.
        prepared.remove(endpoint);
        result = engine.execute(prepared(endpoint).query(), values, isCancelled);
      }
      answer = SqlEndpoint.answer(result, format, maxRows);
      return answer;
    } catch (RuntimeException e) {
      answer = SqlEndpoint.error(e);
      return answer;
    } finally {
      CurrentSession.leave();
      if (isKnown) {
        engine
            .catalog()
            .endpointStatistics()
            .record(
                name,
                System.nanoTime() - start,
                answer == null || !answer.status().equals(HttpResponseStatus.OK));
      }
    }
  }

  private Prepared prepared(EndpointDefinition endpoint) {
    Prepared known = prepared.get(endpoint);
    if (known != null) {
      return known;
    }
    EndpointDefinition.Parsed parsed = endpoint.parse();
    List<@Nullable DataType> types = new ArrayList<>();
    for (EndpointDefinition.Parameter parameter : parsed.parameters()) {
      types.add(parameter.type());
    }
    PreparedQuery query = engine.prepare(parsed.query(), types);
    if (query == null) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "Endpoint["
              + endpoint.name()
              + "] cannot be prepared: an endpoint's query must plan once, so it cannot read"
              + " system tables or the PostgreSQL catalogs");
    }
    if (prepared.size() > 1024) {
      prepared.clear();
    }
    Prepared made = new Prepared(parsed.parameters(), query);
    prepared.put(endpoint, made);
    return made;
  }

  private static String takes(Prepared statement) {
    if (statement.parameters().isEmpty()) {
      return "the endpoint takes no parameters";
    }
    StringBuilder text = new StringBuilder("the endpoint takes ");
    for (EndpointDefinition.Parameter parameter : statement.parameters()) {
      text.append(parameter.name())
          .append(" (")
          .append(TextFormats.typeName(parameter.type()))
          .append("), ");
    }
    return text.substring(0, text.length() - 2);
  }

  private static long checkedMaxRows(String text) {
    if (!INTEGER.matcher(text).matches() || text.startsWith("-") || text.length() > 18) {
      throw parameterError("max_rows must be a non-negative integer");
    }
    return Long.parseLong(text);
  }

  /**
   * Checks a value against its parameter's type, in the forms PostgreSQL reads (integers, decimal
   * numbers, {@code true}/{@code false}, ISO dates and timestamps); the engine then reads it.
   */
  static void check(EndpointDefinition.Parameter parameter, String value) {
    DataType type = parameter.type();
    String text = value.strip();
    boolean isValid =
        switch (type.kind()) {
          case BOOLEAN ->
              List.of("t", "f", "true", "false", "yes", "no", "on", "off", "1", "0")
                  .contains(text.toLowerCase(Locale.ROOT));
          case SMALLINT, INTEGER, BIGINT -> isInteger(parameter, text, type);
          case REAL, DOUBLE ->
              NUMBER.matcher(text).matches()
                  || List.of("nan", "infinity", "-infinity", "+infinity")
                      .contains(text.toLowerCase(Locale.ROOT));
          case DECIMAL -> isDecimal(parameter, text, type);
          case VARCHAR -> true;
          case DATE -> isDate(text);
          case TIMESTAMP -> isTimestamp(text);
        };
    if (!isValid) {
      ErrorCode code =
          type.kind() == io.aurora.storage.type.TypeKind.DATE
                  || type.kind() == io.aurora.storage.type.TypeKind.TIMESTAMP
              ? ErrorCode.INVALID_DATETIME_FORMAT
              : ErrorCode.INVALID_TEXT_REPRESENTATION;
      throw new AuroraException(
          code,
          "Parameter["
              + parameter.name()
              + "] is not a valid "
              + TextFormats.typeName(type)
              + ": \""
              + value
              + "\"");
    }
  }

  private static boolean isInteger(
      EndpointDefinition.Parameter parameter, String text, DataType type) {
    if (!INTEGER.matcher(text).matches()) {
      return false;
    }
    BigDecimal value = new BigDecimal(text);
    long min =
        switch (type.kind()) {
          case SMALLINT -> Short.MIN_VALUE;
          case INTEGER -> Integer.MIN_VALUE;
          default -> Long.MIN_VALUE;
        };
    long max =
        switch (type.kind()) {
          case SMALLINT -> Short.MAX_VALUE;
          case INTEGER -> Integer.MAX_VALUE;
          default -> Long.MAX_VALUE;
        };
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw outOfRange(parameter, text);
    }
    return true;
  }

  private static boolean isDecimal(
      EndpointDefinition.Parameter parameter, String text, DataType type) {
    if (!NUMBER.matcher(text).matches()) {
      return false;
    }
    BigDecimal value = new BigDecimal(text);
    int integerDigits = value.precision() - value.scale();
    if (integerDigits > type.precision() - type.scale()) {
      throw outOfRange(parameter, text);
    }
    return true;
  }

  private static AuroraException outOfRange(EndpointDefinition.Parameter parameter, String text) {
    return new AuroraException(
        ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        "Parameter["
            + parameter.name()
            + "] is out of range for type "
            + TextFormats.typeName(parameter.type())
            + ": \""
            + text
            + "\"");
  }

  private static boolean isDate(String text) {
    try {
      LocalDate.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isTimestamp(String text) {
    if (!TIMESTAMP.matcher(text).matches()) {
      return false;
    }
    try {
      if (text.length() == 10) {
        LocalDate.parse(text);
      } else {
        LocalDateTime.parse(text.replace(' ', 'T'));
      }
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static AuroraException parameterError(String message) {
    return new AuroraException(ErrorCode.UNDEFINED_PARAMETER, message);
  }

  private static SqlEndpoint.Answer notFound(AuroraException e) {
    return new SqlEndpoint.Answer(HttpResponseStatus.NOT_FOUND, SqlEndpoint.error(e).json(), false);
  }
}
