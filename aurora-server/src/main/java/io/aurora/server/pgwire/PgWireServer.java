package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.auth.Authenticator;
import io.aurora.server.auth.CatalogAuthenticator;
import io.aurora.server.auth.LoginThrottle;
import io.aurora.server.auth.ScramAuthenticator;
import io.aurora.server.auth.TrustAuthenticator;
import io.aurora.sql.catalog.SessionActivity;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.sql.engine.SqlEngine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the PostgreSQL wire protocol, version 3, over one shared {@link SqlEngine}: each
 * connection is a session with its own settings, prepared statements and portals.
 *
 * <pre>
 * frontend                                   backend
 *   [SSLRequest] ───────────────────────────▶
 *                ◀─────────────────────────── 'S' and a TLS handshake (pgwire.tls.cert-file set)
 *                                             or 'N' (the client goes on in plain text)
 *   StartupMessage(user, database) ─────────▶
 *                ◀─────────────────────────── [AuthenticationSASL(SCRAM-SHA-256)
 *   SASLInitialResponse, SASLResponse ──────▶   (auth.users-file set; see PgConnectionHandler)
 *                ◀───────────────────────────  AuthenticationSASLContinue, AuthenticationSASLFinal]
 *                                             AuthenticationOk, ParameterStatus*,
 *                                             BackendKeyData, ReadyForQuery('I')
 *   Query(sql[; sql...]) ───────────────────▶
 *                ◀─────────────────────────── per statement: RowDescription, DataRow*,
 *                                             CommandComplete | CommandComplete |
 *                                             EmptyQueryResponse | ErrorResponse (stops);
 *                                             then ReadyForQuery(status)
 *   Parse, Bind, Describe(P|S), Execute(n),
 *   Close, Flush ───────────────────────────▶
 *                ◀─────────────────────────── ParseComplete, BindComplete, [ParameterDescription]
 *                                             RowDescription | NoData, DataRow* then
 *                                             CommandComplete | PortalSuspended (n reached),
 *                                             CloseComplete; after an error, ErrorResponse and
 *                                             everything up to Sync is skipped
 *   Sync ───────────────────────────────────▶
 *                ◀─────────────────────────── ReadyForQuery(status)
 *   status: 'I' idle, 'T' in a transaction block, 'E' in a failed one (see SessionTransaction)
 *   COPY ... FROM STDIN / TO STDOUT: CopyInResponse, CopyData*, CopyDone; see CopyHandler
 *   CancelRequest(pid, key) on a new connection: cancels that session's running statement (57014)
 *   Terminate ──────────────────────────────▶ close
 * </pre>
 *
 * <p>Statements run on a pool of session threads, never on the event loops; {@link #close()} stops
 * accepting, closes every connection and shuts the event loops down gracefully. The engine belongs
 * to the caller, who closes it after the server.
 *
 * <pre>{@code
 * try (PgWireServer server = new PgWireServer(engine, PgWireConfig.DEFAULT)) {
 *   server.start("127.0.0.1", 0);
 *   String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora?user=aurora";
 * }
 * }</pre>
 */
public final class PgWireServer implements SessionDirectory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgWireServer.class);

  private final SqlEngine engine;
  private final PgWireConfig config;
  private final Authenticator authenticator;
  private final LoginThrottle loginThrottle;
  private final @Nullable SslContext sslContext;
  private final TransactionConfig transactionConfig;
  private final Map<Integer, PgSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService sessionExecutor;
  private @Nullable EventLoopGroup bossGroup;
  private @Nullable EventLoopGroup workerGroup;
  private @Nullable Channel serverChannel;

  /**
   * A server that authenticates as {@code config} says: the catalog's roles with SCRAM-SHA-256
   * against their verifiers, and other names against the users of {@code auth.users-file}, else
   * trust for {@code pgwire.user}. The users file and the TLS files are read here; a bad one fails
   * with {@code INVALID_PARAMETER_VALUE}.
   */
  public PgWireServer(SqlEngine engine, PgWireConfig config) {
    this(engine, config, defaultAuthenticator(config), TransactionConfig.DEFAULT);
  }

  /** A server whose connections authenticate through {@code authenticator}. */
  public PgWireServer(SqlEngine engine, PgWireConfig config, Authenticator authenticator) {
    this(engine, config, authenticator, TransactionConfig.DEFAULT);
  }

  /** A server with the default authentication for {@code config} and the transaction settings. */
  public PgWireServer(SqlEngine engine, PgWireConfig config, TransactionConfig transactionConfig) {
    this(engine, config, defaultAuthenticator(config), transactionConfig);
  }

  public PgWireServer(
      SqlEngine engine,
      PgWireConfig config,
      Authenticator authenticator,
      TransactionConfig transactionConfig) {
    this.engine = requireNonNull(engine, "engine is null");
    this.config = requireNonNull(config, "config is null");
    this.loginThrottle =
        new LoginThrottle(config.maxFailedLogins(), TimeUnit.MINUTES.toNanos(1), System::nanoTime);
    this.authenticator =
        new CatalogAuthenticator(
            engine.catalog()::accessNow, requireNonNull(authenticator, "authenticator is null"));
    this.sslContext = TlsContexts.forServer(config);
    this.transactionConfig = requireNonNull(transactionConfig, "transactionConfig is null");
    AtomicInteger threadNumber = new AtomicInteger();
    this.sessionExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "aurora-pgwire-session-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Binds to 127.0.0.1 on the given port (0: an ephemeral port, see {@link #port()}). */
  public void start(int port) throws InterruptedException {
    start("127.0.0.1", port);
  }

  public synchronized void start(String host, int port) throws InterruptedException {
    requireNonNull(host, "host is null");
    if (serverChannel != null) {
      throw new IllegalStateException("server is already started");
    }
    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("aurora-pgwire-accept", true), NioIoHandler.newFactory());
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("aurora-pgwire-io", true), NioIoHandler.newFactory());
    bossGroup = boss;
    workerGroup = workers;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast("decoder", new PgMessageDecoder())
                        .addLast(
                            "handler",
                            new PgConnectionHandler(
                                PgWireServer.this, connectionIds.incrementAndGet()));
                  }
                });
    serverChannel = bootstrap.bind(host, port).sync().channel();
    LOG.info("PostgreSQL wire protocol listening on {}:{}", host, port());
  }

  /** The bound port; valid after {@link #start}. */
  public int port() {
    Channel channel = serverChannel;
    if (channel == null) {
      throw new IllegalStateException("server is not started");
    }
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  PgWireConfig config() {
    return config;
  }

  /** How clients prove who they are; the HTTP SQL endpoint uses the same. */
  public Authenticator authenticator() {
    return authenticator;
  }

  /** Failed logins per client address, shared with the HTTP endpoint. */
  public LoginThrottle loginThrottle() {
    return loginThrottle;
  }

  /** Whether the catalog counts {@code user} a superuser (a bootstrap identity is one). */
  boolean isSuperuser(String user) {
    return engine.catalog().accessNow().isSuperuser(user);
  }

  /** The TLS context, or null when no certificate is configured. */
  @Nullable SslContext sslContext() {
    return sslContext;
  }

  private static Authenticator defaultAuthenticator(PgWireConfig config) {
    Path usersFile = config.usersFile();
    return usersFile == null
        ? new TrustAuthenticator(config.user())
        : ScramAuthenticator.load(usersFile, PgWireConfig.USERS_FILE);
  }

  /** The statement timeout a session starts with: the node's {@code query.statement-timeout}. */
  Duration defaultStatementTimeout() {
    return engine.config().statementTimeout();
  }

  /** Creates the session of a connection that completed startup, with a fresh cancel key. */
  PgSession register(Channel channel, SessionSettings settings) {
    while (true) {
      int processId = random.nextInt(Integer.MAX_VALUE - 1) + 1;
      PgSession session =
          new PgSession(
              processId,
              random.nextInt(),
              channel,
              engine,
              sessionExecutor,
              settings,
              transactionConfig);
      if (sessions.putIfAbsent(processId, session) == null) {
        return session;
      }
    }
  }

  /** The open sessions as {@code pg_stat_activity} shows them. */
  @Override
  public List<SessionActivity> sessions() {
    List<SessionActivity> activity = new ArrayList<>();
    for (PgSession session : sessions.values()) {
      activity.add(session.activity());
    }
    activity.sort(java.util.Comparator.comparingLong(SessionActivity::backendStartMicros));
    return activity;
  }

  void unregister(PgSession session) {
    sessions.remove(session.processId(), session);
  }

  /** {@code pg_cancel_backend(pid)}: cancels that session's running statement, if any. */
  @Override
  public boolean cancel(int pid) {
    PgSession session = sessions.get(pid);
    if (session == null) {
      return false;
    }
    LOG.info("Cancelling the statement of connection process[{}] (pg_cancel_backend)", pid);
    session.cancel();
    return true;
  }

  /** {@code pg_terminate_backend(pid)}: ends that session with FATAL 57P01. */
  @Override
  public boolean terminate(int pid) {
    PgSession session = sessions.get(pid);
    if (session == null) {
      return false;
    }
    LOG.info("Terminating connection process[{}] (pg_terminate_backend)", pid);
    session.terminate();
    return true;
  }

  /** Handles a CancelRequest: a wrong key is ignored silently, as in PostgreSQL. */
  void cancel(int processId, int secretKey) {
    PgSession session = sessions.get(processId);
    if (session != null && session.secretKey() == secretKey) {
      LOG.debug("Cancel request for connection process[{}]", processId);
      session.cancel();
    }
  }

  /**
   * Stops accepting connections; open sessions go on. The first step of a graceful shutdown,
   * followed by {@link #busySessionCount()} polling, {@link #cancelAll()} and {@link #close()}.
   */
  public synchronized void stopAccepting() {
    Channel channel = serverChannel;
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
  }

  /** The number of open sessions (connections that completed startup). */
  public int sessionCount() {
    return sessions.size();
  }

  /** The number of sessions running a statement or another message now. */
  public int busySessionCount() {
    int busy = 0;
    for (PgSession session : sessions.values()) {
      if (session.isBusy()) {
        busy++;
      }
    }
    return busy;
  }

  /**
   * Cancels the running statement of every session, as a CancelRequest would (SQLSTATE 57014); the
   * sessions stay open. Returns the number of sessions that were busy.
   */
  public int cancelAll() {
    int busy = 0;
    for (PgSession session : sessions.values()) {
      if (session.isBusy()) {
        busy++;
        session.cancel();
      }
    }
    return busy;
  }

  @Override
  public synchronized void close() {
    Channel channel = serverChannel;
    if (channel != null) {
      channel.close().syncUninterruptibly();
      serverChannel = null;
    }
    for (PgSession session : sessions.values()) {
      session.close();
    }
    EventLoopGroup boss = bossGroup;
    EventLoopGroup workers = workerGroup;
    if (boss != null && workers != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    sessionExecutor.shutdownNow();
  }
}
