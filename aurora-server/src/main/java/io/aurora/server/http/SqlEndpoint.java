package io.aurora.server.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurora.server.auth.AuthenticationMethod;
import io.aurora.server.auth.Authenticator;
import io.aurora.server.auth.ClientConnection;
import io.aurora.server.auth.LoginThrottle;
import io.aurora.server.auth.TokenRateLimiter;
import io.aurora.server.grpc.ArrowPages;
import io.aurora.server.pgwire.PgTypes;
import io.aurora.sql.access.ApiToken;
import io.aurora.sql.access.ScramCredentials;
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
import io.aurora.storage.type.TypeKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/sql} (also {@code /sql}): runs one SQL statement for an HTTP client. The body is
 * the statement as text, or a JSON object {@code {"query": "...", "max_rows": 1000}}. Clients prove
 * who they are with HTTP Basic authentication against the same users as the PostgreSQL protocol: a
 * node without a users file admits its one user without a password (and a request without
 * credentials as that user), a node with one checks the password against the user's SCRAM-SHA-256
 * verifier.
 *
 * <p>Answers: a query's rows in the format of the request's {@code Accept} header ({@link
 * #format}). JSON is 200 with {@code {"columns": [{"name", "type"}], "rows": [[...]], "row_count",
 * "truncated"}} (numbers and booleans as JSON values, everything else in PostgreSQL's text format;
 * at most {@code max_rows} rows, default {@value #DEFAULT_MAX_ROWS}, {@code truncated} says whether
 * more were left); CSV and Arrow IPC are streamed ({@link Streamed}). Any other statement answers
 * {@code {"command", "row_count"}}; 401 with {@code WWW-Authenticate} for missing or wrong
 * credentials; 400 (a statement's error), 503 (the node cannot serve it now) or 500 (an internal
 * error) with {@code {"error": {"sqlstate", "message"}}}. A client that disconnects cancels its
 * statement.
 */
public final class SqlEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(SqlEndpoint.class);
  static final int DEFAULT_MAX_ROWS = 10_000;

  /** The most rows one answer may hold: an answer is built in memory before it is sent. */
  static final int MAX_ROWS_LIMIT = 100_000;

  private static final JsonFactory JSON = new JsonFactory();

  private final SqlEngine engine;
  private final Authenticator authenticator;
  private final String database;
  private final String defaultUser;
  private final LoginThrottle throttle;
  private final TokenRateLimiter tokenRates;

  /**
   * @param defaultUser the user a request without credentials runs as, where the authenticator
   *     admits it without a password
   * @param throttle failed logins per address, shared with the PostgreSQL protocol
   * @param tokenRates the API tokens' request rates, shared with gRPC
   */
  public SqlEndpoint(
      SqlEngine engine,
      Authenticator authenticator,
      String database,
      String defaultUser,
      LoginThrottle throttle,
      TokenRateLimiter tokenRates) {
    this.engine = requireNonNull(engine, "engine is null");
    this.tokenRates = requireNonNull(tokenRates, "tokenRates is null");
    this.throttle = requireNonNull(throttle, "throttle is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.database = requireNonNull(database, "database is null");
    this.defaultUser = requireNonNull(defaultUser, "defaultUser is null");
  }

  /** 53400 for a token past its {@code requests_per_second}. */
  public static AuroraException tooManyRequests(ApiToken token) {
    return new AuroraException(
        ErrorCode.CONFIGURATION_LIMIT_EXCEEDED,
        "Token["
            + token.name()
            + "] is past its limit of "
            + token.requestsPerSecond()
            + " requests per second");
  }

  SqlEngine engine() {
    return engine;
  }

  /**
   * What the endpoint answers: an HTTP status, JSON text, and a challenge for a 401; or, for a
   * query answered in a streamed format, its rows to stream (status 200, no JSON).
   */
  record Answer(
      HttpResponseStatus status, String json, boolean isChallenge, @Nullable Streamed stream) {
    Answer(HttpResponseStatus status, String json, boolean isChallenge) {
      this(status, json, isChallenge, null);
    }
  }

  /** The formats a query's rows are answered in, chosen by the request's {@code Accept} header. */
  enum Format {
    JSON("application/json; charset=utf-8"),
    CSV("text/csv; charset=utf-8"),
    ARROW(ARROW_STREAM);

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }
  }

  static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";

  /**
   * The format an {@code Accept} header asks for: the acceptable type of highest quality (the first
   * on a tie), JSON for a missing header or a wildcard; null when it accepts none of them.
   */
  static @Nullable Format format(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return Format.JSON;
    }
    Format chosen = null;
    double chosenQuality = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(java.util.Locale.ROOT);
      double quality = 1;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].strip();
        if (parameter.startsWith("q=")) {
          try {
            quality = Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            quality = 0;
          }
        }
      }
      Format format =
          switch (type) {
            case "application/json", "*/*", "application/*" -> Format.JSON;
            case "text/csv", "text/*" -> Format.CSV;
            case ARROW_STREAM -> Format.ARROW;
            default -> null;
          };
      if (format != null && quality > chosenQuality) {
        chosen = format;
        chosenQuality = quality;
      }
    }
    return chosen;
  }

  /** The 406 answer to an {@code Accept} header that accepts no format this endpoint writes. */
  static Answer notAcceptable() {
    Answer answer =
        error(
            new AuroraException(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "The Accept header accepts none of application/json, text/csv and "
                    + ARROW_STREAM));
    return new Answer(HttpResponseStatus.NOT_ACCEPTABLE, answer.json(), false);
  }

  /**
   * The user the request's credentials prove, or null when they prove nothing (answer 401). Runs on
   * a worker thread: checking a password derives a key (PBKDF2), which takes milliseconds.
   */
  @Nullable Caller authenticate(@Nullable String authorization, SocketAddress remote) {
    InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    if (address != null && throttle.isBlocked(address)) {
      throw new AuroraException(
          ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION,
          "Too many failed logins from this address; try again in a minute");
    }
    Caller user = proven(authorization, remote);
    if (address != null && authorization != null) {
      // A request without credentials is a client asking for the challenge, not a guess.
      if (user == null) {
        int failures = throttle.failed(address);
        LOG.warn(
            "HTTP request from {} failed to log in (failures from this address in the last"
                + " minute[{}])",
            address.getHostAddress(),
            failures);
      } else {
        throttle.succeeded(address);
      }
    }
    return user;
  }

  /**
   * Who a request's credentials prove: a user, and the API token when it came with one (which may
   * limit it to some published endpoints).
   */
  record Caller(String user, @Nullable ApiToken token) {
    /** Whether the caller may call the published endpoint {@code name} (null: another route). */
    boolean mayUse(@Nullable String endpoint) {
      return token == null
          || !token.isLimitedToEndpoints()
          || (endpoint != null && token.mayCall(endpoint));
    }
  }

  /** 42501 for a token limited to published endpoints, used elsewhere. */
  public static AuroraException onlyEndpoints(ApiToken token) {
    return new AuroraException(
        ErrorCode.INSUFFICIENT_PRIVILEGE,
        "token \""
            + token.name()
            + "\" may only call the published endpoints "
            + String.join(", ", token.endpoints())
            + " (GET /v1/endpoints/{name})");
  }

  private @Nullable Caller proven(@Nullable String authorization, SocketAddress remote) {
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      // A role's API token (CREATE TOKEN): the request runs as that role.
      String text = authorization.substring(7).strip();
      ApiToken token =
          ApiToken.looksLikeToken(text)
              ? engine.catalog().access().validToken(text, System.currentTimeMillis() * 1000)
              : null;
      if (token == null) {
        return null;
      }
      if (!tokenRates.tryAcquire(token)) {
        throw tooManyRequests(token);
      }
      return new Caller(token.role(), token);
    }
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
      return MessageDigest.isEqual(presented.storedKey(), stored.storedKey())
          ? new Caller(user, null)
          : null;
    }
    return new Caller(user, null);
  }

  /**
   * Runs the request's statement as {@code user}; {@code isCancelled} is set if the client goes.
   */
  Answer run(
      String user, SocketAddress remote, String body, Format format, AtomicBoolean isCancelled) {
    String query;
    long maxRows;
    try {
      Request request = parse(body);
      query = request.query();
      maxRows = request.maxRows();
    } catch (AuroraException e) {
      return error(e);
    }
    enterClient(user, remote);
    try {
      StatementResult result = engine.execute(query, isCancelled);
      if (result instanceof CommandResult command) {
        return ok(
            json -> {
              json.writeStringField("command", command.tag());
              json.writeNumberField("row_count", command.rowCount());
            });
      }
      return answer((QueryResult) result, format, maxRows);
    } catch (RuntimeException e) {
      return error(e);
    } finally {
      CurrentSession.leave();
    }
  }

  /**
   * The answer of a query's rows in {@code format}, at most {@code maxRows} of them (-1 for the
   * format's default); a JSON answer is made and the rows closed here, a streamed one reads the
   * first page here, so that an error of the query's start is answered as one, and closes the rows
   * when it is written.
   */
  static Answer answer(QueryResult rows, Format format, long maxRows) {
    if (format == Format.JSON) {
      try (rows) {
        if (maxRows > MAX_ROWS_LIMIT) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "max_rows must be from 0 to "
                  + MAX_ROWS_LIMIT
                  + " for a JSON answer; ask for text/csv or "
                  + ARROW_STREAM
                  + " to stream more");
        }
        int limit = maxRows < 0 ? DEFAULT_MAX_ROWS : (int) maxRows;
        return ok(json -> writeRows(json, rows, limit));
      }
    }
    try {
      Page first = rows.next();
      return new Answer(
          HttpResponseStatus.OK,
          "",
          false,
          new Streamed(format, rows, first, maxRows < 0 ? Long.MAX_VALUE : maxRows));
    } catch (RuntimeException e) {
      rows.close();
      throw e;
    }
  }

  /** The calling thread runs statements for {@code user} at {@code remote} over HTTP. */
  static void enterClient(String user, SocketAddress remote) {
    String address =
        remote instanceof InetSocketAddress inet && inet.getAddress() != null
            ? inet.getAddress().getHostAddress()
            : null;
    CurrentSession.enter(new CurrentSession.Client("http", 0, user, address));
  }

  /** A statement and the most rows to answer, -1 for the format's default. */
  private record Request(String query, long maxRows) {}

  private static Request parse(String body) {
    String trimmed = body.strip();
    if (!trimmed.startsWith("{")) {
      if (trimmed.isEmpty()) {
        throw new AuroraException(ErrorCode.SYNTAX_ERROR, "The request has no SQL statement");
      }
      return new Request(trimmed, -1);
    }
    String query = null;
    long maxRows = -1;
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
          maxRows = parser.getLongValue();
          if (maxRows < 0) {
            throw new AuroraException(
                ErrorCode.INVALID_PARAMETER_VALUE, "max_rows must not be negative");
          }
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
        if (Double.isFinite(number) && type.kind() == TypeKind.REAL) {
          // A REAL's shortest digits, as PostgreSQL prints it (0.1, not 0.10000000149011612).
          json.writeNumber((float) number);
        } else if (Double.isFinite(number)) {
          json.writeNumber(number);
        } else {
          json.writeString(PgTypes.toText(type, value));
        }
      }
      default -> json.writeString(PgTypes.toText(type, value));
    }
  }

  /**
   * A query's rows answered as CSV or an Arrow IPC stream, written while they are read (no row
   * limit unless the request set {@code max_rows}); closing it ends the query.
   */
  static final class Streamed implements AutoCloseable {
    /** Arrow record batches carry at most this many rows. */
    static final int ARROW_BATCH_ROWS = 65_536;

    private static final byte[] ARROW_END_OF_STREAM = {-1, -1, -1, -1, 0, 0, 0, 0};

    private final Format format;
    private final QueryResult rows;
    private @Nullable Page page;
    private final long maxRows;

    Streamed(Format format, QueryResult rows, @Nullable Page first, long maxRows) {
      this.format = format;
      this.rows = rows;
      this.page = first;
      this.maxRows = maxRows;
    }

    String contentType() {
      return format.contentType;
    }

    /** Writes every row (up to the limit) to {@code out}. */
    void writeTo(OutputStream out, BufferAllocator allocator) throws IOException {
      if (format == Format.CSV) {
        writeCsv(out);
      } else {
        writeArrow(out, allocator);
      }
    }

    /**
     * A header line of column names, then one line per row, fields in PostgreSQL's text format,
     * quoted as PostgreSQL's {@code COPY ... CSV HEADER} quotes them: NULL is an empty field, an
     * empty string is {@code ""}.
     */
    private void writeCsv(OutputStream out) throws IOException {
      List<DataType> types = rows.types();
      StringBuilder line = new StringBuilder(256);
      for (int i = 0; i < types.size(); i++) {
        appendCsv(line.append(i == 0 ? "" : ","), rows.columnNames().get(i));
      }
      out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      long count = 0;
      while (page != null && count < maxRows) {
        int pageRows = (int) Math.min(page.rowCount(), maxRows - count);
        for (int row = 0; row < pageRows; row++) {
          line.setLength(0);
          for (int channel = 0; channel < types.size(); channel++) {
            if (channel > 0) {
              line.append(',');
            }
            Object value = page.objectValue(channel, row);
            if (value != null) {
              appendCsv(line, PgTypes.toText(types.get(channel), value));
            }
          }
          out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        count += pageRows;
        page = count < maxRows ? rows.next() : null;
      }
    }

    private static void appendCsv(StringBuilder line, String value) {
      boolean isQuoted = value.isEmpty();
      for (int i = 0; i < value.length() && !isQuoted; i++) {
        char c = value.charAt(i);
        isQuoted = c == ',' || c == '"' || c == '\n' || c == '\r';
      }
      if (!isQuoted) {
        line.append(value);
        return;
      }
      line.append('"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        line.append(c == '"' ? "\"\"" : String.valueOf(c));
      }
      line.append('"');
    }

    /**
     * An Arrow IPC stream: the schema, a record batch per page (at most {@value #ARROW_BATCH_ROWS}
     * rows each), the end-of-stream marker. Types are those of the gRPC API.
     */
    private void writeArrow(OutputStream out, BufferAllocator allocator) throws IOException {
      List<DataType> types = rows.types();
      Schema schema = ArrowPages.schema(rows.columnNames(), types);
      out.write(ArrowPages.schemaMessage(schema));
      long count = 0;
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        while (page != null && count < maxRows) {
          int pageRows = (int) Math.min(page.rowCount(), maxRows - count);
          for (int from = 0; from < pageRows; from += ARROW_BATCH_ROWS) {
            int batch = Math.min(ARROW_BATCH_ROWS, pageRows - from);
            out.write(ArrowPages.batchMessage(root, page, types, from, batch));
          }
          count += pageRows;
          page = count < maxRows ? rows.next() : null;
        }
      }
      out.write(ARROW_END_OF_STREAM);
    }

    @Override
    public void close() {
      rows.close();
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
            : code == ErrorCode.INSUFFICIENT_PRIVILEGE
                ? HttpResponseStatus.FORBIDDEN
                : code == ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION
                        || code == ErrorCode.CONFIGURATION_LIMIT_EXCEEDED
                    ? HttpResponseStatus.TOO_MANY_REQUESTS
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
