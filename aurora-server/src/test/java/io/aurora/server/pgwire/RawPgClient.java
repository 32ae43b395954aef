package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A frontend written by hand for protocol tests, and the backend messages it reads. */
final class RawPgClient {
  private RawPgClient() {}

  /** One backend message. */
  record Message(char type, byte[] body) {
    /** The fields of an ErrorResponse or NoticeResponse by their code. */
    Map<Character, String> fields() {
      Map<Character, String> fields = new HashMap<>();
      ByteBuffer buffer = ByteBuffer.wrap(body);
      while (true) {
        byte code = buffer.get();
        if (code == 0) {
          return fields;
        }
        fields.put((char) code, RawClient.readString(buffer));
      }
    }
  }

  /** A frontend written by hand: just enough encoding to drive the server byte by byte. */
  static final class RawClient implements AutoCloseable {
    private final Socket socket;
    final DataInputStream input;
    final DataOutputStream output;
    int processId;
    int secretKey;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(30_000);
      // Messages go out in several small writes: without this, Nagle's algorithm and the server's
      // delayed ACK hold each one back for tens of milliseconds.
      socket.setTcpNoDelay(true);
      input = new DataInputStream(socket.getInputStream());
      output = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a StartupMessage and reads up to ReadyForQuery; returns the ParameterStatus values. */
    Map<String, String> startup() throws IOException {
      byte[] body =
          concat(
              string("user"), string("aurora"), string("database"), string("aurora"), new byte[1]);
      writeInt(8 + body.length);
      writeInt(FrontendMessage.PROTOCOL_3_0);
      output.write(body);
      flush();
      Map<String, String> parameters = new HashMap<>();
      Message authentication = read();
      assertThat(authentication.type).isEqualTo('R');
      while (true) {
        Message message = read();
        if (message.type == 'S') {
          ByteBuffer buffer = ByteBuffer.wrap(message.body);
          parameters.put(readString(buffer), readString(buffer));
        } else if (message.type == 'Z') {
          return parameters;
        } else {
          assertThat(message.type).isEqualTo('K');
          ByteBuffer key = ByteBuffer.wrap(message.body);
          processId = key.getInt();
          secretKey = key.getInt();
        }
      }
    }

    void send(char type, byte[] body) throws IOException {
      output.writeByte(type);
      writeInt(body.length + 4);
      output.write(body);
      flush();
    }

    void writeInt(int value) throws IOException {
      output.writeInt(value);
    }

    void flush() throws IOException {
      output.flush();
    }

    Message read() throws IOException {
      int type = input.read();
      if (type < 0) {
        throw new EOFException("connection closed");
      }
      int length = input.readInt();
      byte[] body = new byte[length - 4];
      input.readFully(body);
      return new Message((char) type, body);
    }

    static byte[] string(String value) {
      return concat(value.getBytes(StandardCharsets.UTF_8), new byte[1]);
    }

    static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        out.writeBytes(part);
      }
      return out.toByteArray();
    }

    static String readString(ByteBuffer buffer) {
      int start = buffer.position();
      while (buffer.get() != 0) {
        // Scan to the terminating NUL.
      }
      return new String(
          buffer.array(), start, buffer.position() - start - 1, StandardCharsets.UTF_8);
    }

    static void skipString(ByteBuffer buffer) {
      readString(buffer);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
