package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection state machine: the startup phase runs here, on the event loop; after it, every
 * message is parsed and handed to the connection's {@link PgSession}. A protocol violation is
 * answered with ErrorResponse 08P01 and the connection is closed; nothing a client sends can fail
 * another connection.
 *
 * <pre>
 *   STARTUP ── SSLRequest / GSSENCRequest ──▶ 'N', stay in STARTUP
 *      │    ── CancelRequest ──▶ cancel that backend's statement, close
 *      │    ── StartupMessage (bad user 28000 / database 3D000) ──▶ FATAL ErrorResponse, close
 *      ▼
 *   SESSION (messages run in order on the session executor)
 * </pre>
 */
final class PgConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PgConnectionHandler.class);

  private final PgWireServer server;
  private final int connectionId;
  private @Nullable PgSession session;

  PgConnectionHandler(PgWireServer server, int connectionId) {
    this.server = requireNonNull(server, "server is null");
    this.connectionId = connectionId;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    LOG.debug("Connection[{}] opened", connectionId);
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    LOG.debug("Connection[{}] closed", connectionId);
    PgSession current = session;
    if (current != null) {
      server.unregister(current);
      current.close();
    }
    context.fireChannelInactive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    PgSession current = session;
    if (current != null) {
      current.onWritabilityChanged();
    }
    context.fireChannelWritabilityChanged();
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    FrontendMessage parsed = FrontendMessage.parse((PgFrame) message);
    PgSession current = session;
    if (current != null) {
      current.submit(parsed);
      return;
    }
    if (parsed instanceof FrontendMessage.EncryptionRequest) {
      context.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
    } else if (parsed instanceof FrontendMessage.CancelRequest cancel) {
      server.cancel(cancel.processId(), cancel.secretKey());
      context.close();
    } else if (parsed instanceof FrontendMessage.Startup startup) {
      startup(context, startup);
    } else {
      throw new PgProtocolException("Expected a startup message");
    }
  }

  private void startup(ChannelHandlerContext context, FrontendMessage.Startup startup) {
    if (startup.protocol() >>> 16 != 3) {
      fatal(
          context,
          "0A000",
          "Protocol version[" + (startup.protocol() >>> 16) + "] is not supported");
      return;
    }
    Map<String, String> parameters = startup.parameters();
    String user = parameters.get("user");
    if (user == null || user.isEmpty()) {
      fatal(context, "28000", "No user name was given in the startup packet");
      return;
    }
    if (!user.equals(server.config().user())) {
      LOG.info("Connection[{}] rejected: unknown user", connectionId);
      fatal(context, "28000", "Role[" + user + "] does not exist");
      return;
    }
    String database = parameters.getOrDefault("database", user);
    if (!database.equals(server.config().database())) {
      LOG.info("Connection[{}] rejected: unknown database", connectionId);
      fatal(context, "3D000", "Database[" + database + "] does not exist");
      return;
    }
    List<String> unknownOptions = new ArrayList<>();
    for (String name : parameters.keySet()) {
      if (name.startsWith("_pq_.")) {
        unknownOptions.add(name);
      }
    }
    if ((startup.protocol() & 0xFFFF) != 0 || !unknownOptions.isEmpty()) {
      context.write(
          BackendMessages.negotiateProtocolVersion(
              context.alloc(), FrontendMessage.PROTOCOL_3_0, unknownOptions));
    }
    SessionSettings settings =
        new SessionSettings(user, parameters.getOrDefault("application_name", ""));
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      // client_encoding is always UTF8; libpq may send "auto" or a locale's name, which we ignore.
      if (!name.equals("user")
          && !name.equals("database")
          && !name.equals("options")
          && !name.equals("replication")
          && !name.equals("client_encoding")
          && !name.startsWith("_pq_.")) {
        try {
          settings.set(name, parameter.getValue());
        } catch (RuntimeException e) {
          LOG.debug("Connection[{}] ignored startup parameter[{}]", connectionId, name);
        }
      }
    }
    PgSession created = server.register(context.channel(), settings);
    context.write(BackendMessages.authenticationOk(context.alloc()));
    for (String name : SessionSettings.REPORTED) {
      String value = settings.value(name);
      if (value != null) {
        context.write(BackendMessages.parameterStatus(context.alloc(), name, value));
      }
    }
    context.write(
        BackendMessages.backendKeyData(context.alloc(), created.processId(), created.secretKey()));
    context.writeAndFlush(BackendMessages.readyForQuery(context.alloc()));
    session = created;
  }

  private static void fatal(ChannelHandlerContext context, String sqlState, String message) {
    context
        .writeAndFlush(
            BackendMessages.errorResponse(context.alloc(), "FATAL", sqlState, message, 0))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    Throwable error =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (error instanceof PgProtocolException) {
      LOG.info("Connection[{}] closed after a protocol violation", connectionId);
      LOG.debug("Connection[{}] protocol violation: {}", connectionId, error.getMessage());
      if (context.channel().isActive()) {
        fatal(context, "08P01", error.getMessage());
      }
      return;
    }
    LOG.debug("Connection[{}] failed", connectionId, error);
    context.close();
  }
}
