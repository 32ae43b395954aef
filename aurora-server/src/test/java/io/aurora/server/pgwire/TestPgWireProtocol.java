package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.pgwire.RawPgClient.Message;
import io.aurora.server.pgwire.RawPgClient.RawClient;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Raw protocol bytes over a socket: startup handling, malformed messages, message framing. */
@Timeout(60)
class TestPgWireProtocol {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start(0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    catalog.close();
  }

  @Test
  void sslRequestIsDeclinedAndStartupContinues() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.writeInt(8);
      client.writeInt(PgMessageDecoder.SSL_REQUEST_CODE);
      client.flush();
      assertThat(client.input.readByte()).isEqualTo((byte) 'N');
      Map<String, String> parameters = client.startup();
      assertThat(parameters)
          .containsEntry("server_version", "16.0")
          .containsEntry("client_encoding", "UTF8")
          .containsEntry("DateStyle", "ISO, MDY")
          .containsEntry("integer_datetimes", "on")
          .containsEntry("standard_conforming_strings", "on")
          .containsEntry("TimeZone", "UTC");
    }
  }

  @Test
  void hugeDeclaredLengthIsAProtocolViolation() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.output.writeByte('Q');
      client.writeInt(Integer.MAX_VALUE);
      client.flush();
      assertProtocolViolation(client);
    }
    assertServerStillAnswers();
  }

  @Test
  void unknownMessageTypeIsAProtocolViolation() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send('z', new byte[0]);
      assertProtocolViolation(client);
    }
    assertServerStillAnswers();
  }

  @Test
  void truncatedStartupIsAProtocolViolation() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      // Protocol 3.0 and a parameter name without its terminating NUL.
      client.writeInt(4 + 4 + 4);
      client.writeInt(FrontendMessage.PROTOCOL_3_0);
      client.output.write("user".getBytes(StandardCharsets.US_ASCII));
      client.flush();
      assertProtocolViolation(client);
    }
    assertServerStillAnswers();
  }

  @Test
  void truncatedMessageBodyIsAProtocolViolation() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      // Execute declares a portal name and a row limit; this body stops after the name.
      client.send('E', new byte[] {0});
      assertProtocolViolation(client);
    }
    assertServerStillAnswers();
  }

  @Test
  void emptyQueryAndErrorsKeepTheSessionGoing() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send('Q', RawClient.string(" ; -- nothing\n"));
      assertThat(client.read().type()).isEqualTo('I');
      assertThat(client.read().type()).isEqualTo('Z');
      client.send('Q', RawClient.string("SELECT * FROM missing; SELECT 1"));
      Message error = client.read();
      assertThat(error.type()).isEqualTo('E');
      assertThat(error.fields()).containsEntry('C', "42P01").containsEntry('S', "ERROR");
      assertThat(client.read().type()).isEqualTo('Z');
    }
  }

  @Test
  void executeWithRowLimitSuspendsThePortal() throws IOException {
    engine.execute("CREATE TABLE t (v INTEGER)");
    engine.execute("INSERT INTO t VALUES (1), (2), (3)");
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send(
          'P',
          RawClient.concat(
              RawClient.string(""),
              RawClient.string("SELECT v FROM t ORDER BY v"),
              new byte[] {0, 0}));
      // Bind: unnamed portal and statement, no parameters, one binary result column.
      client.send(
          'B',
          RawClient.concat(
              RawClient.string(""), RawClient.string(""), new byte[] {0, 0, 0, 0, 0, 1, 0, 1}));
      client.send('D', RawClient.concat(new byte[] {'P'}, RawClient.string("")));
      client.send('E', RawClient.concat(RawClient.string(""), new byte[] {0, 0, 0, 2}));
      client.send('E', RawClient.concat(RawClient.string(""), new byte[] {0, 0, 0, 2}));
      client.send('S', new byte[0]);
      assertThat(client.read().type()).isEqualTo('1');
      assertThat(client.read().type()).isEqualTo('2');
      Message description = client.read();
      assertThat(description.type()).isEqualTo('T');
      ByteBuffer fields = ByteBuffer.wrap(description.body());
      assertThat(fields.getShort()).isEqualTo((short) 1);
      RawClient.skipString(fields);
      fields.position(fields.position() + 6);
      assertThat(fields.getInt()).isEqualTo(PgTypes.INT4);
      fields.position(fields.position() + 6);
      assertThat(fields.getShort()).isEqualTo(BackendMessages.BINARY);
      assertThat(binaryInt(client.read())).isEqualTo(1);
      assertThat(binaryInt(client.read())).isEqualTo(2);
      assertThat(client.read().type()).isEqualTo('s');
      assertThat(binaryInt(client.read())).isEqualTo(3);
      Message complete = client.read();
      assertThat(complete.type()).isEqualTo('C');
      assertThat(new String(complete.body(), StandardCharsets.UTF_8)).isEqualTo("SELECT 1\0");
      assertThat(client.read().type()).isEqualTo('Z');
    }
  }

  private static int binaryInt(Message row) {
    assertThat(row.type()).isEqualTo('D');
    ByteBuffer values = ByteBuffer.wrap(row.body());
    assertThat(values.getShort()).isEqualTo((short) 1);
    assertThat(values.getInt()).isEqualTo(4);
    return values.getInt();
  }

  private static void assertProtocolViolation(RawClient client) throws IOException {
    Message error = client.read();
    assertThat(error.type()).isEqualTo('E');
    assertThat(error.fields()).containsEntry('C', "08P01");
    assertThat(client.input.read()).isEqualTo(-1);
  }

  private void assertServerStillAnswers() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.startup();
      client.send('Q', RawClient.string("SELECT 41 + 1"));
      assertThat(client.read().type()).isEqualTo('T');
      Message row = client.read();
      assertThat(row.type()).isEqualTo('D');
      assertThat(new String(row.body(), 6, row.body().length - 6, StandardCharsets.UTF_8))
          .isEqualTo("42");
      assertThat(client.read().type()).isEqualTo('C');
      assertThat(client.read().type()).isEqualTo('Z');
    }
  }
}
