package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.server.AuroraNode;
import io.aurora.server.TestNodes;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/sql} answers in the format its {@code Accept} header asks for: JSON, CSV (quoted
 * as PostgreSQL's {@code COPY ... CSV} quotes) or an Arrow IPC stream, the latter two streamed in
 * chunks without a row limit; an error before the first row is a JSON error, one after it cuts the
 * answer short.
 */
@Timeout(120)
class TestHttpSqlFormats {
  private static final String ARROW = "application/vnd.apache.arrow.stream";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path directory;

  private HttpResponse<byte[]> post(AuroraNode node, String body, @Nullable String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sql"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> ok(AuroraNode node, String statement) throws Exception {
    HttpResponse<byte[]> response = post(node, statement, null);
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    return response;
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void answersJsonCsvOrArrowAsTheAcceptHeaderAsks() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()))) {
      ok(
          node,
          "CREATE TABLE t (id BIGINT, name VARCHAR, price DECIMAL(10, 2), ts TIMESTAMP,"
              + " ok BOOLEAN, ratio DOUBLE, day DATE)");
      ok(
          node,
          "INSERT INTO t VALUES (1, 'say \"hi\", then\nleave', 12.50,"
              + " TIMESTAMP '2026-12-01 10:00:00.5', true, 0.25, DATE '2026-12-01'),"
              + " (2, '', NULL, NULL, false, NULL, NULL),"
              + " (3, NULL, -1.05, NULL, NULL, 'NaN', NULL)");
      String query = "SELECT * FROM t ORDER BY id";

      HttpResponse<byte[]> csv = post(node, query, "text/csv");
      assertThat(csv.statusCode()).isEqualTo(200);
      assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
      assertThat(csv.headers().firstValue("transfer-encoding")).hasValue("chunked");
      // NULL is an empty field, an empty string a quoted one; quotes, commas and line ends quoted.
      assertThat(text(csv))
          .isEqualTo(
              "id,name,price,ts,ok,ratio,day\n"
                  + "1,\"say \"\"hi\"\", then\nleave\",12.50,2026-12-01 10:00:00.5,t,0.25,2026-12-01\n"
                  + "2,\"\",,,f,,\n"
                  + "3,,-1.05,,,NaN,\n");

      HttpResponse<byte[]> arrow = post(node, query, ARROW);
      assertThat(arrow.statusCode()).isEqualTo(200);
      assertThat(arrow.headers().firstValue("content-type")).hasValue(ARROW);
      assertThat(arrowRows(arrow))
          .containsExactly(
              Arrays.asList(
                  1L,
                  "say \"hi\", then\nleave",
                  new BigDecimal("12.50"),
                  LocalDateTime.of(2026, 12, 1, 10, 0, 0, 500_000_000),
                  true,
                  0.25,
                  LocalDate.of(2026, 12, 1)),
              Arrays.asList(2L, "", null, null, false, null, null),
              Arrays.asList(3L, null, new BigDecimal("-1.05"), null, null, Double.NaN, null));

      // No Accept header, a wildcard or JSON: the JSON answer.
      for (String accept : Arrays.asList(null, "*/*", "application/json")) {
        HttpResponse<byte[]> json = post(node, query, accept);
        assertThat(json.headers().firstValue("content-type"))
            .as("Accept %s", accept)
            .hasValue("application/json; charset=utf-8");
        assertThat(mapper.readTree(json.body()).path("row_count").asLong()).isEqualTo(3);
      }
      // The acceptable type of highest quality wins; nothing acceptable is 406.
      assertThat(
              post(node, query, "text/csv;q=0.5, " + ARROW + ", application/json;q=0.9")
                  .headers()
                  .firstValue("content-type"))
          .hasValue(ARROW);
      HttpResponse<byte[]> refused = post(node, query, "image/png");
      assertThat(refused.statusCode()).isEqualTo(406);
      assertThat(mapper.readTree(refused.body()).path("error").path("sqlstate").asText())
          .isEqualTo("22023");

      // A statement that is not a query answers its command in JSON, whatever was asked.
      HttpResponse<byte[]> command = post(node, "INSERT INTO t VALUES (4, 'x')", "text/csv");
      assertThat(mapper.readTree(command.body()).path("command").asText()).isEqualTo("INSERT");
    }
  }

  @Test
  void streamsLargeAnswersAndReportsErrorsBeforeTheFirstRowAsJson() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()))) {
      String series = "SELECT x, 'row ' || x AS label FROM generate_series(1, 300000) AS s(x)";
      HttpResponse<byte[]> csv = post(node, series, "text/csv");
      assertThat(csv.statusCode()).isEqualTo(200);
      String[] lines = text(csv).split("\n");
      assertThat(lines).hasSize(300_001);
      assertThat(lines[0]).isEqualTo("x,label");
      assertThat(lines[300_000]).isEqualTo("300000,row 300000");

      List<List<@Nullable Object>> arrow = arrowRows(post(node, series, ARROW));
      assertThat(arrow).hasSize(300_000);
      assertThat(arrow.get(299_999)).containsExactly(300_000, "row 300000");

      // max_rows cuts a streamed answer; a JSON answer is held in memory and keeps its limit.
      String limited = "{\"query\": \"" + series + "\", \"max_rows\": 150000}";
      assertThat(text(post(node, limited, "text/csv")).split("\n")).hasSize(150_001);
      assertThat(arrowRows(post(node, limited, ARROW))).hasSize(150_000);
      HttpResponse<byte[]> json = post(node, limited, "application/json");
      assertThat(json.statusCode()).isEqualTo(400);
      assertThat(mapper.readTree(json.body()).path("error").path("message").asText())
          .contains("text/csv");

      // Errors of planning and of the first rows are answered as JSON errors.
      for (String accept : List.of("text/csv", ARROW)) {
        HttpResponse<byte[]> missing = post(node, "SELECT missing FROM t", accept);
        assertThat(missing.statusCode()).isEqualTo(400);
        JsonNode error = mapper.readTree(missing.body()).path("error");
        assertThat(error.path("sqlstate").asText()).isEqualTo("42P01");
        HttpResponse<byte[]> division =
            post(node, "SELECT 1 / (x - 1) FROM generate_series(1, 10) AS s(x)", accept);
        assertThat(division.statusCode()).isEqualTo(400);
        assertThat(mapper.readTree(division.body()).path("error").path("sqlstate").asText())
            .isEqualTo("22012");
      }
      // An error after rows were sent cannot change the status: the answer is cut short, so a
      // client never takes it for complete.
      assertThatThrownBy(
              () ->
                  post(
                      node,
                      "SELECT 1 / (x - 290000) FROM generate_series(1, 300000) AS s(x)",
                      "text/csv"))
          .isInstanceOf(IOException.class);
      // The node serves the next request.
      assertThat(text(post(node, "SELECT 1 AS one", "text/csv"))).isEqualTo("one\n1\n");
    }
  }

  private static List<List<@Nullable Object>> arrowRows(HttpResponse<byte[]> response)
      throws IOException {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
    try (RootAllocator allocator = new RootAllocator()) {
      return ArrowAnswers.rows(response.body(), allocator);
    }
  }
}
