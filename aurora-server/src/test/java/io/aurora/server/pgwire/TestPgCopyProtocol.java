package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.pgwire.RawPgClient.Message;
import io.aurora.server.pgwire.RawPgClient.RawClient;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** COPY as raw protocol messages: how CopyData is cut, and messages that break a COPY. */
@Timeout(60)
class TestPgCopyProtocol {
  private static final String INPUT = "1,\"a\"\"b\"\r\n2,\"x,\ny\"\n3,\n4,plain";

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    catalog = new LocalCatalog(directory.resolve("data"), StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start(0);
    engine.execute("CREATE TABLE t (id INTEGER, v VARCHAR)");
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    catalog.close();
  }

  @Test
  void rowsSplitAtEveryByteBoundaryReadTheSame() throws IOException {
    byte[] input = INPUT.getBytes(StandardCharsets.UTF_8);
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      for (int split = 0; split <= input.length; split++) {
        startCopyIn(client, "COPY t FROM STDIN WITH (FORMAT csv)");
        client.send('d', Arrays.copyOfRange(input, 0, split));
        client.send('d', Arrays.copyOfRange(input, split, input.length));
        client.send('c', new byte[0]);
        assertCommandComplete(client.read(), "COPY 4");
        assertThat(client.read().type()).isEqualTo('Z');
      }
      startCopyIn(client, "COPY t FROM STDIN WITH (FORMAT csv)");
      for (byte b : input) {
        client.send('d', new byte[] {b});
      }
      client.send('c', new byte[0]);
      assertCommandComplete(client.read(), "COPY 4");
      assertThat(client.read().type()).isEqualTo('Z');
    }
    int copies = input.length + 2;
    List<String> expected = new ArrayList<>();
    for (String row : List.of("1|a\"b", "2|x,\ny", "3|null", "4|plain")) {
      for (int i = 0; i < copies; i++) {
        expected.add(row);
      }
    }
    assertThat(rows()).isEqualTo(expected);
  }

  @Test
  void copyFailStoresNothingAndTheSessionGoesOn() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      startCopyIn(client, "COPY t FROM STDIN");
      client.send('d', "1\tone\n".getBytes(StandardCharsets.UTF_8));
      client.send('H', new byte[0]);
      client.send('S', new byte[0]);
      client.send('f', RawClient.string("client says no"));
      Message error = client.read();
      assertThat(error.fields())
          .containsEntry('C', "57014")
          .containsEntry('M', "COPY from stdin failed: client says no");
      assertThat(client.read().type()).isEqualTo('Z');
      // What the client still sends for the failed COPY is ignored, as PostgreSQL does.
      client.send('d', "2\ttwo\n".getBytes(StandardCharsets.UTF_8));
      client.send('c', new byte[0]);
      client.send('Q', RawClient.string("SELECT 41 + 1"));
      assertThat(client.read().type()).isEqualTo('T');
      assertThat(client.read().type()).isEqualTo('D');
      assertCommandComplete(client.read(), "SELECT 1");
      assertThat(client.read().type()).isEqualTo('Z');
    }
    assertThat(rows()).isEmpty();
  }

  @Test
  void otherMessageDuringCopyInClosesTheConnectionAsPostgresDoes() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      startCopyIn(client, "COPY t FROM STDIN");
      client.send('d', "1\tone\n".getBytes(StandardCharsets.UTF_8));
      client.send('Q', RawClient.string("SELECT 1"));
      Message error = client.read();
      assertThat(error.fields())
          .containsEntry('S', "ERROR")
          .containsEntry('C', "08P01")
          .containsEntry('M', "unexpected message type 0x51 during COPY from stdin");
      Message fatal = client.read();
      assertThat(fatal.fields()).containsEntry('S', "FATAL").containsEntry('C', "08P01");
      assertThat(client.input.read()).isEqualTo(-1);
    }
    assertThat(rows()).isEmpty();
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send('Q', RawClient.string("SELECT 1"));
      assertThat(client.read().type()).isEqualTo('T');
    }
  }

  @Test
  void statementsAfterCopyInTheSameQueryRunAfterCopyDone() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      startCopyIn(client, "COPY t FROM STDIN; SELECT count(*) FROM t");
      client.send('d', "7\tseven\n".getBytes(StandardCharsets.UTF_8));
      client.send('c', new byte[0]);
      assertCommandComplete(client.read(), "COPY 1");
      assertThat(client.read().type()).isEqualTo('T');
      Message row = client.read();
      assertThat(new String(row.body(), 6, row.body().length - 6, StandardCharsets.UTF_8))
          .isEqualTo("1");
      assertCommandComplete(client.read(), "SELECT 1");
      assertThat(client.read().type()).isEqualTo('Z');
    }
  }

  @Test
  void copyInFromAnExtendedProtocolExecute() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send(
          'P',
          RawClient.concat(
              RawClient.string(""),
              RawClient.string("COPY t FROM STDIN (FORMAT csv)"),
              new byte[] {0, 0}));
      client.send(
          'B',
          RawClient.concat(
              RawClient.string(""), RawClient.string(""), new byte[] {0, 0, 0, 0, 0, 0}));
      client.send('E', RawClient.concat(RawClient.string(""), new byte[] {0, 0, 0, 0}));
      client.send('S', new byte[0]);
      assertThat(client.read().type()).isEqualTo('1');
      assertThat(client.read().type()).isEqualTo('2');
      assertThat(client.read().type()).isEqualTo('G');
      client.send('d', "5,five\n6,six\n".getBytes(StandardCharsets.UTF_8));
      client.send('c', new byte[0]);
      client.send('S', new byte[0]);
      assertCommandComplete(client.read(), "COPY 2");
      assertThat(client.read().type()).isEqualTo('Z');
    }
    assertThat(rows()).containsExactly("5|five", "6|six");
  }

  @Test
  void droppedConnectionDuringCopyInStoresNothing() throws Exception {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      startCopyIn(client, "COPY t FROM STDIN");
      client.send('d', "1\tone\n2\ttwo\n".getBytes(StandardCharsets.UTF_8));
    }
    // The session ends its COPY on its own thread after the close; wait for it to go.
    while (server.sessionCount() > 0) {
      Thread.sleep(10);
    }
    assertThat(rows()).isEmpty();
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send('Q', RawClient.string("SELECT 1"));
      assertThat(client.read().type()).isEqualTo('T');
    }
  }

  @Test
  void cancelRequestFailsTheCopyAtItsNextData() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      startCopyIn(client, "COPY t FROM STDIN");
      client.send('d', "1\tone\n".getBytes(StandardCharsets.UTF_8));
      try (RawClient canceller = new RawClient(server.port())) {
        canceller.writeInt(16);
        canceller.writeInt(FrontendMessage.CANCEL_REQUEST_CODE);
        canceller.writeInt(client.processId);
        canceller.writeInt(client.secretKey);
        canceller.flush();
        // The server closes the cancelling connection once the cancel flag is set.
        assertThat(canceller.input.read()).isEqualTo(-1);
      }
      client.send('d', "2\ttwo\n".getBytes(StandardCharsets.UTF_8));
      assertThat(client.read().fields()).containsEntry('C', "57014");
      assertThat(client.read().type()).isEqualTo('Z');
      client.send('c', new byte[0]);
      client.send('Q', RawClient.string("SELECT 1"));
      assertThat(client.read().type()).isEqualTo('T');
    }
    assertThat(rows()).isEmpty();
  }

  @Test
  void copyOutFromAnExtendedProtocolExecute() throws IOException {
    engine.execute("INSERT INTO t VALUES (1, 'a\tb'), (2, NULL)");
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send(
          'P',
          RawClient.concat(
              RawClient.string(""),
              RawClient.string("COPY (SELECT id, v FROM t ORDER BY id) TO STDOUT"),
              new byte[] {0, 0}));
      client.send(
          'B',
          RawClient.concat(
              RawClient.string(""), RawClient.string(""), new byte[] {0, 0, 0, 0, 0, 0}));
      client.send('D', RawClient.concat(new byte[] {'P'}, RawClient.string("")));
      client.send('E', RawClient.concat(RawClient.string(""), new byte[] {0, 0, 0, 0}));
      client.send('S', new byte[0]);
      assertThat(client.read().type()).isEqualTo('1');
      assertThat(client.read().type()).isEqualTo('2');
      assertThat(client.read().type()).isEqualTo('n');
      assertThat(client.read().type()).isEqualTo('H');
      assertThat(new String(client.read().body(), StandardCharsets.UTF_8)).isEqualTo("1\ta\\tb\n");
      assertThat(new String(client.read().body(), StandardCharsets.UTF_8)).isEqualTo("2\t\\N\n");
      assertThat(client.read().type()).isEqualTo('c');
      assertCommandComplete(client.read(), "COPY 2");
      assertThat(client.read().type()).isEqualTo('Z');
    }
  }

  private static void startCopyIn(RawClient client, String sql) throws IOException {
    client.send('Q', RawClient.string(sql));
    Message response = client.read();
    assertThat(response.type()).isEqualTo('G');
    assertThat(response.body()[0]).isEqualTo((byte) 0);
    assertThat((response.body()[1] << 8) | response.body()[2]).isEqualTo(2);
  }

  private static void assertCommandComplete(Message message, String tag) {
    assertThat(message.type()).isEqualTo('C');
    assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo(tag + "\0");
  }

  private List<String> rows() {
    try (QueryResult result = (QueryResult) engine.execute("SELECT id, v FROM t ORDER BY id")) {
      List<String> rows = new ArrayList<>();
      for (List<Object> row : result.rows()) {
        rows.add(row.get(0) + "|" + row.get(1));
      }
      return rows;
    }
  }
}
