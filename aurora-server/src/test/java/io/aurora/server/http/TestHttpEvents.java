package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.server.TestNodes;
import io.aurora.sql.access.ScramCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/tables/{table}/events}: newline-delimited JSON and CSV appended all or nothing,
 * bad lines reported by number, a producer's retried request applied once (also after a restart),
 * and the same users as {@code POST /sql}.
 */
@Timeout(120)
class TestHttpEvents {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path directory;

  private NodeConfig config(Map<String, String> file) {
    return TestNodes.config(directory, file);
  }

  private HttpResponse<String> post(AuroraNode node, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode events(AuroraNode node, String table, String body, String... headers)
      throws Exception {
    HttpResponse<String> response = post(node, "/v1/tables/" + table + "/events", body, headers);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private String rows(AuroraNode node, String query) throws Exception {
    HttpResponse<String> response = post(node, "/sql", query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return mapper.readTree(response.body()).path("rows").toString();
  }

  private static final String TABLE =
      "CREATE TABLE clicks (ts TIMESTAMP NOT NULL, user_id BIGINT, page VARCHAR, ms DOUBLE)";

  @Test
  void appendsNewlineDelimitedJsonAndCsv() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      post(node, "/sql", TABLE);
      JsonNode answer =
          events(
              node,
              "clicks",
              "{\"ts\": \"2026-12-01 10:00:00.123\", \"user_id\": 7, \"page\": \"/a\", \"ms\": 1.5}\r\n"
                  + "\n"
                  + "{\"TS\": \"2026-12-01T11:00:00+01:00\", \"page\": \"/b\", \"extra\": [1, 2]}\n"
                  + "{\"ts\": 1796119200000, \"user_id\": 9}",
              "Content-Type",
              "application/x-ndjson");
      assertThat(answer.path("rows").asLong()).isEqualTo(3);
      assertThat(answer.path("duplicate").asBoolean()).isFalse();
      assertThat(rows(node, "SELECT ts, user_id, page, ms FROM clicks ORDER BY ts, user_id"))
          .isEqualTo(
              "[[\"2026-12-01 10:00:00\",9,null,null],"
                  + "[\"2026-12-01 10:00:00\",null,\"/b\",null],"
                  + "[\"2026-12-01 10:00:00.123\",7,\"/a\",1.5]]");

      assertThat(
              events(
                      node,
                      "clicks",
                      "2026-12-02 00:00:00,1,/c,2.5\n2026-12-02 00:00:01,,,\n",
                      "Content-Type",
                      "text/csv; charset=utf-8")
                  .path("rows")
                  .asLong())
          .isEqualTo(2);
      assertThat(rows(node, "SELECT count(*), count(user_id), sum(ms) FROM clicks"))
          .isEqualTo("[[5,3,4.0]]");

      // A gzip-compressed body, as browsers and mobile SDKs send them.
      java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
      try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(compressed)) {
        gzip.write(
            "{\"ts\": \"2026-12-03 00:00:00\", \"user_id\": 100}\n"
                .repeat(1_000)
                .getBytes(StandardCharsets.UTF_8));
      }
      HttpResponse<String> gzipped =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + node.httpPort() + "/v1/tables/clicks/events"))
                  .header("Content-Encoding", "gzip")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(gzipped.statusCode()).as(gzipped.body()).isEqualTo(200);
      assertThat(mapper.readTree(gzipped.body()).path("rows").asLong()).isEqualTo(1_000);
      assertThat(rows(node, "SELECT count(*), sum(user_id) FROM clicks WHERE user_id = 100"))
          .isEqualTo("[[1000,100000]]");
    }
  }

  @Test
  void aRequestWithBadLinesWritesNothingAndNamesThem() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      post(node, "/sql", TABLE);
      HttpResponse<String> response =
          post(
              node,
              "/v1/tables/clicks/events",
              "{\"ts\": \"2026-12-01 10:00:00\"}\n"
                  + "{\"ts\": \n"
                  + "{\"ts\": \"2026-12-01 10:00:01\"}\n"
                  + "{\"user_id\": 3}\n"
                  + "{\"ts\": \"2026-12-01 10:00:02\", \"user_id\": \"seven\"}\n");
      assertThat(response.statusCode()).isEqualTo(400);
      JsonNode error = mapper.readTree(response.body());
      assertThat(error.path("error").path("message").asText())
          .isEqualTo("3 lines are bad; nothing was written");
      assertThat(error.path("bad_line_count").asInt()).isEqualTo(3);
      assertThat(error.path("bad_lines").findValuesAsText("line")).containsExactly("2", "4", "5");
      assertThat(error.path("bad_lines").findValuesAsText("sqlstate"))
          .containsExactly("22P02", "23502", "22P02");
      assertThat(rows(node, "SELECT count(*) FROM clicks")).isEqualTo("[[0]]");

      HttpResponse<String> missing = post(node, "/v1/tables/nope/events", "{}");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(mapper.readTree(missing.body()).path("error").path("sqlstate").asText())
          .isEqualTo("42P01");
      assertThat(
              post(node, "/v1/tables/clicks/events", "<xml/>", "Content-Type", "text/xml")
                  .statusCode())
          .isEqualTo(415);
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + node.httpPort() + "/v1/tables/clicks/events"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      HttpResponse<String> halfIdempotent =
          post(node, "/v1/tables/clicks/events", "{}", "Aurora-Producer-Id", "web-1");
      assertThat(halfIdempotent.statusCode()).isEqualTo(400);
      assertThat(mapper.readTree(halfIdempotent.body()).path("error").path("sqlstate").asText())
          .isEqualTo("22023");
      // /sql keeps its own, smaller limit.
      HttpResponse<String> huge = post(node, "/sql", "SELECT 1 -- " + "x".repeat(70_000));
      assertThat(huge.statusCode()).isEqualTo(413);
      assertThat(rows(node, "SELECT count(*) FROM clicks")).isEqualTo("[[0]]");
    }
  }

  @Test
  void aProducersRetryIsAppliedOnceAlsoAfterARestart() throws Exception {
    String first =
        "{\"ts\": \"2026-12-01 10:00:00\", \"user_id\": 1}\n"
            + "{\"ts\": \"2026-12-01 10:00:01\", \"user_id\": 2}\n";
    String second = "{\"ts\": \"2026-12-01 10:00:02\", \"user_id\": 3}\n";
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      post(node, "/sql", TABLE);
      JsonNode applied =
          events(node, "clicks", first, "Aurora-Producer-Id", "web-1", "Aurora-Sequence", "1");
      assertThat(applied.path("rows").asLong()).isEqualTo(2);
      JsonNode retried =
          events(node, "clicks", first, "Aurora-Producer-Id", "web-1", "Aurora-Sequence", "1");
      assertThat(retried.path("duplicate").asBoolean()).isTrue();
      assertThat(retried.path("rows").asLong()).isZero();
      events(node, "clicks", second, "Aurora-Producer-Id", "web-1", "Aurora-Sequence", "2");
      assertThat(rows(node, "SELECT count(*), sum(user_id) FROM clicks")).isEqualTo("[[3,6]]");
    }
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      JsonNode retried =
          events(node, "clicks", second, "Aurora-Producer-Id", "web-1", "Aurora-Sequence", "2");
      assertThat(retried.path("duplicate").asBoolean()).isTrue();
      assertThat(rows(node, "SELECT count(*), sum(user_id) FROM clicks")).isEqualTo("[[3,6]]");
    }
  }

  @Test
  void checksTheSameUsersAsSql() throws Exception {
    Path users = directory.resolve("users");
    Files.writeString(
        users, "alice:" + ScramCredentials.hash("pencil".toCharArray()).format() + "\n");
    try (AuroraNode node = AuroraNode.start(config(Map.of("auth.users-file", users.toString())))) {
      String alice = basic("alice:pencil");
      post(node, "/sql", TABLE, "Authorization", alice);
      String line = "{\"ts\": \"2026-12-01 10:00:00\"}";
      HttpResponse<String> anonymous = post(node, "/v1/tables/clicks/events", line);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("www-authenticate")).isPresent();
      assertThat(
              post(node, "/v1/tables/clicks/events", line, "Authorization", basic("alice:pen"))
                  .statusCode())
          .isEqualTo(401);
      assertThat(post(node, "/v1/tables/clicks/events", line, "Authorization", alice).statusCode())
          .isEqualTo(200);
    }
  }

  private static String basic(@Nullable String credentials) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(String.valueOf(credentials).getBytes(StandardCharsets.UTF_8));
  }
}
