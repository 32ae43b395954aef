package io.aurora.server.pgwire;

import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encoders of the backend messages: each returns a new buffer holding one complete message (type
 * byte, length, body), which the caller writes to the channel and so hands over.
 */
final class BackendMessages {
  static final short TEXT = 0;
  static final short BINARY = 1;

  private BackendMessages() {}

  static ByteBuf authenticationOk(ByteBufAllocator allocator) {
    ByteBuf out = start(allocator, 'R');
    out.writeInt(0);
    return finish(out);
  }

  /** AuthenticationSASL: the SASL mechanisms the client may choose from, in order of preference. */
  static ByteBuf authenticationSasl(ByteBufAllocator allocator, List<String> mechanisms) {
    ByteBuf out = start(allocator, 'R');
    out.writeInt(10);
    for (String mechanism : mechanisms) {
      writeString(out, mechanism);
    }
    out.writeByte(0);
    return finish(out);
  }

  /** AuthenticationSASLContinue with the mechanism's challenge (SCRAM's server-first-message). */
  static ByteBuf authenticationSaslContinue(ByteBufAllocator allocator, byte[] data) {
    ByteBuf out = start(allocator, 'R');
    out.writeInt(11);
    out.writeBytes(data);
    return finish(out);
  }

  /** AuthenticationSASLFinal with the mechanism's outcome (SCRAM's server-final-message). */
  static ByteBuf authenticationSaslFinal(ByteBufAllocator allocator, byte[] data) {
    ByteBuf out = start(allocator, 'R');
    out.writeInt(12);
    out.writeBytes(data);
    return finish(out);
  }

  static ByteBuf parameterStatus(ByteBufAllocator allocator, String name, String value) {
    ByteBuf out = start(allocator, 'S');
    writeString(out, name);
    writeString(out, value);
    return finish(out);
  }

  static ByteBuf backendKeyData(ByteBufAllocator allocator, int processId, int secretKey) {
    ByteBuf out = start(allocator, 'K');
    out.writeInt(processId);
    out.writeInt(secretKey);
    return finish(out);
  }

  /** NegotiateProtocolVersion: the newest 3.x minor version supported and the unknown options. */
  static ByteBuf negotiateProtocolVersion(
      ByteBufAllocator allocator, int protocol, List<String> unknownOptions) {
    ByteBuf out = start(allocator, 'v');
    out.writeInt(protocol);
    out.writeInt(unknownOptions.size());
    for (String option : unknownOptions) {
      writeString(out, option);
    }
    return finish(out);
  }

  /**
   * ReadyForQuery with the session's transaction status: 'I' idle, 'T' in a transaction block, 'E'
   * in a failed block.
   */
  static ByteBuf readyForQuery(ByteBufAllocator allocator, char status) {
    ByteBuf out = start(allocator, 'Z');
    out.writeByte(status);
    return finish(out);
  }

  /** RowDescription; {@code formats} holds the format code of each column. */
  static ByteBuf rowDescription(
      ByteBufAllocator allocator, List<String> names, List<DataType> types, short[] formats) {
    ByteBuf out = start(allocator, 'T');
    out.writeShort(names.size());
    for (int i = 0; i < names.size(); i++) {
      DataType type = types.get(i);
      writeString(out, names.get(i));
      out.writeInt(0);
      out.writeShort(0);
      out.writeInt(PgTypes.oid(type));
      out.writeShort(PgTypes.typeSize(type));
      out.writeInt(PgTypes.typeModifier(type));
      out.writeShort(formats[i]);
    }
    return finish(out);
  }

  static ByteBuf parameterDescription(ByteBufAllocator allocator, int[] types) {
    ByteBuf out = start(allocator, 't');
    out.writeShort(types.length);
    for (int type : types) {
      out.writeInt(type);
    }
    return finish(out);
  }

  /** Appends a DataRow of the values to {@code out}; null values are sent as length -1. */
  static void dataRow(ByteBuf out, List<DataType> types, Object[] values, short[] formats) {
    int start = out.writerIndex();
    out.writeByte('D');
    out.writeInt(0);
    out.writeShort(values.length);
    for (int i = 0; i < values.length; i++) {
      Object value = values[i];
      if (value == null) {
        out.writeInt(-1);
        continue;
      }
      int lengthIndex = out.writerIndex();
      out.writeInt(0);
      if (formats[i] == BINARY) {
        PgTypes.writeBinary(types.get(i), value, out);
      } else {
        out.writeCharSequence(PgTypes.toText(types.get(i), value), StandardCharsets.UTF_8);
      }
      out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }
    out.setInt(start + 1, out.writerIndex() - start - 1);
  }

  /** CopyInResponse 'G' or CopyOutResponse 'H': text format overall and for every column. */
  static ByteBuf copyResponse(ByteBufAllocator allocator, char type, int columnCount) {
    ByteBuf out = start(allocator, type);
    out.writeByte(0);
    out.writeShort(columnCount);
    for (int i = 0; i < columnCount; i++) {
      out.writeShort(TEXT);
    }
    return finish(out);
  }

  /** Appends a CopyData message holding the text to {@code out}. */
  static void copyData(ByteBuf out, String text) {
    int start = out.writerIndex();
    out.writeByte('d');
    out.writeInt(0);
    out.writeCharSequence(text, StandardCharsets.UTF_8);
    out.setInt(start + 1, out.writerIndex() - start - 1);
  }

  static ByteBuf commandComplete(ByteBufAllocator allocator, String tag) {
    ByteBuf out = start(allocator, 'C');
    writeString(out, tag);
    return finish(out);
  }

  /** ErrorResponse with severity, SQLSTATE, message and, when positive, the position. */
  static ByteBuf errorResponse(
      ByteBufAllocator allocator, String severity, String sqlState, String message, int position) {
    return errorResponse(allocator, severity, sqlState, message, null, null, position, null);
  }

  /**
   * ErrorResponse 'E' with the optional detail 'D', hint 'H', 1-based position 'P' and the server
   * routine 'R' (given only where clients rely on it).
   */
  static ByteBuf errorResponse(
      ByteBufAllocator allocator,
      String severity,
      String sqlState,
      String message,
      @Nullable String detail,
      @Nullable String hint,
      int position,
      @Nullable String routine) {
    return fields(allocator, 'E', severity, sqlState, message, detail, hint, position, routine);
  }

  /** NoticeResponse 'N': the fields of an error, for something the client should hear about. */
  static ByteBuf noticeResponse(
      ByteBufAllocator allocator, String severity, String sqlState, String message) {
    return fields(allocator, 'N', severity, sqlState, message, null, null, 0, null);
  }

  private static ByteBuf fields(
      ByteBufAllocator allocator,
      char type,
      String severity,
      String sqlState,
      String message,
      @Nullable String detail,
      @Nullable String hint,
      int position,
      @Nullable String routine) {
    ByteBuf out = start(allocator, type);
    out.writeByte('S');
    writeString(out, severity);
    out.writeByte('V');
    writeString(out, severity);
    out.writeByte('C');
    writeString(out, sqlState);
    out.writeByte('M');
    writeString(out, message);
    if (detail != null) {
      out.writeByte('D');
      writeString(out, detail);
    }
    if (hint != null) {
      out.writeByte('H');
      writeString(out, hint);
    }
    if (position > 0) {
      out.writeByte('P');
      writeString(out, Integer.toString(position));
    }
    if (routine != null) {
      out.writeByte('R');
      writeString(out, routine);
    }
    out.writeByte(0);
    return finish(out);
  }

  /** A message with an empty body: ParseComplete '1', BindComplete '2', NoData 'n', ... */
  static ByteBuf empty(ByteBufAllocator allocator, char type) {
    return finish(start(allocator, type));
  }

  static final char PARSE_COMPLETE = '1';
  static final char BIND_COMPLETE = '2';
  static final char CLOSE_COMPLETE = '3';
  static final char NO_DATA = 'n';
  static final char EMPTY_QUERY_RESPONSE = 'I';
  static final char PORTAL_SUSPENDED = 's';
  static final char COPY_IN_RESPONSE = 'G';
  static final char COPY_OUT_RESPONSE = 'H';
  static final char COPY_DONE = 'c';

  private static ByteBuf start(ByteBufAllocator allocator, char type) {
    ByteBuf out = allocator.buffer();
    out.writeByte(type);
    out.writeInt(0);
    return out;
  }

  private static ByteBuf finish(ByteBuf out) {
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  private static void writeString(ByteBuf out, String value) {
    out.writeCharSequence(value, StandardCharsets.UTF_8);
    out.writeByte(0);
  }
}
