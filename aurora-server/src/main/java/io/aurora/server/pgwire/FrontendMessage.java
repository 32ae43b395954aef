package io.aurora.server.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The frontend messages the server understands, parsed from {@link PgFrame}s on the event loop so
 * that sessions work on plain values. A body that ends early or has bytes left over raises {@link
 * PgProtocolException}.
 */
sealed interface FrontendMessage {
  int PROTOCOL_3_0 = 196_608;
  int CANCEL_REQUEST_CODE = 80_877_102;

  /** StartupMessage: the protocol version and the parameters (user, database, options, ...). */
  record Startup(int protocol, Map<String, String> parameters) implements FrontendMessage {}

  /** SSLRequest: answered 'S' and a TLS handshake when a certificate is configured, else 'N'. */
  record SslRequest() implements FrontendMessage {}

  /** GSSENCRequest: always declined with 'N', as the server has no GSSAPI. */
  record GssEncryptionRequest() implements FrontendMessage {}

  record CancelRequest(int processId, int secretKey) implements FrontendMessage {}

  record Query(String sql) implements FrontendMessage {}

  record Parse(String statement, String sql, int[] parameterTypes) implements FrontendMessage {}

  /** Bind: values are null for SQL NULL; formats and result formats are 0 (text) or 1 (binary). */
  record Bind(
      String portal,
      String statement,
      short[] parameterFormats,
      List<byte @Nullable []> values,
      short[] resultFormats)
      implements FrontendMessage {}

  /** Describe or Close: {@code kind} is 'S' (statement) or 'P' (portal). */
  record Describe(char kind, String name) implements FrontendMessage {}

  record Close(char kind, String name) implements FrontendMessage {}

  record Execute(String portal, int maxRows) implements FrontendMessage {}

  record Sync() implements FrontendMessage {}

  record Flush() implements FrontendMessage {}

  record Terminate() implements FrontendMessage {}

  /** CopyData: a chunk of the COPY FROM STDIN stream, cut anywhere the client likes. */
  record CopyData(byte[] data) implements FrontendMessage {}

  record CopyDone() implements FrontendMessage {}

  /** CopyFail: the client aborts a COPY FROM STDIN, giving its reason. */
  record CopyFail(String message) implements FrontendMessage {}

  /** A message the server does not implement (function calls): answered with 0A000. */
  record Unsupported(char type) implements FrontendMessage {}

  static FrontendMessage parse(PgFrame frame) {
    ByteBuf in = Unpooled.wrappedBuffer(frame.body());
    try {
      FrontendMessage message = parse(frame.type(), in);
      if (in.isReadable()) {
        throw new PgProtocolException(
            "Message of type[" + describe(frame.type()) + "] has trailing bytes");
      }
      return message;
    } catch (IndexOutOfBoundsException e) {
      throw new PgProtocolException("Message of type[" + describe(frame.type()) + "] is truncated");
    }
  }

  private static FrontendMessage parse(char type, ByteBuf in) {
    return switch (type) {
      case PgFrame.STARTUP -> parseStartup(in);
      case 'Q' -> new Query(readString(in));
      case 'P' -> parseParse(in);
      case 'B' -> parseBind(in);
      case 'D' -> new Describe(readKind(in), readString(in));
      case 'C' -> new Close(readKind(in), readString(in));
      case 'E' -> new Execute(readString(in), in.readInt());
      case 'S' -> new Sync();
      case 'H' -> new Flush();
      case 'X' -> new Terminate();
      case 'd' -> {
        byte[] data = new byte[in.readableBytes()];
        in.readBytes(data);
        yield new CopyData(data);
      }
      case 'c' -> new CopyDone();
      case 'f' -> new CopyFail(readString(in));
      default -> {
        in.skipBytes(in.readableBytes());
        yield new Unsupported(type);
      }
    };
  }

  private static FrontendMessage parseStartup(ByteBuf in) {
    int code = in.readInt();
    if (code == PgMessageDecoder.SSL_REQUEST_CODE) {
      return new SslRequest();
    }
    if (code == PgMessageDecoder.GSS_ENCRYPTION_REQUEST_CODE) {
      return new GssEncryptionRequest();
    }
    if (code == CANCEL_REQUEST_CODE) {
      return new CancelRequest(in.readInt(), in.readInt());
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    while (true) {
      String name = readString(in);
      if (name.isEmpty()) {
        break;
      }
      parameters.put(name, readString(in));
    }
    return new Startup(code, parameters);
  }

  private static FrontendMessage parseParse(ByteBuf in) {
    String statement = readString(in);
    String sql = readString(in);
    int count = in.readUnsignedShort();
    int[] types = new int[count];
    for (int i = 0; i < count; i++) {
      types[i] = in.readInt();
    }
    return new Parse(statement, sql, types);
  }

  private static FrontendMessage parseBind(ByteBuf in) {
    String portal = readString(in);
    String statement = readString(in);
    short[] formats = readShorts(in);
    int count = in.readUnsignedShort();
    List<byte @Nullable []> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = in.readInt();
      if (length < -1 || length > in.readableBytes()) {
        throw new PgProtocolException("Bind parameter length[" + length + "] is invalid");
      }
      if (length == -1) {
        values.add(null);
      } else {
        byte[] value = new byte[length];
        in.readBytes(value);
        values.add(value);
      }
    }
    return new Bind(portal, statement, formats, values, readShorts(in));
  }

  private static short[] readShorts(ByteBuf in) {
    int count = in.readUnsignedShort();
    short[] values = new short[count];
    for (int i = 0; i < count; i++) {
      values[i] = in.readShort();
      if (values[i] != 0 && values[i] != 1) {
        throw new PgProtocolException("Format code[" + values[i] + "] is invalid");
      }
    }
    return values;
  }

  private static char readKind(ByteBuf in) {
    char kind = (char) in.readByte();
    if (kind != 'S' && kind != 'P') {
      throw new PgProtocolException("Describe or Close kind[" + kind + "] is invalid");
    }
    return kind;
  }

  /** A NUL-terminated UTF-8 string. */
  private static String readString(ByteBuf in) {
    int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
    if (end < 0) {
      throw new PgProtocolException("String is not terminated");
    }
    String value = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
    in.readerIndex(end + 1);
    return value;
  }

  private static String describe(char type) {
    return type == PgFrame.STARTUP ? "startup" : String.valueOf(type);
  }
}
