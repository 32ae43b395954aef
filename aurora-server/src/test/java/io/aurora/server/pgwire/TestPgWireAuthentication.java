package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.server.auth.AuthenticationMethod;
import io.aurora.server.auth.Authenticator;
import io.aurora.server.auth.ClientConnection;
import io.aurora.server.auth.TrustAuthenticator;
import io.aurora.sql.access.ScramCredentials;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and SCRAM-SHA-256 on the PostgreSQL endpoint, with pgjdbc, psql and raw protocol bytes
 * against a server on an ephemeral loopback port.
 */
@Timeout(120)
class TestPgWireAuthentication {
  private static final String PSQL = "/usr/bin/psql";

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;
  private Path usersFile;

  @BeforeEach
  void start() throws IOException {
    catalog = new LocalCatalog(directory.resolve("data"), StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    usersFile = directory.resolve("users.conf");
    Files.writeString(
        usersFile,
        "# test users\nalice:" + ScramCredentials.hash("pencil".toCharArray()).format() + "\n");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    engine.close();
    catalog.close();
  }

  private void startServer(PgWireConfig config) throws InterruptedException {
    server = new PgWireServer(engine, config);
    server.start("127.0.0.1", 0);
  }

  private void startServer(PgWireConfig config, Authenticator authenticator)
      throws InterruptedException {
    server = new PgWireServer(engine, config, authenticator);
    server.start("127.0.0.1", 0);
  }

  private Connection connect(String user, String password, String sslMode) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("sslmode", sslMode);
    properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora", properties);
  }

  private static int selectOne(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      return rows.getInt(1);
    }
  }

  @Test
  void rightPasswordConnects() throws Exception {
    startServer(PgWireConfig.DEFAULT.withUsersFile(usersFile));
    try (Connection connection = connect("alice", "pencil", "disable")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlike() throws Exception {
    startServer(PgWireConfig.DEFAULT.withUsersFile(usersFile));
    assertThatThrownBy(() -> connect("alice", "pencils", "disable"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
        .hasMessageContaining("password authentication failed for user \"alice\"");
    assertThatThrownBy(() -> connect("mallory", "pencil", "disable"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
        .hasMessageContaining("password authentication failed for user \"mallory\"");
    try (Connection connection = connect("alice", "pencil", "disable")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void trustModeIsUnchanged() throws Exception {
    startServer(PgWireConfig.DEFAULT);
    try (Connection connection = connect("aurora", "ignored", "disable")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    assertThatThrownBy(() -> connect("alice", "pencil", "disable"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
  }

  @Test
  void anAddressWithTooManyFailedLoginsIsRefusedUntilTheMinuteEnds() throws Exception {
    startServer(
        PgWireConfig.DEFAULT.withUsersFile(usersFile).withLoginLimits(Duration.ofSeconds(60), 3));
    try (Connection connection = connect("alice", "pencil", "disable")) {
      assertThat(selectOne(connection)).as("a success clears nothing yet counted").isEqualTo(1);
    }
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> connect("alice", "guess", "disable"))
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }
    assertThatThrownBy(() -> connect("alice", "pencil", "disable"))
        .as("even the right password, from this address")
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
        .hasMessageContaining("Too many failed logins");
  }

  @Test
  void aConnectionThatDoesNotLogInInTimeIsClosed() throws Exception {
    startServer(PgWireConfig.DEFAULT.withLoginLimits(Duration.ofSeconds(2), 10));
    try (Socket silent = new Socket("127.0.0.1", server.port())) {
      silent.setSoTimeout(30_000);
      assertThat(silent.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    }
    try (Connection connection = connect("aurora", "", "disable")) {
      assertThat(selectOne(connection)).as("a prompt client is unaffected").isEqualTo(1);
      Thread.sleep(2_500);
      assertThat(selectOne(connection)).as("nor after the timeout").isEqualTo(1);
    }
  }

  @Test
  void tlsEncryptsTheConnection() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    RecordingAuthenticator recording = new RecordingAuthenticator();
    startServer(
        PgWireConfig.DEFAULT.withTls(certificate.certFile(), certificate.keyFile(), false),
        recording);
    try (Connection connection = connect("aurora", "", "require")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    try (Connection connection = connect("aurora", "", "disable")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
    assertThat(recording.connections)
        .extracting(ClientConnection::isEncrypted)
        .containsExactly(true, false);
  }

  @Test
  void tlsAndScramTogether() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    startServer(
        PgWireConfig.DEFAULT
            .withTls(certificate.certFile(), certificate.keyFile(), true)
            .withUsersFile(usersFile));
    try (Connection connection = connect("alice", "pencil", "require")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void requiredTlsRefusesPlainText() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    startServer(PgWireConfig.DEFAULT.withTls(certificate.certFile(), certificate.keyFile(), true));
    assertThatThrownBy(() -> connect("aurora", "", "disable"))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"))
        .hasMessageContaining("TLS is required");
    try (Connection connection = connect("aurora", "", "require")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  @Test
  void badCertificateFailsAtStart() throws IOException {
    Path cert = Files.writeString(directory.resolve("bad.crt"), "not a certificate\n");
    Path key = Files.writeString(directory.resolve("bad.key"), "not a key\n");
    assertThatThrownBy(
            () -> new PgWireServer(engine, PgWireConfig.DEFAULT.withTls(cert, key, false)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("pgwire.tls.cert-file")
        .hasMessageContaining(cert.toString());
  }

  @Test
  void keyOfAnotherCertificateFailsAtStart() throws IOException {
    SelfSignedCertificate one =
        SelfSignedCertificate.create(Files.createDirectory(directory.resolve("one")));
    SelfSignedCertificate two =
        SelfSignedCertificate.create(Files.createDirectory(directory.resolve("two")));
    assertThatThrownBy(
            () ->
                new PgWireServer(
                    engine, PgWireConfig.DEFAULT.withTls(one.certFile(), two.keyFile(), false)))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void psqlConnectsWithPasswordOverTls() throws Exception {
    boolean isRequired = "1".equals(System.getenv("AURORA_REQUIRE_CLIENTS"));
    if (!isRequired) {
      Assumptions.assumeTrue(Files.isExecutable(Path.of(PSQL)), "psql is not installed");
    }
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    startServer(
        PgWireConfig.DEFAULT
            .withTls(certificate.certFile(), certificate.keyFile(), true)
            .withUsersFile(usersFile));
    ProcessBuilder builder =
        new ProcessBuilder(
                PSQL,
                "host=127.0.0.1 port="
                    + server.port()
                    + " dbname=aurora user=alice sslmode=require",
                "-X",
                "-tA",
                "-c",
                "SELECT 1")
            .redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", "pencil");
    builder.environment().put("PGCONNECT_TIMEOUT", "30");
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("1");
  }

  @Test
  void gssEncryptionRequestIsDeclined() throws Exception {
    startServer(PgWireConfig.DEFAULT);
    try (RawClient client = new RawClient(server.port())) {
      client.output.writeInt(8);
      client.output.writeInt(PgMessageDecoder.GSS_ENCRYPTION_REQUEST_CODE);
      client.output.flush();
      assertThat(client.input.readByte()).isEqualTo((byte) 'N');
      client.startup("aurora");
      assertThat(client.read().type()).isEqualTo('R');
    }
  }

  @Test
  void bytesAfterAnSslRequestAreRefused() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    startServer(PgWireConfig.DEFAULT.withTls(certificate.certFile(), certificate.keyFile(), false));
    try (RawClient client = new RawClient(server.port())) {
      // An SSLRequest and, without waiting for the answer, a plain-text StartupMessage.
      client.output.writeInt(8);
      client.output.writeInt(PgMessageDecoder.SSL_REQUEST_CODE);
      client.startup("aurora");
      client.assertFatal("08P01");
    }
  }

  @Test
  void malformedSaslMessagesCloseOnlyTheirConnection() throws Exception {
    startServer(PgWireConfig.DEFAULT.withUsersFile(usersFile));
    byte[] clientFirst = "n,,n=,r=abcdef".getBytes(StandardCharsets.US_ASCII);
    List<byte[]> badInitialResponses =
        List.of(
            // No mechanism terminator.
            "SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII),
            // A mechanism that was not offered.
            RawClient.concat(RawClient.string("SCRAM-SHA-256-PLUS"), RawClient.int32(0)),
            // A length that does not match the bytes that follow.
            RawClient.concat(RawClient.string("SCRAM-SHA-256"), RawClient.int32(99), clientFirst),
            // Not a SCRAM client-first-message.
            RawClient.concat(
                RawClient.string("SCRAM-SHA-256"),
                RawClient.int32(4),
                new byte[] {(byte) 0xFF, 0, 1, 2}));
    for (byte[] body : badInitialResponses) {
      try (RawClient client = new RawClient(server.port())) {
        client.startup("alice");
        assertThat(client.read().type()).isEqualTo('R');
        client.send('p', body);
        client.assertFatal("08P01");
      }
    }
    try (RawClient client = new RawClient(server.port())) {
      client.startup("alice");
      assertThat(client.read().type()).isEqualTo('R');
      client.send(
          'p',
          RawClient.concat(
              RawClient.string("SCRAM-SHA-256"), RawClient.int32(clientFirst.length), clientFirst));
      RawClient.Message challenge = client.read();
      assertThat(challenge.type()).isEqualTo('R');
      assertThat(ByteBuffer.wrap(challenge.body()).getInt()).isEqualTo(11);
      client.send('p', "c=biws,r=wrong,p=AAAA".getBytes(StandardCharsets.US_ASCII));
      client.assertFatal("08P01");
    }
    try (RawClient client = new RawClient(server.port())) {
      client.startup("alice");
      assertThat(client.read().type()).isEqualTo('R');
      // A query instead of the SASL response.
      client.send('Q', RawClient.string("SELECT 1"));
      client.assertFatal("08P01");
    }
    try (Connection connection = connect("alice", "pencil", "disable")) {
      assertThat(selectOne(connection)).isEqualTo(1);
    }
  }

  /** Admits everyone as trust would and remembers what it was asked. */
  private static final class RecordingAuthenticator implements Authenticator {
    private final TrustAuthenticator trust = new TrustAuthenticator("aurora");
    private final List<ClientConnection> connections = new CopyOnWriteArrayList<>();

    @Override
    public AuthenticationMethod select(ClientConnection connection) {
      connections.add(connection);
      return trust.select(connection);
    }
  }

  /** Just enough of a frontend to send startup and SASL messages byte by byte. */
  private static final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream input;
    private final DataOutputStream output;

    record Message(char type, byte[] body) {}

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      input = new DataInputStream(socket.getInputStream());
      // Buffered: each message (or messages written together) reaches the server in one write, so
      // bytes sent right after an SSLRequest arrive with it, as the test of that case needs.
      output = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    void startup(String user) throws IOException {
      byte[] body =
          concat(string("user"), string(user), string("database"), string("aurora"), new byte[1]);
      output.writeInt(8 + body.length);
      output.writeInt(FrontendMessage.PROTOCOL_3_0);
      output.write(body);
      output.flush();
    }

    void send(char type, byte[] body) throws IOException {
      output.writeByte(type);
      output.writeInt(body.length + 4);
      output.write(body);
      output.flush();
    }

    Message read() throws IOException {
      int type = input.readUnsignedByte();
      byte[] body = new byte[input.readInt() - 4];
      input.readFully(body);
      return new Message((char) type, body);
    }

    /** Reads a FATAL ErrorResponse with {@code sqlState} and then the end of the stream. */
    void assertFatal(String sqlState) throws IOException {
      Message error = read();
      assertThat(error.type()).isEqualTo('E');
      Map<Character, String> fields = new HashMap<>();
      ByteBuffer buffer = ByteBuffer.wrap(error.body());
      for (byte code = buffer.get(); code != 0; code = buffer.get()) {
        List<Byte> value = new ArrayList<>();
        for (byte b = buffer.get(); b != 0; b = buffer.get()) {
          value.add(b);
        }
        byte[] bytes = new byte[value.size()];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = value.get(i);
        }
        fields.put((char) code, new String(bytes, StandardCharsets.UTF_8));
      }
      assertThat(fields).containsEntry('C', sqlState).containsEntry('S', "FATAL");
      assertThat(input.read()).isEqualTo(-1);
    }

    static byte[] string(String value) {
      return concat(value.getBytes(StandardCharsets.UTF_8), new byte[1]);
    }

    static byte[] int32(int value) {
      return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        out.writeBytes(part);
      }
      return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
