package io.aurora.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The schemas of a Confluent-compatible schema registry, fetched by id ({@code GET
 * <url>/schemas/ids/<id>}, the registry's REST API) and cached for the life of the pipeline: an id
 * always names the same schema. An id the registry does not know (404) makes the record bad; a
 * registry that cannot be reached is a failure of the pipeline, which retries.
 */
public final class SchemaRegistry {
  private static final JsonFactory JSON = new JsonFactory();

  private final String url;
  private final @Nullable String basicAuth;
  private final HttpClient http;
  private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

  /**
   * @param url the registry's base URL, such as {@code http://registry:8081}
   * @param basicAuth {@code user:password} for HTTP basic authentication, or null
   */
  public SchemaRegistry(String url, @Nullable String basicAuth) {
    this.url = stripSlash(requireNonNull(url, "url is null"));
    this.basicAuth = basicAuth;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The writer schema with this id. */
  public Schema schema(int id) {
    Schema cached = schemas.get(id);
    if (cached != null) {
      return cached;
    }
    Schema fetched = fetch(id);
    schemas.put(id, fetched);
    return fetched;
  }

  private Schema fetch(int id) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/schemas/ids/" + id))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
    if (basicAuth != null) {
      request.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(basicAuth.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Schema registry " + url + " cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while fetching schema " + id, e);
    }
    if (response.statusCode() == 404) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "schema id " + id + " is not known to the schema registry");
    }
    if (response.statusCode() != 200) {
      throw new UncheckedIOException(
          new IOException(
              "Schema registry "
                  + url
                  + " answered "
                  + response.statusCode()
                  + " for schema "
                  + id));
    }
    String schema = schemaField(response.body());
    if (schema == null) {
      throw new UncheckedIOException(
          new IOException("Schema registry " + url + " sent no schema for id " + id));
    }
    try {
      return new Schema.Parser().parse(schema);
    } catch (RuntimeException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION,
          "schema id " + id + " is not an Avro schema: " + e.getMessage());
    }
  }

  /** The top-level {@code schema} string of the registry's answer. */
  private static @Nullable String schemaField(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("schema".equals(name) && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
