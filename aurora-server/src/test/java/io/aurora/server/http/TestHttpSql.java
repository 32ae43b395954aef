package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /sql}: statements and queries over HTTP answered as JSON, errors with their SQLSTATE,
 * the system tables and {@code pg_stat_activity} readable over HTTP, statements logged with
 * protocol {@code http}, and the same users as the PostgreSQL protocol.
 */
@Timeout(120)
class TestHttpSql {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  @TempDir Path directory;

  private NodeConfig config(Map<String, String> file) {
    return TestNodes.config(directory, file);
  }

  private HttpResponse<String> post(AuroraNode node, String body, @Nullable String credentials)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/sql"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(AuroraNode node, String body) throws Exception {
    HttpResponse<String> response = post(node, body, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValue("application/json; charset=utf-8");
    return mapper.readTree(response.body());
  }

  @Test
  void runsStatementsAndQueriesAsJson() throws Exception {
    try (AuroraNode node = AuroraNode.start(config(Map.of()))) {
      assertThat(
              ok(
                      node,
                      "CREATE TABLE t (id BIGINT, name VARCHAR, price DECIMAL(10, 2),"
                          + " ts TIMESTAMP, ok BOOLEAN, ratio DOUBLE)")
                  .path("command")
                  .asText())
          .isEqualTo("CREATE TABLE");
      JsonNode inserted =
          ok(
              node,
              "INSERT INTO t VALUES (1, 'a \"quoted\" name', 12.50, TIMESTAMP '2026-12-01"
                  + " 10:00:00.5', true, 0.25), (2, NULL, NULL, NULL, false, NULL)");
      assertThat(inserted.path("command").asText()).isEqualTo("INSERT");
      assertThat(inserted.path("row_count").asLong()).isEqualTo(2);

      JsonNode rows = ok(node, "{\"query\": \"SELECT * FROM t ORDER BY id\", \"max_rows\": 1}");
      assertThat(rows.path("columns").toString())
          .isEqualTo(
              "[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"name\",\"type\":\"text\"},"
                  + "{\"name\":\"price\",\"type\":\"numeric\"},{\"name\":\"ts\",\"type\":"
                  + "\"timestamp\"},{\"name\":\"ok\",\"type\":\"boolean\"},{\"name\":\"ratio\","
                  + "\"type\":\"double precision\"}]");
      // Numbers as JSON numbers (a DECIMAL with its scale), the rest in PostgreSQL's text format.
      assertThat(
              post(node, "{\"query\": \"SELECT * FROM t ORDER BY id\", \"max_rows\": 1}", null)
                  .body())
          .contains(
              "\"rows\":[[1,\"a \\\"quoted\\\" name\",12.50,\"2026-12-01 10:00:00.5\",true,0.25]]");
      assertThat(rows.path("row_count").asLong()).isEqualTo(1);
      assertThat(rows.path("truncated").asBoolean()).isTrue();
      assertThat(ok(node, "SELECT count(*) AS n FROM t").path("rows").toString())
          .isEqualTo("[[2]]");

      HttpResponse<String> bad = post(node, "SELECT missing FROM t", null);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(mapper.readTree(bad.body()).path("error").path("sqlstate").asText())
          .isEqualTo("42703");
      HttpResponse<String> empty = post(node, "  ", null);
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(mapper.readTree(empty.body()).path("error").path("sqlstate").asText())
          .isEqualTo("42601");
      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/sql"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("allow")).hasValue("POST");

      // System tables and pg_stat_activity answer over HTTP; its statements are logged as http.
      assertThat(
              ok(node, "SELECT table_name, row_count FROM system.tables").path("rows").toString())
          .isEqualTo("[[\"t\",2]]");
      assertThat(ok(node, "SELECT count(*) FROM pg_stat_activity").path("rows").toString())
          .isEqualTo("[[0]]");
      assertThat(ok(node, "SELECT protocol, user_name FROM system.queries").path("rows").toString())
          .isEqualTo("[[\"http\",\"aurora\"]]");
      String logged =
          "SELECT count(*) FROM system.query_log WHERE protocol = 'http'"
              + " AND client_addr = '127.0.0.1' AND kind = 'insert' AND written_rows = 2";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!ok(node, logged).path("rows").toString().equals("[[1]]")) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  @Test
  void checksTheSameUsersAsThePostgresqlProtocol() throws Exception {
    Path users = directory.resolve("users");
    Files.writeString(
        users, "alice:" + ScramCredentials.hash("pencil".toCharArray()).format() + "\n");
    try (AuroraNode node = AuroraNode.start(config(Map.of("auth.users-file", users.toString())))) {
      HttpResponse<String> anonymous = post(node, "SELECT 1", null);
      assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("www-authenticate").orElse(""))
          .startsWith("Basic realm=\"Aurora\"");
      assertThat(post(node, "SELECT 1", "alice:wrong").statusCode()).isEqualTo(401);
      assertThat(post(node, "SELECT 1", "mallory:pencil").statusCode()).isEqualTo(401);
      HttpResponse<String> alice = post(node, "SELECT current_user, 1 + 1", "alice:pencil");
      assertThat(alice.statusCode()).isEqualTo(200);
      assertThat(mapper.readTree(alice.body()).path("rows").get(0).get(1).asInt()).isEqualTo(2);
    }
  }
}
