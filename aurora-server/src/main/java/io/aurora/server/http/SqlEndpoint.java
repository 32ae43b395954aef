package io.aurora.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurora.server.auth.AuthenticationMethod;
import io.aurora.server.auth.Authenticator;
import io.aurora.server.auth.ClientConnection;
import io.aurora.server.auth.ScramCredentials;
import io.aurora.server.pgwire.PgTypes;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /sql}: runs one SQL statement for an HTTP client and answers JSON. The body is the
 * statement as text, or a JSON object {@code {"query": "...", "max_rows": 1000}}. Clients prove who
 * they are with HTTP Basic authentication against the same users as the PostgreSQL protocol: a node
 * without a users file admits its one user without a password (and a request without credentials as
 * that user), a node with one checks the password against the user's SCRAM-SHA-256 verifier.
 *
 * <p>Answers: 200 with {@code {"columns": [{"name", "type"}], "rows": [[...]], "row_count",
 * "truncated"}} for a query (numbers and booleans as JSON values, everything else in PostgreSQL's
 * text format; at most {@code max_rows} rows, default {@value #DEFAULT_MAX_ROWS}, {@code truncated}
 * says whether more were left), or {@code {"command", "row_count"}} for any other statement; 401
 * with {@code WWW-Authenticate} for missing or wrong credentials; 400 (a statement's error), 503
 * (the node cannot serve it now) or 500 (an internal error) with {@code {"error": {"sqlstate",
 * "message"}}}. A client that disconnects cancels its statement.
 */
public final class SqlEndpoint {
  static final int DEFAULT_MAX_ROWS = 10_000;

  /** The most rows one answer may hold: an answer is built in memory before it is sent. */
  static final int MAX_ROWS_LIMIT = 100_000;

  private static final JsonFactory JSON = new JsonFactory();

  private final SqlEngine engine;
  private final Authenticator authenticator;
  private final String database;
  private final String defaultUser;

  /**
   * @param defaultUser the user a request without credentials runs as, where the authenticator
   *     admits it without a password
   */
  public SqlEndpoint(
      SqlEngine engine, Authenticator authenticator, String database, String defaultUser) {
    this.engine = requireNonNull(engine, "engine is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.database = requireNonNull(database, "database is null");
    this.defaultUser = requireNonNull(defaultUser, "defaultUser is null");
  }

  SqlEngine engine() {
    return engine;
  }

  /** What the endpoint answers: an HTTP status, JSON text, and a challenge for a 401. */
  record Answer(HttpResponseStatus status, String json, boolean isChallenge) {}

  /**
   * The user the request's credentials prove, or null when they prove nothing (answer 401). Runs on
   * a worker thread: checking a password derives a key (PBKDF2), which takes milliseconds.
   */
  @Nullable String authenticate(@Nullable String authorization, SocketAddress remote) {
    String user = defaultUser;
    String password = null;
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      user = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    AuthenticationMethod method;
    try {
      method = authenticator.select(new ClientConnection(user, database, remote, false));
    } catch (AuroraException e) {
      return null;
    }
    if (method instanceof AuthenticationMethod.ScramSha256 scram) {
      if (password == null || !scram.isKnownUser()) {
        return null;
      }
      ScramCredentials stored = scram.credentials();
      ScramCredentials presented =
          ScramCredentials.hash(password.toCharArray(), stored.salt(), stored.iterations());
      return MessageDigest.isEqual(presented.storedKey(), stored.storedKey()) ? user : null;
    }
    return user;
  }

  /**
   * Runs the request's statement as {@code user}; {@code isCancelled} is set if the client goes.
   */
  Answer run(String user, SocketAddress remote, String body, AtomicBoolean isCancelled) {
    String query;
    int maxRows;
    try {
      Request request = parse(body);
      query = request.query();
      maxRows = request.maxRows();
    } catch (AuroraException e) {
      return error(e);
    }
    String address =
        remote instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress().getHostAddress()
            : null;
    CurrentSession.enter(new CurrentSession.Client("http", 0, user, address));
    try {
      StatementResult result = engine.execute(query, isCancelled);
      if (result instanceof CommandResult command) {
        return ok(
            json -> {
              json.writeStringField("command", command.tag());
              json.writeNumberField("row_count", command.rowCount());
            });
      }
      try (QueryResult rows = (QueryResult) result) {
        return ok(json -> writeRows(json, rows, maxRows));
      }
    } catch (RuntimeException e) {
      return error(e);
    } finally {
      CurrentSession.leave();
    }
  }

  private record Request(String query, int maxRows) {}

  private static Request parse(String body) {
    String trimmed = body.strip();
    if (!trimmed.startsWith("{")) {
      if (trimmed.isEmpty()) {
        throw new AuroraException(ErrorCode.SYNTAX_ERROR, "The request has no SQL statement");
      }
      return new Request(trimmed, DEFAULT_MAX_ROWS);
    }
    String query = null;
    int maxRows = DEFAULT_MAX_ROWS;
    try (JsonParser parser = JSON.createParser(trimmed)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw invalidBody("a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("query") && value == JsonToken.VALUE_STRING) {
          query = parser.getText();
        } else if (field.equals("max_rows") && value == JsonToken.VALUE_NUMBER_INT) {
          long rows = parser.getLongValue();
          if (rows < 0 || rows > MAX_ROWS_LIMIT) {
            throw new AuroraException(
                ErrorCode.INVALID_PARAMETER_VALUE, "max_rows must be from 0 to " + MAX_ROWS_LIMIT);
          }
          maxRows = (int) rows;
        } else {
          throw invalidBody("only the fields query (a string) and max_rows (an integer)");
        }
      }
    } catch (IOException e) {
      throw invalidBody("valid JSON: " + e.getMessage());
    }
    if (query == null || query.isBlank()) {
      throw new AuroraException(ErrorCode.SYNTAX_ERROR, "The request has no SQL statement");
    }
    return new Request(query, maxRows);
  }

  private static AuroraException invalidBody(String expected) {
    return new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "The body must be the SQL statement as text, or " + expected);
  }

  private static void writeRows(JsonGenerator json, QueryResult rows, int maxRows)
      throws IOException {
    List<DataType> types = rows.types();
    json.writeArrayFieldStart("columns");
    for (int i = 0; i < types.size(); i++) {
      json.writeStartObject();
      json.writeStringField("name", rows.columnNames().get(i));
      json.writeStringField("type", io.aurora.sql.expression.TextFormats.typeName(types.get(i)));
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("rows");
    long count = 0;
    boolean isTruncated = false;
    for (Page page = rows.next(); page != null && !isTruncated; page = rows.next()) {
      for (int row = 0; row < page.rowCount(); row++) {
        if (count == maxRows) {
          isTruncated = true;
          break;
        }
        json.writeStartArray();
        for (int channel = 0; channel < types.size(); channel++) {
          writeValue(json, types.get(channel), page.objectValue(channel, row));
        }
        json.writeEndArray();
        count++;
      }
    }
    json.writeEndArray();
    json.writeNumberField("row_count", count);
    json.writeBooleanField("truncated", isTruncated);
  }

  private static void writeValue(JsonGenerator json, DataType type, @Nullable Object value)
      throws IOException {
    if (value == null) {
      json.writeNull();
      return;
    }
    switch (type.kind()) {
      case BOOLEAN -> json.writeBoolean((Boolean) value);
      case SMALLINT, INTEGER, BIGINT -> json.writeNumber(((Number) value).longValue());
      case DECIMAL -> json.writeNumber(BigDecimal.valueOf((Long) value, type.scale()));
      case REAL, DOUBLE -> {
        double number = ((Number) value).doubleValue();
        if (Double.isFinite(number)) {
          json.writeNumber(number);
        } else {
          json.writeString(PgTypes.toText(type, value));
        }
      }
      default -> json.writeString(PgTypes.toText(type, value));
    }
  }

  @FunctionalInterface
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  static Answer ok(Body body) {
    return new Answer(HttpResponseStatus.OK, json(body), false);
  }

  static Answer unauthorized() {
    return new Answer(
        HttpResponseStatus.UNAUTHORIZED,
        json(
            json -> {
              json.writeObjectFieldStart("error");
              json.writeStringField("sqlstate", ErrorCode.INVALID_PASSWORD.sqlState());
              json.writeStringField(
                  "message", "Authentication failed: send a user and password (HTTP Basic)");
              json.writeEndObject();
            }),
        true);
  }

  static Answer error(RuntimeException e) {
    ErrorCode code =
        e instanceof AuroraException aurora ? aurora.errorCode() : ErrorCode.INTERNAL_ERROR;
    HttpResponseStatus status =
        code == ErrorCode.UNAVAILABLE
            ? HttpResponseStatus.SERVICE_UNAVAILABLE
            : code.category() == ErrorCategory.INTERNAL
                ? HttpResponseStatus.INTERNAL_SERVER_ERROR
                : HttpResponseStatus.BAD_REQUEST;
    String message =
        code.category() == ErrorCategory.INTERNAL && !(e instanceof AuroraException)
            ? "Internal error: " + e.getClass().getName()
            : String.valueOf(e.getMessage());
    return new Answer(
        status,
        json(
            json -> {
              json.writeObjectFieldStart("error");
              json.writeStringField("sqlstate", code.sqlState());
              json.writeStringField("message", message);
              json.writeEndObject();
            }),
        false);
  }

  static String json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
