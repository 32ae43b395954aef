package io.aurora.server;

import static io.aurora.server.TestNodes.connect;
import static io.aurora.server.TestNodes.execute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraClientException;
import io.grpc.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privilege matrix: roles by tables by privileges (SELECT, INSERT, DELETE, TRUNCATE), each
 * tried over pgwire, HTTP and gRPC. An action the grants allow succeeds; any other fails with 42501
 * on every door and leaves the table as it was. The grants cover direct privileges, a privilege
 * inherited through a role, one not inherited (NOINHERIT), column privileges and a row-level
 * policy; a REVOKE holds from the next statement on every door.
 */
@Timeout(300)
class TestPrivilegeMatrix {
  private static final List<String> ROLES =
      List.of("reader", "writer", "cleaner", "member", "outsider");
  private static final List<String> TABLES = List.of("t1", "t2");
  private static final List<String> PRIVILEGES = List.of("SELECT", "INSERT", "DELETE", "TRUNCATE");

  /** What each role may do on each table, as the grants below give it. */
  private static final Map<String, Map<String, Set<String>>> ALLOWED =
      Map.of(
          "reader", Map.of("t1", Set.of("SELECT"), "t2", Set.of()),
          "writer", Map.of("t1", Set.of("INSERT"), "t2", Set.of("INSERT")),
          "cleaner", Map.of("t1", Set.of(), "t2", Set.of("SELECT", "DELETE", "TRUNCATE")),
          // member inherits team's SELECT on t2; outsider (NOINHERIT) does not.
          "member", Map.of("t1", Set.of(), "t2", Set.of("SELECT")),
          "outsider", Map.of("t1", Set.of(), "t2", Set.of()));

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper mapper = new ObjectMapper();
  @TempDir Path directory;

  /** One way into the node for one role. */
  private interface Door {
    /** Runs {@code sql}; returns normally when it succeeded, else the SQLSTATE it failed with. */
    String run(String sql) throws Exception;
  }

  private static final String OK = "ok";

  /** The table's rows as the superuser sees them: count and sum of ids. */
  private static String contents(Connection admin, String table) throws SQLException {
    try (Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*), coalesce(sum(id), 0) FROM " + table)) {
      rows.next();
      return rows.getLong(1) + " rows, ids summing to " + rows.getLong(2);
    }
  }

  private Door pgwire(Connection connection) {
    return sql -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
        return OK;
      } catch (SQLException e) {
        return e.getSQLState();
      }
    };
  }

  private Door http(AuroraNode node, String user) {
    String basic =
        Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
    return sql -> {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/sql"))
                  .header("Authorization", "Basic " + basic)
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(sql))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return OK;
      }
      JsonNode error = mapper.readTree(response.body()).path("error");
      String state = error.path("sqlstate").asText();
      assertThat(response.statusCode())
          .as("HTTP status of %s: %s", sql, response.body())
          .isEqualTo(state.equals("42501") ? 403 : 400);
      return state;
    };
  }

  private static Door grpc(AuroraClient client) {
    return sql -> {
      try {
        if (sql.startsWith("SELECT")) {
          client.query(sql).rows();
        } else {
          client.execute(sql);
        }
        return OK;
      } catch (AuroraClientException e) {
        if ("42501".equals(e.sqlState())) {
          assertThat(e.statusCode()).as(sql).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
        return e.sqlState();
      }
    };
  }

  private static String action(String privilege, String table) {
    return switch (privilege) {
      case "SELECT" -> "SELECT count(*) FROM " + table;
      case "INSERT" -> "INSERT INTO " + table + " VALUES (100, 'new')";
      // A condition reads the table, so DELETE with one needs SELECT too (as in PostgreSQL).
      case "DELETE" -> "DELETE FROM " + table + " WHERE id = 1";
      default -> "TRUNCATE " + table;
    };
  }

  private static boolean isAllowed(String role, String table, String privilege) {
    Set<String> allowed = ALLOWED.get(role).get(table);
    if (privilege.equals("DELETE")) {
      return allowed.contains("DELETE") && allowed.contains("SELECT");
    }
    return allowed.contains(privilege);
  }

  private static void restore(Connection admin, String table) throws SQLException {
    execute(admin, "TRUNCATE " + table);
    execute(admin, "INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }

  @Test
  void everyRoleDoesWhatItWasGrantedAndNothingElseOnEveryDoor() throws Exception {
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory, Map.of()));
        Connection admin = connect(node, "aurora", "")) {
      for (String table : TABLES) {
        execute(admin, "CREATE TABLE " + table + " (id BIGINT, v VARCHAR)");
        restore(admin, table);
      }
      execute(admin, "CREATE ROLE team");
      execute(admin, "GRANT SELECT ON t2 TO team");
      for (String role : ROLES) {
        execute(
            admin,
            "CREATE ROLE "
                + role
                + " LOGIN PASSWORD 'pw'"
                + (role.equals("outsider") ? " NOINHERIT" : ""));
      }
      execute(admin, "GRANT team TO member, outsider");
      execute(admin, "GRANT SELECT ON t1 TO reader");
      execute(admin, "GRANT INSERT ON t1, t2 TO writer");
      execute(admin, "GRANT SELECT, DELETE, TRUNCATE ON t2 TO cleaner");

      Map<String, Map<String, Door>> doors = new HashMap<>();
      List<AutoCloseable> open = new ArrayList<>();
      try {
        for (String role : ROLES) {
          Connection connection = connect(node, role, "pw");
          open.add(connection);
          String token;
          try (Statement statement = admin.createStatement();
              ResultSet rows =
                  statement.executeQuery("CREATE TOKEN " + role + "_token FOR ROLE " + role)) {
            rows.next();
            token = rows.getString(1);
          }
          AuroraClient client =
              AuroraClient.builder()
                  .endpoints("127.0.0.1:" + node.grpcPort())
                  .bearerToken(token)
                  .maxAttempts(1)
                  .build();
          open.add(client);
          doors.put(
              role,
              Map.of("pgwire", pgwire(connection), "http", http(node, role), "grpc", grpc(client)));
        }

        int allowed = 0;
        int denied = 0;
        for (String role : ROLES) {
          for (Map.Entry<String, Door> door : doors.get(role).entrySet()) {
            for (String table : TABLES) {
              for (String privilege : PRIVILEGES) {
                String sql = action(privilege, table);
                String before = contents(admin, table);
                String outcome = door.getValue().run(sql);
                String what = role + " over " + door.getKey() + ": " + sql;
                if (isAllowed(role, table, privilege)) {
                  assertThat(outcome).as(what).isEqualTo(OK);
                  allowed++;
                  restore(admin, table);
                } else {
                  assertThat(outcome).as(what).isEqualTo("42501");
                  assertThat(contents(admin, table)).as("after " + what).isEqualTo(before);
                  denied++;
                }
              }
            }
          }
        }
        assertThat(allowed).isEqualTo(3 * 7);
        assertThat(denied).isEqualTo(3 * (ROLES.size() * TABLES.size() * 4 - 7));

        // Column privileges: interns read the ids of t1 only.
        execute(admin, "CREATE ROLE intern LOGIN PASSWORD 'pw'");
        execute(admin, "GRANT SELECT (id) ON t1 TO intern");
        // Row security: member's team sees and adds only ids above 1 in t2.
        execute(admin, "GRANT INSERT ON t2 TO team");
        execute(admin, "ALTER TABLE t2 ENABLE ROW LEVEL SECURITY");
        execute(admin, "CREATE POLICY above_one ON t2 TO team USING (id > 1) WITH CHECK (id > 1)");
        try (Connection intern = connect(node, "intern", "pw")) {
          for (Door door : List.of(pgwire(intern), http(node, "intern"))) {
            assertThat(door.run("SELECT sum(id) FROM t1")).isEqualTo(OK);
            assertThat(door.run("SELECT v FROM t1")).isEqualTo("42501");
            assertThat(door.run("SELECT count(*) FROM t1")).isEqualTo(OK);
          }
        }
        Connection member = (Connection) open.get(2 * ROLES.indexOf("member"));
        try (Statement statement = member.createStatement();
            ResultSet rows = statement.executeQuery("SELECT count(*) FROM t2")) {
          rows.next();
          assertThat(rows.getLong(1)).as("the policy hides id 1").isEqualTo(2);
        }
        AuroraClient memberClient = (AuroraClient) open.get(2 * ROLES.indexOf("member") + 1);
        assertThat(memberClient.query("SELECT count(*) FROM t2").rows())
            .as("over gRPC too")
            .containsExactly(List.of(2L));
        for (Door door : doors.get("member").values()) {
          String before = contents(admin, "t2");
          assertThat(door.run("INSERT INTO t2 VALUES (0, 'below')")).isEqualTo("42501");
          assertThat(contents(admin, "t2")).isEqualTo(before);
        }
        assertThat(pgwire(member).run("INSERT INTO t2 VALUES (7, 'above')")).isEqualTo(OK);

        // A REVOKE holds from the next statement, on every door.
        execute(admin, "REVOKE SELECT ON t1 FROM reader");
        for (Map.Entry<String, Door> door : doors.get("reader").entrySet()) {
          assertThat(door.getValue().run("SELECT count(*) FROM t1"))
              .as("reader over %s after the REVOKE", door.getKey())
              .isEqualTo("42501");
        }
      } finally {
        for (AutoCloseable closeable : open) {
          closeable.close();
        }
      }
    }
  }
}
