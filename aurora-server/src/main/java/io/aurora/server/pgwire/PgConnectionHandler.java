package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.auth.AuthenticationMethod;
import io.aurora.server.auth.Authenticator;
import io.aurora.server.auth.ClientConnection;
import io.aurora.server.auth.ScramServer;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection state machine: the startup phase and authentication run here, on the event
 * loop; after them, every message is parsed and handed to the connection's {@link PgSession}. A
 * protocol violation is answered with ErrorResponse 08P01 and the connection is closed; nothing a
 * client sends can fail another connection.
 *
 * <pre>
 *   STARTUP ── SSLRequest ──▶ 'S' and a TLS handshake (certificate configured) or 'N'; STARTUP
 *      │    ── GSSENCRequest ──▶ 'N', stay in STARTUP
 *      │    ── CancelRequest ──▶ cancel that backend's statement, close
 *      │    ── StartupMessage (plain text with TLS required 28000, refused by the
 *      │       {@link Authenticator} 28000) ──▶ FATAL ErrorResponse, close
 *      │    ── StartupMessage, method trust ──────────────────────────────┐
 *      ▼    ── StartupMessage, method SCRAM-SHA-256 ──▶ AuthenticationSASL │
 *   SASL ── SASLInitialResponse ──▶ AuthenticationSASLContinue            │
 *      │ ── SASLResponse ──▶ AuthenticationSASLFinal (wrong proof 28P01, │
 *      │                     malformed 08P01: FATAL, close)              │
 *      ▼ ◀────────────────────────────────────────────────────────────────┘
 *   database check (3D000), AuthenticationOk, ParameterStatus*, BackendKeyData, ReadyForQuery
 *      ▼
 *   SESSION (messages run in order on the session executor)
 * </pre>
 */
final class PgConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(PgConnectionHandler.class);
  private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

  private final PgWireServer server;
  private final int connectionId;
  private @Nullable PgSession session;
  private FrontendMessage.@Nullable Startup authenticating;
  private @Nullable ScramServer scram;
  private boolean isScramStarted;
  private boolean isRejected;
  private @Nullable String loginUser;
  private @Nullable InetAddress loginAddress;

  PgConnectionHandler(PgWireServer server, int connectionId) {
    this.server = requireNonNull(server, "server is null");
    this.connectionId = connectionId;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    LOG.debug("Connection[{}] opened", connectionId);
    long timeoutNanos = server.config().authenticationTimeout().toNanos();
    context
        .executor()
        .schedule(
            () -> {
              if (session == null && !isRejected && context.channel().isActive()) {
                // As PostgreSQL does: close without a message, the client said nothing useful.
                LOG.info(
                    "Connection[{}] from {} closed: no login within {} ms",
                    connectionId,
                    context.channel().remoteAddress(),
                    timeoutNanos / 1_000_000);
                context.close();
              }
            },
            timeoutNanos,
            TimeUnit.NANOSECONDS);
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
    PgFrame frame = (PgFrame) message;
    PgSession current = session;
    if (current != null) {
      current.submit(FrontendMessage.parse(frame));
      return;
    }
    if (isRejected) {
      // A FATAL error is on its way and the connection closes after it: ignore what follows.
      return;
    }
    ScramServer exchange = scram;
    FrontendMessage.Startup pending = authenticating;
    if (exchange != null && pending != null) {
      sasl(context, frame, exchange, pending);
      return;
    }
    FrontendMessage parsed = FrontendMessage.parse(frame);
    if (parsed instanceof FrontendMessage.SslRequest) {
      sslRequest(context);
    } else if (parsed instanceof FrontendMessage.GssEncryptionRequest) {
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

  private void sslRequest(ChannelHandlerContext context) {
    SslContext tls = server.sslContext();
    if (tls == null || context.pipeline().get(SslHandler.class) != null) {
      context.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
      return;
    }
    // startTls: the 'S' written next goes out in plain text, everything after it through TLS. The
    // decoder has checked that the client sent nothing after its request.
    context.pipeline().addFirst("tls", new SslHandler(tls.newEngine(context.alloc()), true));
    context.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
    LOG.debug("Connection[{}] starts TLS", connectionId);
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
    boolean isEncrypted = context.pipeline().get(SslHandler.class) != null;
    if (server.config().isTlsRequired() && !isEncrypted) {
      LOG.info("Connection[{}] rejected: TLS is required", connectionId);
      fatal(context, "28000", "TLS is required");
      return;
    }
    SocketAddress remoteAddress = context.channel().remoteAddress();
    if (remoteAddress == null) {
      context.close();
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
    String database = parameters.getOrDefault("database", user);
    InetAddress address = addressOf(remoteAddress);
    if (address != null && server.loginThrottle().isBlocked(address)) {
      LOG.warn(
          "Connection[{}] from {} refused: too many failed logins from this address",
          connectionId,
          address.getHostAddress());
      fatal(context, "28000", "Too many failed logins from this address; try again in a minute");
      return;
    }
    loginUser = user;
    loginAddress = address;
    AuthenticationMethod method;
    try {
      method =
          server
              .authenticator()
              .select(new ClientConnection(user, database, remoteAddress, isEncrypted));
    } catch (AuroraException e) {
      reject(context, e);
      return;
    }
    if (method instanceof AuthenticationMethod.ScramSha256 scramMethod) {
      authenticating = startup;
      scram = new ScramServer(user, scramMethod);
      context.writeAndFlush(
          BackendMessages.authenticationSasl(context.alloc(), List.of(SCRAM_SHA_256)));
      return;
    }
    completeStartup(context, startup);
  }

  /** One SASL message: SASLInitialResponse first, then SASLResponse. */
  private void sasl(
      ChannelHandlerContext context,
      PgFrame frame,
      ScramServer exchange,
      FrontendMessage.Startup pending) {
    if (frame.type() == 'X') {
      context.close();
      return;
    }
    if (frame.type() != 'p') {
      throw new PgProtocolException("Expected a SASL response");
    }
    try {
      if (!isScramStarted) {
        byte[] clientFirst = saslInitialResponse(frame.body());
        isScramStarted = true;
        context.writeAndFlush(
            BackendMessages.authenticationSaslContinue(
                context.alloc(), exchange.handleClientFirst(clientFirst)));
        return;
      }
      byte[] serverFinal = exchange.handleClientFinal(frame.body());
      scram = null;
      authenticating = null;
      context.write(BackendMessages.authenticationSaslFinal(context.alloc(), serverFinal));
      completeStartup(context, pending);
    } catch (AuroraException e) {
      reject(context, e);
    }
  }

  /** SASLInitialResponse: the mechanism's name, then its initial response with a length word. */
  private static byte[] saslInitialResponse(byte[] body) {
    int end = 0;
    while (end < body.length && body[end] != 0) {
      end++;
    }
    if (end == body.length || body.length - end - 1 < 4) {
      throw new PgProtocolException("SASLInitialResponse is truncated");
    }
    String mechanism = new String(body, 0, end, StandardCharsets.UTF_8);
    if (!mechanism.equals(SCRAM_SHA_256)) {
      throw new PgProtocolException(
          "SASL mechanism[" + mechanism + "] is not offered; use " + SCRAM_SHA_256);
    }
    int start = end + 1 + 4;
    int length = Unpooled.wrappedBuffer(body).getInt(end + 1);
    if (length != body.length - start) {
      throw new PgProtocolException(
          "SASLInitialResponse length[" + length + "] does not match its message");
    }
    return Arrays.copyOfRange(body, start, body.length);
  }

  /** After authentication: checks the database, creates the session and reports its settings. */
  private void completeStartup(ChannelHandlerContext context, FrontendMessage.Startup startup) {
    Map<String, String> parameters = startup.parameters();
    String user = parameters.getOrDefault("user", "");
    String database = parameters.getOrDefault("database", user);
    if (!database.equals(server.config().database())) {
      LOG.info("Connection[{}] rejected: unknown database", connectionId);
      fatal(context, "3D000", "Database[" + database + "] does not exist");
      return;
    }
    SessionSettings settings =
        new SessionSettings(
            user,
            parameters.getOrDefault("application_name", ""),
            server.defaultStatementTimeout());
    settings.defineSuperuser(server.isSuperuser(user));
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
    if (loginAddress != null) {
      server.loginThrottle().succeeded(loginAddress);
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
    context.writeAndFlush(BackendMessages.readyForQuery(context.alloc(), 'I'));
    session = created;
  }

  private void reject(ChannelHandlerContext context, AuroraException error) {
    ErrorCode code = error.errorCode();
    if ((code == ErrorCode.INVALID_PASSWORD
            || code == ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION)
        && loginAddress != null) {
      int failures = server.loginThrottle().failed(loginAddress);
      LOG.warn(
          "Connection[{}] from {} failed to log in as user[{}]: {} (failures from this address in"
              + " the last minute[{}])",
          connectionId,
          loginAddress.getHostAddress(),
          loginUser,
          code.sqlState(),
          failures);
    } else {
      LOG.info("Connection[{}] rejected: {}", connectionId, code);
    }
    fatal(context, code.sqlState(), error.getMessage());
  }

  private static @Nullable InetAddress addressOf(@Nullable SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  private void fatal(ChannelHandlerContext context, String sqlState, String message) {
    isRejected = true;
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
