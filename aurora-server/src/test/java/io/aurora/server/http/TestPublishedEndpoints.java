package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.server.TestNodes;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published endpoints: {@code CREATE ENDPOINT} publishes a query whose {@code {name:TYPE}}
 * parameters come from {@code GET /v1/endpoints/{name}}; values are typed, checked and bound, never
 * spliced into SQL; calls are counted in {@code system.endpoints}; endpoints survive a restart.
 */
@Timeout(120)
class TestPublishedEndpoints {
  private static final String TOP_PAGES =
      "CREATE ENDPOINT top_pages AS SELECT page, sum(views) AS views FROM visits"
          + " WHERE day = {day:DATE} AND country = {country:TEXT} AND views >= {min_views:INT}"
          + " GROUP BY page ORDER BY views DESC, page";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path directory;

  private JsonNode sql(AuroraNode node, String statement) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sql"))
                .POST(HttpRequest.BodyPublishers.ofString(statement))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private HttpResponse<String> get(AuroraNode node, String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode error(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return mapper.readTree(response.body()).path("error");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void servesTypedParametersAndRefusesBadOnesByName() throws Exception {
    NodeConfig config = TestNodes.config(directory, Map.of());
    try (AuroraNode node = AuroraNode.start(config)) {
      sql(node, "CREATE TABLE visits (day DATE, country VARCHAR, page VARCHAR, views BIGINT)");
      sql(
          node,
          "INSERT INTO visits VALUES ('2026-12-01', 'DE', '/a', 10), ('2026-12-01', 'DE', '/b', 30),"
              + " ('2026-12-01', 'DE', '/a', 5), ('2026-12-01', 'FR', '/a', 7),"
              + " ('2026-12-02', 'DE', '/c', 99)");
      assertThat(sql(node, TOP_PAGES).path("command").asText()).isEqualTo("CREATE ENDPOINT");

      HttpResponse<String> top =
          get(node, "/v1/endpoints/top_pages?day=2026-12-01&country=DE&min_views=5");
      assertThat(top.statusCode()).as(top.body()).isEqualTo(200);
      JsonNode answer = mapper.readTree(top.body());
      assertThat(answer.path("rows").toString()).isEqualTo("[[\"/b\",30],[\"/a\",15]]");
      assertThat(answer.path("columns").toString())
          .isEqualTo(
              "[{\"name\":\"page\",\"type\":\"text\"},{\"name\":\"views\",\"type\":\"bigint\"}]");
      // The other formats of POST /v1/sql, and max_rows.
      HttpResponse<String> csv =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + node.httpPort()
                              + "/v1/endpoints/top_pages?day=2026-12-01&country=DE&min_views=0"
                              + "&max_rows=1"))
                  .header("Accept", "text/csv")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(csv.body()).isEqualTo("page,views\n/b,30\n");

      // Values are data: quotes and SQL in them match nothing and run nothing.
      HttpResponse<String> injected =
          get(
              node,
              "/v1/endpoints/top_pages?day=2026-12-01&min_views=0&country="
                  + encode("DE' OR '1'='1"));
      assertThat(mapper.readTree(injected.body()).path("row_count").asLong()).isZero();
      JsonNode badDay =
          error(
              get(
                  node,
                  "/v1/endpoints/top_pages?country=DE&min_views=0&day="
                      + encode("2026-12-01'; DROP TABLE visits; --")),
              400);
      assertThat(badDay.path("sqlstate").asText()).isEqualTo("22007");
      assertThat(badDay.path("message").asText()).contains("Parameter[day]");
      assertThat(sql(node, "SELECT count(*) FROM visits").path("rows").toString())
          .isEqualTo("[[5]]");

      JsonNode badInt =
          error(get(node, "/v1/endpoints/top_pages?day=2026-12-01&country=DE&min_views=x"), 400);
      assertThat(badInt.path("sqlstate").asText()).isEqualTo("22P02");
      assertThat(badInt.path("message").asText()).contains("Parameter[min_views]");
      JsonNode tooBig =
          error(
              get(node, "/v1/endpoints/top_pages?day=2026-12-01&country=DE&min_views=3000000000"),
              400);
      assertThat(tooBig.path("sqlstate").asText()).isEqualTo("22003");
      JsonNode missing = error(get(node, "/v1/endpoints/top_pages?day=2026-12-01"), 400);
      assertThat(missing.path("sqlstate").asText()).isEqualTo("42P02");
      assertThat(missing.path("message").asText()).contains("Parameter[country] (text)");
      JsonNode unknown =
          error(
              get(node, "/v1/endpoints/top_pages?day=2026-12-01&country=DE&min_views=0&limit=5"),
              400);
      assertThat(unknown.path("message").asText())
          .contains("Unknown parameter[limit]", "day (date), country (text), min_views (integer)");
      JsonNode repeated =
          error(
              get(
                  node,
                  "/v1/endpoints/top_pages?day=2026-12-01&day=2026-12-02&country=DE&min_views=0"),
              400);
      assertThat(repeated.path("message").asText()).contains("more than once");

      JsonNode nowhere = error(get(node, "/v1/endpoints/nowhere"), 404);
      assertThat(nowhere.path("sqlstate").asText()).isEqualTo("42704");
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/endpoints/top_pages"))
                  .POST(HttpRequest.BodyPublishers.ofString(""))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);

      // Three calls answered, six refused; the unknown endpoint and the POST are not counted.
      JsonNode listed =
          sql(
              node,
              "SELECT endpoint_name, parameters, calls, errors, p99_ms >= p50_ms"
                  + " FROM system.endpoints");
      assertThat(listed.path("rows").toString())
          .isEqualTo("[[\"top_pages\",\"day date, country text, min_views integer\",9,6,true]]");

      // A malformed parameter, a duplicate and a query that does not plan are refused.
      assertThat(
              error(
                      post(
                          node, "CREATE ENDPOINT broken AS SELECT * FROM visits WHERE day = {day}"),
                      400)
                  .path("sqlstate")
                  .asText())
          .isEqualTo("42601");
      assertThat(error(post(node, TOP_PAGES), 400).path("sqlstate").asText()).isEqualTo("42710");
      assertThat(
              error(post(node, "CREATE ENDPOINT bad AS SELECT nothing FROM visits"), 400)
                  .path("sqlstate")
                  .asText())
          .isEqualTo("42703");
      sql(
          node,
          "CREATE OR REPLACE ENDPOINT top_pages AS SELECT count(*) AS n FROM visits"
              + " WHERE country = {country:TEXT}");
      assertThat(get(node, "/v1/endpoints/top_pages?country=DE").body()).contains("[[4]]");
    }
    try (AuroraNode node = AuroraNode.start(config)) {
      assertThat(get(node, "/v1/endpoints/top_pages?country=FR").body()).contains("[[1]]");
      // SELECT * follows the table's columns: an added column is in the next answer.
      sql(node, "CREATE ENDPOINT everything AS SELECT * FROM visits WHERE views = {views:BIGINT}");
      assertThat(get(node, "/v1/endpoints/everything?views=99").body())
          .contains("[[\"2026-12-02\",\"DE\",\"/c\",99]]");
      sql(node, "ALTER TABLE visits ADD COLUMN note VARCHAR");
      assertThat(get(node, "/v1/endpoints/everything?views=99").body())
          .contains("[[\"2026-12-02\",\"DE\",\"/c\",99,null]]");
      sql(node, "DROP ENDPOINT top_pages");
      assertThat(get(node, "/v1/endpoints/top_pages?country=FR").statusCode()).isEqualTo(404);
      sql(node, "DROP ENDPOINT IF EXISTS top_pages");
    }
  }

  private HttpResponse<String> post(AuroraNode node, String statement) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sql"))
            .POST(HttpRequest.BodyPublishers.ofString(statement))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void describesTheApiAndEveryPublishedEndpointInOpenApi() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()))) {
      sql(node, "CREATE TABLE visits (day DATE, country VARCHAR, page VARCHAR, views BIGINT)");
      sql(node, TOP_PAGES);
      HttpResponse<String> response = get(node, "/v1/openapi.json");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode document = mapper.readTree(response.body());
      assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
      JsonNode paths = document.path("paths");
      assertThat(paths.fieldNames())
          .toIterable()
          .contains("/v1/sql", "/v1/tables/{table}/events", "/v1/endpoints/top_pages", "/health");
      JsonNode parameters = paths.path("/v1/endpoints/top_pages").path("get").path("parameters");
      assertThat(parameters.findValuesAsText("name"))
          .containsExactly("day", "country", "min_views");
      assertThat(parameters.get(0).path("schema").path("format").asText()).isEqualTo("date");
      assertThat(parameters.get(2).path("schema").path("type").asText()).isEqualTo("integer");
      // Every reference points at a schema the document defines.
      for (JsonNode reference : document.findValues("$ref")) {
        String name = reference.asText().substring("#/components/schemas/".length());
        assertThat(document.path("components").path("schemas").has(name)).as(name).isTrue();
      }
      sql(node, "DROP ENDPOINT top_pages");
      assertThat(
              mapper
                  .readTree(get(node, "/v1/openapi.json").body())
                  .path("paths")
                  .has("/v1/endpoints/top_pages"))
          .isFalse();
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/openapi.json"))
                  .POST(HttpRequest.BodyPublishers.ofString(""))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
