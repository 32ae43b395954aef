package io.aurora.server;

import static io.aurora.server.TestNodes.connect;
import static io.aurora.server.TestNodes.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraClientException;
import io.aurora.client.AuroraWriter;
import io.grpc.Status;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/**
 * Roles and privileges on a node's doors: PostgreSQL logins of catalog roles (SCRAM against their
 * stored verifiers; a wrong password, an unknown user and a role that may not log in fail alike),
 * statements and COPY over pgwire, SQL and events over HTTP, each forbidden action failing with
 * 42501 and changing nothing; a REVOKE holding from the next statement; a dropped role's sessions
 * ending; a session that cannot make itself someone else.
 */
@Timeout(180)
class TestAccessControlDoors {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path directory;

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void assertSqlState(String state, ThrowingAction action) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            SQLException.class,
            e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(state));
  }

  @FunctionalInterface
  private interface ThrowingAction {
    void run() throws Exception;
  }

  private HttpResponse<String> post(
      AuroraNode node, String path, String user, String password, String body) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .header("Authorization", "Basic " + basic)
            .header(
                "Content-Type", path.endsWith("/events") ? "application/x-ndjson" : "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rolesLogInAndDoOnlyWhatTheyWereGrantedOnEveryDoor() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE TABLE t (a BIGINT, b VARCHAR)");
      execute(admin, "INSERT INTO t VALUES (1, 'one')");
      execute(admin, "CREATE ROLE alice LOGIN PASSWORD 'alice-pw'");
      execute(admin, "CREATE ROLE nologin PASSWORD 'pw'");
      execute(admin, "GRANT SELECT ON t TO alice");

      for (String[] bad :
          new String[][] {{"alice", "wrong"}, {"mallory", "alice-pw"}, {"nologin", "pw"}}) {
        assertSqlState("28P01", () -> connect(node, bad[0], bad[1]).close());
      }

      try (Connection alice = connect(node, "alice", "alice-pw")) {
        assertThat(count(alice, "t")).isEqualTo(1);
        try (Statement statement = alice.createStatement();
            ResultSet rows = statement.executeQuery("SHOW is_superuser")) {
          rows.next();
          assertThat(rows.getString(1)).isEqualTo("off");
        }
        assertSqlState("42501", () -> execute(alice, "INSERT INTO t VALUES (2, 'two')"));
        assertSqlState("42501", () -> execute(alice, "DELETE FROM t"));
        assertSqlState("42501", () -> execute(alice, "CREATE TABLE mine (a BIGINT)"));
        assertSqlState("42501", () -> execute(alice, "CREATE ROLE eve LOGIN SUPERUSER"));
        assertSqlState("55P02", () -> execute(alice, "SET session_authorization = 'aurora'"));
        assertSqlState(
            "42501",
            () ->
                ((PGConnection) alice)
                    .getCopyAPI()
                    .copyIn("COPY t FROM STDIN WITH (FORMAT csv)", new StringReader("3,three\n")));

        execute(admin, "GRANT INSERT ON t TO alice");
        ((PGConnection) alice)
            .getCopyAPI()
            .copyIn("COPY t FROM STDIN WITH (FORMAT csv)", new StringReader("3,three\n"));
        Path file = directory.resolve("rows.csv");
        Files.writeString(file, "4,four\n");
        assertSqlState(
            "42501", () -> execute(alice, "COPY t FROM '" + file + "' WITH (FORMAT csv)"));
        assertThat(count(admin, "t")).as("only the COPY FROM STDIN went in").isEqualTo(2);

        HttpResponse<String> select =
            post(node, "/v1/sql", "alice", "alice-pw", "SELECT count(*) FROM t");
        assertThat(select.statusCode()).as(select.body()).isEqualTo(200);
        assertThat(mapper.readTree(select.body()).path("rows").toString()).isEqualTo("[[2]]");
        HttpResponse<String> wrong = post(node, "/v1/sql", "alice", "nope", "SELECT 1");
        assertThat(wrong.statusCode()).isEqualTo(401);

        execute(admin, "REVOKE SELECT, INSERT ON t FROM alice");
        assertSqlState("42501", () -> count(alice, "t"));
        HttpResponse<String> denied =
            post(node, "/v1/sql", "alice", "alice-pw", "SELECT count(*) FROM t");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(mapper.readTree(denied.body()).path("error").path("sqlstate").asText())
            .isEqualTo("42501");
        HttpResponse<String> events =
            post(node, "/v1/tables/t/events", "alice", "alice-pw", "{\"a\": 5}\n");
        assertThat(events.statusCode()).as(events.body()).isEqualTo(403);
        assertThat(count(admin, "t")).isEqualTo(2);

        execute(admin, "DROP ROLE alice");
        assertSqlState("57P01", () -> execute(alice, "SELECT 1"));
      }
      assertSqlState("28P01", () -> connect(node, "alice", "alice-pw").close());
    }
  }

  @Test
  void rolesAndGrantsSurviveARestart() throws Exception {
    NodeConfig config = TestNodes.config(directory, Map.of());
    try (AuroraNode node = AuroraNode.start(config);
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE TABLE t (a BIGINT)");
      execute(admin, "CREATE ROLE bob LOGIN PASSWORD 'bob-pw'");
      execute(admin, "GRANT SELECT ON t TO bob");
    }
    try (AuroraNode node = AuroraNode.start(config);
        Connection bob = connect(node, "bob", "bob-pw")) {
      assertThat(count(bob, "t")).isZero();
      assertSqlState("42501", () -> execute(bob, "INSERT INTO t VALUES (1)"));
    }
  }

  @Test
  void failedLoginsOverHttpAndPgwireCountTogetherPerAddress() throws Exception {
    try (AuroraNode node =
            AuroraNode.start(TestNodes.config(directory, Map.of("auth.max-failed-logins", "3")));
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE ROLE carol LOGIN PASSWORD 'carol-pw'");
      assertThat(post(node, "/v1/sql", "carol", "guess-1", "SELECT 1").statusCode()).isEqualTo(401);
      assertThat(post(node, "/v1/sql", "carol", "guess-2", "SELECT 1").statusCode()).isEqualTo(401);
      assertSqlState("28P01", () -> connect(node, "carol", "guess-3").close());
      HttpResponse<String> blocked = post(node, "/v1/sql", "carol", "carol-pw", "SELECT 1");
      assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(429);
      assertSqlState("28000", () -> connect(node, "carol", "carol-pw").close());
      assertThat(count(admin, "pg_roles")).as("open sessions go on").isPositive();
    }
  }

  @Test
  void apiTokensActAsTheirRoleOverGrpcAndHttpUntilRevoked() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE TABLE events (ts TIMESTAMP NOT NULL, n BIGINT)");
      execute(admin, "INSERT INTO events VALUES ('2026-12-01 00:00:00', 1)");
      execute(admin, "CREATE ROLE ingest LOGIN");
      String token;
      try (Statement statement = admin.createStatement();
          ResultSet rows = statement.executeQuery("CREATE TOKEN loader FOR ROLE ingest")) {
        assertThat(rows.next()).isTrue();
        token = rows.getString("token");
      }
      try (AuroraClient client = tokenClient(node, token)) {
        assertThatThrownBy(() -> client.query("SELECT count(*) FROM events").rows())
            .isInstanceOfSatisfying(
                AuroraClientException.class,
                e -> {
                  assertThat(e.statusCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                  assertThat(e.sqlState()).isEqualTo("42501");
                });
        assertThatThrownBy(() -> writeOne(client, 2))
            .as("and the writer's close does not hide it")
            .isInstanceOfSatisfying(
                AuroraClientException.class,
                e -> {
                  assertThat(e.sqlState()).isEqualTo("42501");
                  assertThat(e.getSuppressed()).isEmpty();
                });
        assertThat(count(admin, "events")).as("nothing written").isEqualTo(1);

        execute(admin, "GRANT INSERT, SELECT ON events TO ingest");
        writeOne(client, 3);
        assertThat(client.query("SELECT count(*) FROM events").rows()).containsExactly(List.of(2L));
        HttpResponse<String> overHttp =
            bearer(
                "http://127.0.0.1:" + node.httpPort() + "/v1/sql",
                token,
                "text/plain",
                "SELECT current_user");
        assertThat(overHttp.statusCode()).as(overHttp.body()).isEqualTo(200);
        assertThat(mapper.readTree(overHttp.body()).path("rows").toString())
            .isEqualTo("[[\"ingest\"]]");

        execute(admin, "ALTER TABLE events ENABLE ROW LEVEL SECURITY");
        execute(admin, "CREATE POLICY recent ON events USING (n > 1)");
        assertThat(client.query("SELECT n FROM events").rows())
            .as("the policy filters gRPC queries")
            .containsExactly(List.of(3L));
        assertThatThrownBy(() -> writeOne(client, 4))
            .as("bulk loads are not checked row by row, so they are refused")
            .isInstanceOfSatisfying(
                AuroraClientException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        execute(admin, "ALTER TABLE events DISABLE ROW LEVEL SECURITY");

        String limited;
        try (Statement statement = admin.createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "CREATE TOKEN dashboard FOR ROLE ingest WITH (requests_per_second = 1)")) {
          rows.next();
          limited = rows.getString(1);
        }
        long start = System.nanoTime();
        int served = 0;
        int refused = 0;
        for (int i = 0; i < 5; i++) {
          HttpResponse<String> answer =
              bearer(
                  "http://127.0.0.1:" + node.httpPort() + "/v1/sql",
                  limited,
                  "text/plain",
                  "SELECT 1");
          if (answer.statusCode() == 429) {
            refused++;
            assertThat(mapper.readTree(answer.body()).path("error").path("sqlstate").asText())
                .isEqualTo("53400");
          } else {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            served++;
          }
        }
        long elapsedSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(served)
            .as("one at once, then one per second")
            .isLessThanOrEqualTo(1 + (int) elapsedSeconds + 1);
        assertThat(served + refused).isEqualTo(5);

        execute(admin, "DROP TOKEN loader");
        assertThatThrownBy(() -> client.query("SELECT 1").rows())
            .isInstanceOfSatisfying(
                AuroraClientException.class,
                e -> assertThat(e.statusCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

        // A token past its VALID UNTIL is refused like one that does not exist.
        String expired;
        try (Statement statement = admin.createStatement();
            ResultSet rows =
                statement.executeQuery(
                    "CREATE TOKEN old FOR ROLE ingest VALID UNTIL '2020-01-01 00:00:00'")) {
          rows.next();
          expired = rows.getString(1);
        }
        HttpResponse<String> withExpired =
            bearer(
                "http://127.0.0.1:" + node.httpPort() + "/v1/sql",
                expired,
                "text/plain",
                "SELECT 1");
        assertThat(withExpired.statusCode()).as(withExpired.body()).isEqualTo(401);
        try (AuroraClient expiredClient = tokenClient(node, expired)) {
          assertThatThrownBy(() -> expiredClient.query("SELECT 1").rows())
              .isInstanceOfSatisfying(
                  AuroraClientException.class,
                  e -> assertThat(e.statusCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        }
      }
    }
  }

  /** A token limited to published endpoints calls those and nothing else, on any door. */
  @Test
  void aTokenForEndpointsCallsOnlyThem() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        Connection admin = connect(node, "aurora", "")) {
      execute(admin, "CREATE TABLE views (page VARCHAR, n BIGINT)");
      execute(admin, "INSERT INTO views VALUES ('/a', 3), ('/b', 1)");
      execute(admin, "CREATE ROLE viewer LOGIN");
      execute(admin, "GRANT SELECT ON views TO viewer");
      execute(admin, "CREATE ENDPOINT top AS SELECT page FROM views WHERE n > {min:BIGINT}");
      execute(admin, "CREATE ENDPOINT other AS SELECT count(*) AS pages FROM views");
      assertSqlState(
          "42704", () -> execute(admin, "CREATE TOKEN nope FOR ROLE viewer ON ENDPOINT missing"));
      String token;
      try (Statement statement = admin.createStatement();
          ResultSet rows =
              statement.executeQuery("CREATE TOKEN dash FOR ROLE viewer ON ENDPOINT top")) {
        rows.next();
        token = rows.getString(1);
      }
      try (Statement statement = admin.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT role_name, endpoints FROM system.tokens WHERE token_name = 'dash'")) {
        rows.next();
        assertThat(rows.getString(1) + " " + rows.getString(2)).isEqualTo("viewer top");
      }
      String base = "http://127.0.0.1:" + node.httpPort();
      HttpResponse<String> top = get(base + "/v1/endpoints/top?min=2", token);
      assertThat(top.statusCode()).as(top.body()).isEqualTo(200);
      assertThat(mapper.readTree(top.body()).path("rows").toString()).isEqualTo("[[\"/a\"]]");
      for (HttpResponse<String> refused :
          List.of(
              get(base + "/v1/endpoints/other", token),
              bearer(base + "/v1/sql", token, "text/plain", "SELECT * FROM views"),
              bearer(base + "/v1/tables/views/events", token, "application/x-ndjson", "{}"))) {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(mapper.readTree(refused.body()).path("error").path("sqlstate").asText())
            .isEqualTo("42501");
      }
      try (AuroraClient client = tokenClient(node, token)) {
        assertThatThrownBy(() -> client.query("SELECT 1").rows())
            .isInstanceOfSatisfying(
                AuroraClientException.class,
                e -> assertThat(e.statusCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
      }
      assertThat(count(admin, "views")).as("nothing was written").isEqualTo(2);
    }
  }

  private static AuroraClient tokenClient(AuroraNode node, String token) {
    return AuroraClient.builder()
        .endpoints("127.0.0.1:" + node.grpcPort())
        .bearerToken(token)
        .maxAttempts(1)
        .build();
  }

  private HttpResponse<String> get(String url, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> bearer(String url, String token, String contentType, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void writeOne(AuroraClient client, long n) {
    try (AuroraWriter writer = client.writer("events")) {
      writer.newRow().set("ts", Instant.parse("2026-12-02T00:00:00Z")).set("n", n).write();
      writer.flush();
    }
  }
}
