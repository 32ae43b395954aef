package io.aurora.server.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the frontend's byte stream into {@link PgFrame}s. Before the session starts, messages have
 * no type byte ({@code int32 length, int32 code, ...}); after the StartupMessage every message is
 * {@code byte type, int32 length, body}. Lengths are checked before anything is allocated: a
 * startup packet may be at most {@value #MAX_STARTUP_BYTES} bytes (PostgreSQL's own limit) and any
 * other message at most {@link #MAX_MESSAGE_BYTES}. A bad length or an unknown type raises {@link
 * PgProtocolException}; the decoder then drops all further input, as the connection is closed.
 */
final class PgMessageDecoder extends ByteToMessageDecoder {
  static final int MAX_STARTUP_BYTES = 10_000;
  static final int MAX_MESSAGE_BYTES = 64 << 20;
  static final int SSL_REQUEST_CODE = 80_877_103;
  static final int GSS_ENCRYPTION_REQUEST_CODE = 80_877_104;

  /** Bind, Close, CopyData, CopyDone, Describe, Execute, CopyFail, Flush, ... (protocol 3.0). */
  private static final String FRONTEND_TYPES = "BCcdDEfFHPpQSX";

  private boolean isStartupPhase = true;
  private boolean isFailed;

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> out) {
    if (isFailed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      if (isStartupPhase) {
        decodeStartup(in, out);
      } else {
        decodeMessage(in, out);
      }
    } catch (PgProtocolException e) {
      isFailed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodeStartup(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 8 || length > MAX_STARTUP_BYTES) {
      throw new PgProtocolException("Startup packet length[" + length + "] is invalid");
    }
    if (in.readableBytes() < length) {
      return;
    }
    in.skipBytes(4);
    int code = in.getInt(in.readerIndex());
    byte[] body = new byte[length - 4];
    in.readBytes(body);
    // Only SSL and GSS encryption requests are followed by another startup-phase packet.
    if (code != SSL_REQUEST_CODE && code != GSS_ENCRYPTION_REQUEST_CODE) {
      isStartupPhase = false;
    } else if (in.isReadable()) {
      // The client must wait for the one-byte answer. Bytes sent before it would be taken as if
      // they came through TLS (CVE-2021-23214 in PostgreSQL), so they end the connection.
      throw new PgProtocolException("Received unencrypted data after an encryption request");
    }
    out.add(new PgFrame(PgFrame.STARTUP, body));
  }

  private static void decodeMessage(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 1) {
      return;
    }
    int start = in.readerIndex();
    char type = (char) (in.getByte(start) & 0xFF);
    if (FRONTEND_TYPES.indexOf(type) < 0) {
      throw new PgProtocolException("Message type[" + printable(type) + "] is unknown");
    }
    if (in.readableBytes() < 5) {
      return;
    }
    int length = in.getInt(start + 1);
    if (length < 4 || length > MAX_MESSAGE_BYTES) {
      throw new PgProtocolException(
          "Message length[" + length + "] of type[" + type + "] is invalid");
    }
    if (in.readableBytes() < length + 1) {
      return;
    }
    in.skipBytes(5);
    byte[] body = new byte[length - 4];
    in.readBytes(body);
    out.add(new PgFrame(type, body));
  }

  private static String printable(char type) {
    return type >= 0x20 && type < 0x7F ? String.valueOf(type) : "0x" + Integer.toHexString(type);
  }
}
