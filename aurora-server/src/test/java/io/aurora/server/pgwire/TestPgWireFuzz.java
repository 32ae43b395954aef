package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends 10,000 connections' worth of malformed protocol input (random bytes, wrong and huge
 * declared lengths, messages out of order, truncated streams, mutated valid messages) to a real
 * server, each on a fresh connection, then checks that the server never hung on a connection,
 * answered the recognisable violations with the right SQLSTATE, keeps its heap bounded, and still
 * answers a normal client correctly. Deterministic: every case derives from its index and a fixed
 * seed, so a failure names the case that reproduces it.
 */
@Timeout(300)
class TestPgWireFuzz {
  private static final long SEED = 0x5EED_F022L;
  private static final int CONNECTIONS = 10_000;
  private static final int THREADS = 4;
  private static final String FRONTEND_TYPES = "BCcdDEfFHPpQSX";

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
  void serverSurvivesMalformedInputOnFreshConnections() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE events (id BIGINT NOT NULL, name VARCHAR)");
      statement.execute("INSERT INTO events VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    }
    long heapBefore = usedHeapAfterGc();

    Map<Kind, AtomicInteger> messages = new EnumMap<>(Kind.class);
    Map<Kind, AtomicInteger> errors = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      messages.put(kind, new AtomicInteger());
      errors.put(kind, new AtomicInteger());
    }
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < THREADS; thread++) {
        int first = thread;
        futures.add(
            executor.submit(
                () -> {
                  for (int index = first; index < CONNECTIONS; index += THREADS) {
                    Kind kind = Kind.values()[index % Kind.values().length];
                    Case fuzzCase = generate(kind, new Random(SEED + index));
                    try {
                      Response response = exchange(fuzzCase);
                      messages.get(kind).addAndGet(fuzzCase.malformedMessages());
                      if (response.errorCode() != null) {
                        errors.get(kind).incrementAndGet();
                      }
                      String problem = check(kind, fuzzCase, response);
                      if (problem != null) {
                        failures.add("case[" + index + "] " + kind + ": " + problem);
                      }
                    } catch (IOException e) {
                      failures.add("case[" + index + "] " + kind + ": " + e);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(failures).isEmpty();
    int total = messages.values().stream().mapToInt(AtomicInteger::get).sum();
    assertThat(total).isGreaterThanOrEqualTo(CONNECTIONS);
    // Every class of input that PostgreSQL answers with an error was answered with one.
    assertThat(errors.get(Kind.HUGE_LENGTH).get()).isEqualTo(connectionsOf(Kind.HUGE_LENGTH));
    assertThat(errors.get(Kind.OUT_OF_ORDER).get()).isEqualTo(connectionsOf(Kind.OUT_OF_ORDER));
    assertThat(errors.get(Kind.UNKNOWN_TYPE).get()).isEqualTo(connectionsOf(Kind.UNKNOWN_TYPE));

    // A normal client still gets correct answers, through both query protocols.
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*), sum(id) FROM events WHERE id >= ?")) {
      statement.setLong(1, 2);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).isTrue();
        assertThat(result.getLong(1)).isEqualTo(2);
        assertThat(result.getLong(2)).isEqualTo(5);
      }
    }
    // Sessions of the fuzzed connections are gone; what they allocated was released.
    long heapAfter = usedHeapAfterGc();
    assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
  }

  private static int connectionsOf(Kind kind) {
    int count = 0;
    for (int index = 0; index < CONNECTIONS; index++) {
      if (index % Kind.values().length == kind.ordinal()) {
        count++;
      }
    }
    return count;
  }

  /** What each kind of input must get back; null when the response is acceptable. */
  private static String check(Kind kind, Case fuzzCase, Response response) {
    if (response.isTimedOut()) {
      return "the server neither answered nor closed the connection";
    }
    return switch (kind) {
      case HUGE_LENGTH, UNKNOWN_TYPE ->
          "08P01".equals(response.errorCode())
              ? null
              : "expected SQLSTATE 08P01, got " + response.errorCode();
      case OUT_OF_ORDER ->
          response.errorCode() != null ? null : "expected an error, got " + response.types();
      default -> null;
    };
  }

  private enum Kind {
    RANDOM_PRELUDE,
    RANDOM_AFTER_STARTUP,
    WRONG_LENGTH,
    HUGE_LENGTH,
    UNKNOWN_TYPE,
    OUT_OF_ORDER,
    TRUNCATED,
    MUTATED
  }

  /**
   * One connection's input. A framed case ends with Terminate, so the server reads every message in
   * order before it closes; an unframed one (its lengths may be wrong) ends with a half-close.
   */
  private record Case(byte[] bytes, int malformedMessages, boolean isFramed) {
    Case(byte[] bytes, int malformedMessages) {
      this(bytes, malformedMessages, false);
    }

    static Case framed(ByteArrayOutputStream out, int malformedMessages) {
      out.writeBytes(message('X', new byte[0]));
      return new Case(out.toByteArray(), malformedMessages, true);
    }
  }

  private static Case generate(Kind kind, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    return switch (kind) {
      case RANDOM_PRELUDE -> {
        out.writeBytes(randomBytes(random, 1 + random.nextInt(64)));
        yield new Case(out.toByteArray(), 1);
      }
      case RANDOM_AFTER_STARTUP -> {
        out.writeBytes(startup());
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
          char type = FRONTEND_TYPES.charAt(random.nextInt(FRONTEND_TYPES.length()));
          out.writeBytes(message(type, randomBytes(random, random.nextInt(40))));
        }
        yield Case.framed(out, count);
      }
      case WRONG_LENGTH -> {
        out.writeBytes(startup());
        byte[] body = validBodies()[random.nextInt(validBodies().length)];
        char type = body == QUERY_BODY ? 'Q' : 'P';
        int[] lengths = {
          0, 1, 3, -1, Integer.MIN_VALUE, body.length, body.length + 4 + 1 + random.nextInt(100)
        };
        out.write(type);
        out.writeBytes(intBytes(lengths[random.nextInt(lengths.length)]));
        out.writeBytes(body);
        yield new Case(out.toByteArray(), 1);
      }
      case HUGE_LENGTH -> {
        out.writeBytes(startup());
        int[] lengths = {PgMessageDecoder.MAX_MESSAGE_BYTES + 1, Integer.MAX_VALUE, 1 << 30};
        out.write(FRONTEND_TYPES.charAt(random.nextInt(FRONTEND_TYPES.length())));
        out.writeBytes(intBytes(lengths[random.nextInt(lengths.length)]));
        out.writeBytes(randomBytes(random, random.nextInt(32)));
        yield new Case(out.toByteArray(), 1);
      }
      case UNKNOWN_TYPE -> {
        out.writeBytes(startup());
        char type;
        do {
          type = (char) random.nextInt(256);
        } while (FRONTEND_TYPES.indexOf(type) >= 0);
        out.writeBytes(message(type, randomBytes(random, random.nextInt(16))));
        yield Case.framed(out, 1);
      }
      case OUT_OF_ORDER -> {
        out.writeBytes(startup());
        byte[][] errors = {
          message('E', concat(cString(""), intBytes(0))),
          message('B', concat(cString(""), cString("missing"), shortBytes(0), shortBytes(0))),
          message('D', concat(new byte[] {'P'}, cString("missing"))),
          message('D', concat(new byte[] {'S'}, cString("missing"))),
          message('p', cString("password"))
        };
        // Outside COPY, PostgreSQL ignores these: a failed COPY leaves a client still sending.
        byte[][] ignored = {
          message('d', "1,2\n".getBytes(StandardCharsets.UTF_8)),
          message('c', new byte[0]),
          message('f', cString("not copying"))
        };
        byte[] parse = message('P', concat(cString("s1"), cString("SELECT 1"), shortBytes(0)));
        out.writeBytes(errors[random.nextInt(errors.length)]);
        int count = 1 + random.nextInt(3);
        for (int i = 1; i < count; i++) {
          out.writeBytes(
              random.nextBoolean()
                  ? errors[random.nextInt(errors.length)]
                  : ignored[random.nextInt(ignored.length)]);
        }
        if (random.nextBoolean()) {
          // A second Parse of the same named statement is an error too (42P05).
          out.writeBytes(parse);
          out.writeBytes(parse);
          count++;
        }
        out.writeBytes(message('S', new byte[0]));
        yield Case.framed(out, count);
      }
      case TRUNCATED -> {
        out.writeBytes(startup());
        byte[] whole = concat(message('Q', QUERY_BODY), extendedQuery());
        out.write(whole, 0, 1 + random.nextInt(whole.length - 1));
        yield new Case(out.toByteArray(), 1);
      }
      case MUTATED -> {
        out.writeBytes(startup());
        byte[] messages = extendedQuery();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
          // Keep the first type byte so the mutation lands inside the protocol, not before it.
          int position = 1 + random.nextInt(messages.length - 1);
          messages[position] = (byte) random.nextInt(256);
        }
        out.writeBytes(messages);
        yield new Case(out.toByteArray(), 1);
      }
    };
  }

  private static final byte[] QUERY_BODY = cString("SELECT id, name FROM events ORDER BY id");

  private static byte[][] validBodies() {
    return new byte[][] {
      QUERY_BODY,
      concat(cString(""), cString("SELECT id FROM events WHERE id = $1"), shortBytes(0)),
    };
  }

  /** Parse, Bind (one text parameter), Describe, Execute, Sync: a valid extended query. */
  private static byte[] extendedQuery() {
    byte[] parameter = "2".getBytes(StandardCharsets.UTF_8);
    return concat(
        message(
            'P',
            concat(
                cString("fuzz"),
                cString("SELECT name FROM events WHERE id = $1"),
                shortBytes(1),
                intBytes(20))),
        message(
            'B',
            concat(
                cString(""),
                cString("fuzz"),
                shortBytes(0),
                shortBytes(1),
                intBytes(parameter.length),
                parameter,
                shortBytes(0))),
        message('D', concat(new byte[] {'P'}, cString(""))),
        message('E', concat(cString(""), intBytes(0))),
        message('S', new byte[0]));
  }

  /**
   * Writes the input and reads until the server closes the connection. The server must close within
   * the socket timeout: after Terminate or the end of the stream, nothing else can come.
   */
  private Response exchange(Case fuzzCase) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(20_000);
      try {
        OutputStream output = socket.getOutputStream();
        output.write(fuzzCase.bytes());
        output.flush();
        if (!fuzzCase.isFramed()) {
          socket.shutdownOutput();
        }
      } catch (IOException e) {
        // The server may close the connection before it has read everything; that is fine.
      }
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        int read;
        while ((read = in.read(buffer)) >= 0) {
          received.write(buffer, 0, read);
        }
      } catch (SocketTimeoutException e) {
        return new Response(received.toByteArray(), true);
      } catch (IOException e) {
        // Connection reset after the server closed: what arrived before is the response.
      }
      return new Response(received.toByteArray(), false);
    }
  }

  /** The backend's bytes: 'N'/'S' answers to SSL requests are not expected here. */
  private record Response(byte[] bytes, boolean isTimedOut) {
    /** The SQLSTATE of the first ErrorResponse, or null. */
    String errorCode() {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.remaining() >= 5) {
        char type = (char) buffer.get();
        int length = buffer.getInt();
        if (length < 4 || length - 4 > buffer.remaining()) {
          return null;
        }
        int end = buffer.position() + length - 4;
        if (type == 'E') {
          while (buffer.position() < end) {
            byte field = buffer.get();
            if (field == 0) {
              break;
            }
            String value = readCString(buffer);
            if (field == 'C') {
              return value;
            }
          }
        }
        buffer.position(end);
      }
      return null;
    }

    String types() {
      StringBuilder types = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.remaining() >= 5) {
        types.append((char) buffer.get());
        int length = buffer.getInt();
        if (length < 4 || length - 4 > buffer.remaining()) {
          break;
        }
        buffer.position(buffer.position() + length - 4);
      }
      return types.toString();
    }
  }

  private static String readCString(ByteBuffer buffer) {
    int start = buffer.position();
    while (buffer.hasRemaining() && buffer.get() != 0) {
      // Scan to the terminating NUL.
    }
    return new String(buffer.array(), start, buffer.position() - start - 1, StandardCharsets.UTF_8);
  }

  private static byte[] startup() {
    byte[] body =
        concat(
            intBytes(FrontendMessage.PROTOCOL_3_0),
            cString("user"),
            cString("aurora"),
            cString("database"),
            cString("aurora"),
            new byte[1]);
    return concat(intBytes(body.length + 4), body);
  }

  private static byte[] message(char type, byte[] body) {
    return concat(new byte[] {(byte) type}, intBytes(body.length + 4), body);
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] cString(String value) {
    return concat(value.getBytes(StandardCharsets.UTF_8), new byte[1]);
  }

  private static byte[] intBytes(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  private static byte[] shortBytes(int value) {
    return ByteBuffer.allocate(2).putShort((short) value).array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora?user=aurora");
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
