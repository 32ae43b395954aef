package io.aurora.server.pgwire;

import static io.aurora.server.pgwire.RawPgClient.RawClient.concat;
import static io.aurora.server.pgwire.RawPgClient.RawClient.string;

import io.aurora.server.pgwire.RawPgClient.Message;
import io.aurora.server.pgwire.RawPgClient.RawClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A session over a {@link RawClient} that describes the server's replies as lines of text, so that
 * two servers (Aurora and PostgreSQL) can be compared statement by statement: {@code INSERT 0 1}
 * for a CommandComplete, {@code ERROR 22012} or {@code WARNING 25001} for an error or notice (with
 * the message for transaction states, classes 25 and 3B, whose texts Aurora copies), {@code row
 * 1|x} for a DataRow (NULL as {@code null}) and {@code status T} for ReadyForQuery.
 */
final class WireSession implements AutoCloseable {
  private final RawClient client;

  /** Connects as user {@code aurora} to database {@code aurora} and completes the startup. */
  WireSession(int port) throws IOException {
    client = new RawClient(port);
    client.startup();
  }

  /** A simple Query (one or several statements), up to ReadyForQuery. */
  List<String> query(String sql) throws IOException {
    client.send('Q', string(sql));
    return readUntilReady();
  }

  /** One statement through the extended protocol: Parse, Bind, Execute, Sync, unnamed. */
  List<String> execute(String sql) throws IOException {
    client.send('P', concat(string(""), string(sql), new byte[2]));
    client.send('B', concat(string(""), string(""), new byte[6]));
    client.send('E', concat(string(""), new byte[4]));
    client.send('S', new byte[0]);
    return readUntilReady();
  }

  /** A COPY ... FROM STDIN Query, whose rows are sent in one CopyData, then CopyDone. */
  List<String> copyIn(String sql, String data) throws IOException {
    client.send('Q', string(sql));
    Message response = client.read();
    if (response.type() != 'G') {
      List<String> lines = new ArrayList<>();
      describe(response, lines);
      lines.addAll(readUntilReady());
      return lines;
    }
    client.send('d', data.getBytes(StandardCharsets.UTF_8));
    client.send('c', new byte[0]);
    return readUntilReady();
  }

  private List<String> readUntilReady() throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      Message message = client.read();
      describe(message, lines);
      if (message.type() == 'Z') {
        return lines;
      }
    }
  }

  private static void describe(Message message, List<String> lines) {
    switch (message.type()) {
      case 'C' ->
          lines.add(
              new String(message.body(), 0, message.body().length - 1, StandardCharsets.UTF_8));
      case 'E', 'N' -> lines.add(problem(message.fields()));
      case 'D' -> lines.add("row " + dataRow(message.body()));
      case 'Z' -> lines.add("status " + (char) message.body()[0]);
      default -> {
        // ParseComplete, BindComplete, RowDescription, CopyInResponse: the same on both servers.
      }
    }
  }

  private static String problem(Map<Character, String> fields) {
    String sqlState = fields.get('C');
    String line = fields.get('S') + " " + sqlState;
    return sqlState.startsWith("25") || sqlState.startsWith("3B") || sqlState.startsWith("01")
        ? line + " " + fields.get('M')
        : line;
  }

  private static String dataRow(byte[] body) {
    ByteBuffer buffer = ByteBuffer.wrap(body);
    int columns = buffer.getShort();
    List<String> values = new ArrayList<>(columns);
    for (int i = 0; i < columns; i++) {
      int length = buffer.getInt();
      if (length < 0) {
        values.add("null");
      } else {
        values.add(new String(body, buffer.position(), length, StandardCharsets.UTF_8));
        buffer.position(buffer.position() + length);
      }
    }
    return String.join("|", values);
  }

  @Override
  public void close() throws IOException {
    client.send('X', new byte[0]);
    client.close();
  }
}
