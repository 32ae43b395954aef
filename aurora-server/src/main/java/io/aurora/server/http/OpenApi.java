package io.aurora.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.storage.type.DataType;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAPI 3.0 description of a node's HTTP API ({@code GET /v1/openapi.json}): the SQL
 * endpoint, the events endpoint, health, readiness and metrics, and one path per published endpoint
 * with its typed query parameters, as the catalog has them when it is asked. Clients and API
 * gateways generate code and checks from it.
 */
final class OpenApi {
  private OpenApi() {}

  /** The description of the API version {@code version} with the published endpoints. */
  static String document(List<EndpointDefinition> endpoints, String version) {
    return SqlEndpoint.json(
        json -> {
          json.writeStringField("openapi", "3.0.3");
          json.writeObjectFieldStart("info");
          json.writeStringField("title", "Aurora HTTP API");
          json.writeStringField("version", version);
          json.writeEndObject();
          json.writeObjectFieldStart("components");
          json.writeObjectFieldStart("securitySchemes");
          json.writeObjectFieldStart("basic");
          json.writeStringField("type", "http");
          json.writeStringField("scheme", "basic");
          json.writeEndObject();
          json.writeObjectFieldStart("token");
          json.writeStringField("type", "http");
          json.writeStringField("scheme", "bearer");
          json.writeStringField("description", "An API token from CREATE TOKEN");
          json.writeEndObject();
          json.writeEndObject();
          json.writeObjectFieldStart("schemas");
          json.writeObjectFieldStart("Error");
          json.writeStringField("type", "object");
          json.writeObjectFieldStart("properties");
          json.writeObjectFieldStart("error");
          json.writeStringField("type", "object");
          json.writeObjectFieldStart("properties");
          property(json, "sqlstate", "string");
          property(json, "message", "string");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeObjectFieldStart("Rows");
          json.writeStringField("type", "object");
          json.writeObjectFieldStart("properties");
          json.writeObjectFieldStart("columns");
          json.writeStringField("type", "array");
          json.writeObjectFieldStart("items");
          json.writeStringField("type", "object");
          json.writeObjectFieldStart("properties");
          property(json, "name", "string");
          property(json, "type", "string");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeObjectFieldStart("rows");
          json.writeStringField("type", "array");
          json.writeObjectFieldStart("items");
          json.writeStringField("type", "array");
          json.writeObjectFieldStart("items");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          property(json, "row_count", "integer");
          property(json, "truncated", "boolean");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeArrayFieldStart("security");
          for (String scheme : new String[] {"basic", "token"}) {
            json.writeStartObject();
            json.writeArrayFieldStart(scheme);
            json.writeEndArray();
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeObjectFieldStart("paths");
          json.writeObjectFieldStart("/v1/sql");
          json.writeObjectFieldStart("post");
          json.writeStringField("summary", "Run one SQL statement");
          json.writeObjectFieldStart("requestBody");
          json.writeBooleanField("required", true);
          json.writeObjectFieldStart("content");
          json.writeObjectFieldStart("text/plain");
          json.writeObjectFieldStart("schema");
          json.writeStringField("type", "string");
          json.writeEndObject();
          json.writeEndObject();
          json.writeObjectFieldStart("application/json");
          json.writeObjectFieldStart("schema");
          json.writeStringField("type", "object");
          json.writeObjectFieldStart("properties");
          property(json, "query", "string");
          property(json, "max_rows", "integer");
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          json.writeEndObject();
          responses(json, true);
          json.writeEndObject();
          json.writeEndObject();
          json.writeObjectFieldStart("/v1/tables/{table}/events");
          json.writeObjectFieldStart("post");
          json.writeStringField(
              "summary", "Append events: newline-delimited JSON or CSV, all or nothing");
          json.writeArrayFieldStart("parameters");
          parameter(json, "table", "path", "string", null, true);
          parameter(json, "Aurora-Producer-Id", "header", "string", null, false);
          parameter(json, "Aurora-Sequence", "header", "integer", "int64", false);
          json.writeEndArray();
          json.writeObjectFieldStart("requestBody");
          json.writeBooleanField("required", true);
          json.writeObjectFieldStart("content");
          for (String type : new String[] {"application/x-ndjson", "text/csv"}) {
            json.writeObjectFieldStart(type);
            json.writeObjectFieldStart("schema");
            json.writeStringField("type", "string");
            json.writeEndObject();
            json.writeEndObject();
          }
          json.writeEndObject();
          json.writeEndObject();
          responses(json, false);
          json.writeEndObject();
          json.writeEndObject();
          for (EndpointDefinition endpoint : endpoints) {
            json.writeObjectFieldStart("/v1/endpoints/" + endpoint.name());
            json.writeObjectFieldStart("get");
            json.writeStringField("summary", "Published endpoint " + endpoint.name());
            json.writeStringField("description", endpoint.text());
            json.writeArrayFieldStart("parameters");
            for (EndpointDefinition.Parameter parameter : endpoint.parameters()) {
              @Nullable String[] schema = schemaOf(parameter.type());
              parameter(
                  json, parameter.name(), "query", String.valueOf(schema[0]), schema[1], true);
            }
            json.writeEndArray();
            responses(json, true);
            json.writeEndObject();
            json.writeEndObject();
          }
          for (String path : new String[] {"/health", "/ready", "/metrics"}) {
            json.writeObjectFieldStart(path);
            json.writeObjectFieldStart("get");
            json.writeArrayFieldStart("security");
            json.writeEndArray();
            json.writeObjectFieldStart("responses");
            json.writeObjectFieldStart("200");
            json.writeStringField("description", "OK");
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
          }
          json.writeEndObject();
        });
  }

  /** The OpenAPI type and format of a parameter of an Aurora type. */
  static @Nullable String[] schemaOf(DataType type) {
    return switch (type.kind()) {
      case BIGINT -> new String[] {"integer", "int64"};
      case INTEGER, SMALLINT -> new String[] {"integer", "int32"};
      case DOUBLE -> new String[] {"number", "double"};
      case REAL -> new String[] {"number", "float"};
      case BOOLEAN -> new String[] {"boolean", null};
      case DATE -> new String[] {"string", "date"};
      case TIMESTAMP -> new String[] {"string", "date-time"};
      default -> new String[] {"string", null};
    };
  }

  private static void responses(JsonGenerator json, boolean hasRows) throws IOException {
    json.writeObjectFieldStart("responses");
    json.writeObjectFieldStart("200");
    json.writeStringField(
        "description", hasRows ? "The rows (JSON, CSV or Arrow by Accept)" : "OK");
    if (hasRows) {
      json.writeObjectFieldStart("content");
      json.writeObjectFieldStart("application/json");
      json.writeObjectFieldStart("schema");
      json.writeStringField("$ref", "#/components/schemas/Rows");
      json.writeEndObject();
      json.writeEndObject();
      for (String type : new String[] {"text/csv", "application/vnd.apache.arrow.stream"}) {
        json.writeObjectFieldStart(type);
        json.writeObjectFieldStart("schema");
        json.writeStringField("type", "string");
        json.writeStringField("format", "binary");
        json.writeEndObject();
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    for (String[] status :
        new String[][] {
          {"400", "A bad statement, value or parameter, with its SQLSTATE"},
          {"401", "Missing or wrong credentials"},
          {"403", "The role lacks a privilege (SQLSTATE 42501)"},
          {"429", "Too many failed logins from this address"}
        }) {
      json.writeObjectFieldStart(status[0]);
      json.writeStringField("description", status[1]);
      json.writeObjectFieldStart("content");
      json.writeObjectFieldStart("application/json");
      json.writeObjectFieldStart("schema");
      json.writeStringField("$ref", "#/components/schemas/Error");
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void parameter(
      JsonGenerator json,
      String name,
      String in,
      String type,
      @Nullable String format,
      boolean isRequired)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("in", in);
    json.writeBooleanField("required", isRequired);
    json.writeObjectFieldStart("schema");
    json.writeStringField("type", type);
    if (format != null) {
      json.writeStringField("format", format);
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void property(JsonGenerator json, String name, String type) throws IOException {
    json.writeObjectFieldStart(name);
    json.writeStringField("type", type);
    json.writeEndObject();
  }
}
