package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.ddl.DdlParser;
import io.aurora.sql.planner.SqlText;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A published endpoint: a query served at {@code GET /v1/endpoints/{name}}, as its author wrote it,
 * with parameters written {@code {name:TYPE}} where a value goes ({@code WHERE day = {day:DATE}}).
 * Each parameter becomes a bound parameter ({@code $1}, ...) of a prepared query, so a request's
 * values are data and never SQL; the same name used twice is one parameter, and its type must
 * agree. Braces inside string literals, quoted identifiers and comments are left alone.
 */
public record EndpointDefinition(String name, String text) {
  /** At most this many parameters; a URL carries them all. */
  public static final int MAX_PARAMETERS = 32;

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:\\s*([^{}]+?)\\s*}");

  /** A parameter: its name (lower case) and type. */
  public record Parameter(String name, DataType type) {
    public Parameter {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  public EndpointDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(text, "text is null");
  }

  /** The query as the engine prepares it, each parameter replaced by {@code $n}. */
  public String query() {
    return parse().query();
  }

  /** The parameters, in the order of their {@code $n}. */
  public List<Parameter> parameters() {
    return parse().parameters();
  }

  /**
   * {@code endpoints} with {@code endpoint} added (42710 when one of its name exists) or, with
   * {@code orReplace}, put in place of the one of its name. The catalogs share this rule.
   */
  public static Map<String, EndpointDefinition> create(
      Map<String, EndpointDefinition> endpoints, EndpointDefinition endpoint, boolean orReplace) {
    if (!orReplace && endpoints.containsKey(endpoint.name())) {
      throw new AuroraException(
          ErrorCode.DUPLICATE_OBJECT, "Endpoint[" + endpoint.name() + "] already exists");
    }
    Map<String, EndpointDefinition> next = new LinkedHashMap<>(endpoints);
    next.put(endpoint.name(), endpoint);
    return Map.copyOf(next);
  }

  /**
   * {@code endpoints} without the one named {@code name}: the same map when it is absent and {@code
   * ifExists} is set, 42704 when it is absent otherwise.
   */
  public static Map<String, EndpointDefinition> drop(
      Map<String, EndpointDefinition> endpoints, String name, boolean ifExists) {
    if (!endpoints.containsKey(name)) {
      if (ifExists) {
        return endpoints;
      }
      throw new AuroraException(
          ErrorCode.UNDEFINED_OBJECT, "Endpoint[" + name + "] does not exist");
    }
    Map<String, EndpointDefinition> next = new LinkedHashMap<>(endpoints);
    next.remove(name);
    return Map.copyOf(next);
  }

  /** The query with its parameters bound, and the parameters; 42601 for a malformed one. */
  public record Parsed(String query, List<Parameter> parameters) {}

  public Parsed parse() {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    StringBuilder query = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int inert = SqlText.inertEnd(text, i);
      if (inert > i) {
        query.append(text, i, inert);
        i = inert;
        continue;
      }
      char c = text.charAt(i);
      if (c != '{') {
        query.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('}', i);
      Matcher matcher = close < 0 ? null : PLACEHOLDER.matcher(text.substring(i, close + 1));
      if (matcher == null || !matcher.matches()) {
        throw new AuroraException(
            ErrorCode.SYNTAX_ERROR,
            "Endpoint["
                + name
                + "]: a parameter is written {name:TYPE}, such as {day:DATE}, at position "
                + (i + 1),
            null,
            i);
      }
      String parameter = matcher.group(1).toLowerCase(Locale.ROOT);
      DataType type = DdlParser.parseTypeName(matcher.group(2));
      Parameter known = parameters.get(parameter);
      if (known == null) {
        if (parameters.size() == MAX_PARAMETERS) {
          throw new AuroraException(
              ErrorCode.PROGRAM_LIMIT_EXCEEDED,
              "Endpoint[" + name + "] has more than " + MAX_PARAMETERS + " parameters");
        }
        known = new Parameter(parameter, type);
        parameters.put(parameter, known);
      } else if (!known.type().equals(type)) {
        throw new AuroraException(
            ErrorCode.SYNTAX_ERROR,
            "Endpoint[" + name + "]: parameter[" + parameter + "] is given two types");
      }
      query.append('$').append(List.copyOf(parameters.keySet()).indexOf(parameter) + 1);
      i = close + 1;
    }
    return new Parsed(query.toString(), new ArrayList<>(parameters.values()));
  }
}
