package io.aurora.server.grpc;

import static java.util.Objects.requireNonNull;

import io.aurora.server.auth.TokenRateLimiter;
import io.aurora.server.http.SqlEndpoint;
import io.aurora.sql.access.ApiToken;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's gRPC endpoint: serves {@code aurora.v1.Aurora} ({@link AuroraGrpcService}) over gRPC's
 * shaded Netty transport, with the bearer-token check of {@code auth.grpc-tokens-file} and the
 * message size limit of {@code grpc.max-message-bytes}.
 *
 * <pre>
 *   start(host, port) ─▶ serving
 *   close(grace): stop accepting calls ─▶ end open Ingest calls with UNAVAILABLE (after the batch
 *                 being applied) ─▶ wait up to grace for queries ─▶ cancel the rest
 * </pre>
 */
public final class GrpcServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcServer.class);

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final GrpcConfig config;
  private final SqlEngine engine;
  private volatile TokenRateLimiter tokenRates = new TokenRateLimiter(System::nanoTime);
  private final BufferAllocator allocator = new RootAllocator();
  private final ExecutorService queryExecutor;
  private final AuroraGrpcService service;
  private final List<byte[]> tokens;
  private final @Nullable Path tlsCertFile;
  private final @Nullable Path tlsKeyFile;
  private @Nullable Server server;
  private final List<BindableService> internalServices = new ArrayList<>();

  /**
   * @param tlsCertFile with {@code tlsKeyFile}, the PEM certificate chain and PKCS#8 key the
   *     endpoint serves TLS with (the node passes {@code pgwire.tls.cert-file} and {@code
   *     pgwire.tls.key-file}); both null for plain text
   * @param isReady whether the node accepts calls; others fail with UNAVAILABLE meanwhile
   * @throws AuroraException when the tokens file cannot be read
   */
  public GrpcServer(
      SqlEngine engine,
      GrpcConfig config,
      @Nullable Path tlsCertFile,
      @Nullable Path tlsKeyFile,
      BooleanSupplier isReady,
      String version) {
    this.config = requireNonNull(config, "config is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.tlsCertFile = tlsCertFile;
    this.tlsKeyFile = tlsKeyFile;
    this.tokens = config.tokensFile() == null ? List.of() : readTokens(config.tokensFile());
    AtomicInteger threadNumber = new AtomicInteger();
    this.queryExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "aurora-grpc-query-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.service = new AuroraGrpcService(engine, isReady, version, allocator, queryExecutor);
  }

  /**
   * Serves another service on the same port, behind the same bearer-token check: the internal calls
   * between the nodes of a cluster. Call before {@link #start}.
   */
  public void addInternalService(BindableService internal) {
    internalServices.add(requireNonNull(internal, "internal is null"));
  }

  /** The first configured bearer token, which this node presents to the others, or null. */
  public @Nullable String firstToken() {
    return tokens.isEmpty() ? null : new String(tokens.get(0), StandardCharsets.UTF_8);
  }

  /** Shares the API tokens' request rates with the HTTP endpoint; call before {@link #start}. */
  public void setTokenRateLimiter(TokenRateLimiter limiter) {
    this.tokenRates = requireNonNull(limiter, "limiter is null");
  }

  /** Binds and starts serving; the port may be 0 for an ephemeral one. */
  public void start(String host, int port) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
            .maxInboundMessageSize(config.maxMessageBytes())
            .addService(
                ServerInterceptors.intercept(service, new TokenCheck(true), new ClientAddress()));
    for (BindableService internal : internalServices) {
      // Calls between nodes: the node tokens only, never a role's, which would bypass its checks.
      builder.addService(ServerInterceptors.intercept(internal, new TokenCheck(false)));
    }
    if (tlsCertFile != null && tlsKeyFile != null) {
      builder.sslContext(
          GrpcSslContexts.forServer(tlsCertFile.toFile(), tlsKeyFile.toFile()).build());
    }
    Server started = builder.build().start();
    server = started;
    LOG.info(
        "gRPC listening on {}:{} (TLS[{}], authentication[{}], max message bytes[{}])",
        host,
        started.getPort(),
        tlsCertFile != null,
        tokens.isEmpty() ? "none" : "bearer token",
        config.maxMessageBytes());
  }

  /** The bound port. */
  public int port() {
    return requireNonNull(server, "gRPC server is not started").getPort();
  }

  /**
   * Stops accepting calls, ends open {@code Ingest} calls with UNAVAILABLE once their current batch
   * is answered, and gives running queries up to {@code gracePeriod} before cancelling them.
   */
  public void shutdown(Duration gracePeriod) {
    Server current = server;
    if (current == null) {
      return;
    }
    current.shutdown();
    service.stopIngest();
    try {
      if (!current.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.info("Shutdown: cancelling gRPC calls still running after [{}]", gracePeriod);
        current.shutdownNow();
        current.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      current.shutdownNow();
    }
  }

  @Override
  public void close() {
    Server current = server;
    if (current != null) {
      current.shutdownNow();
      try {
        current.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
    queryExecutor.shutdownNow();
    try {
      queryExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      // Arrow reports buffers still allocated; a leak must not stop the node from closing.
      LOG.warn("gRPC Arrow allocator still held memory at close: {}", e.getMessage());
    }
  }

  private static List<byte[]> readTokens(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting["
              + GrpcConfig.TOKENS_FILE
              + "] names file["
              + file
              + "], which cannot be read: "
              + e.getMessage(),
          e);
    }
    List<byte[]> tokens = new ArrayList<>();
    for (String line : lines) {
      String token = line.strip();
      if (!token.isEmpty() && !token.startsWith("#")) {
        tokens.add(token.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (tokens.isEmpty()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + GrpcConfig.TOKENS_FILE + "] names file[" + file + "], which has no token");
    }
    return List.copyOf(tokens);
  }

  /** The IP address of the client of the call being handled, for the query log. */
  static final Context.Key<String> CLIENT_ADDRESS = Context.key("aurora-client-address");

  /** The role a call authenticated as with an API token; unset for the bootstrap user. */
  static final Context.Key<String> USER = Context.key("aurora-user");

  /** Puts the client's IP address into the call's context ({@link #CLIENT_ADDRESS}). */
  private static final class ClientAddress implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)
          instanceof InetSocketAddress remote) {
        String address =
            remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
        return Contexts.interceptCall(
            Context.current().withValue(CLIENT_ADDRESS, address), call, headers, next);
      }
      return next.startCall(call, headers);
    }
  }

  /**
   * Authenticates a call. A role's API token ({@code CREATE TOKEN}, {@code aur.<name>.<secret>})
   * makes the call run as that role ({@link #USER}), or fails it with UNAUTHENTICATED when unknown,
   * revoked or expired; otherwise the call needs one of the tokens file's tokens (none configured:
   * any call is accepted) and runs as the node's bootstrap user, a superuser.
   */
  private final class TokenCheck implements ServerInterceptor {
    private final boolean acceptsRoleTokens;

    TokenCheck(boolean acceptsRoleTokens) {
      this.acceptsRoleTokens = acceptsRoleTokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String header = headers.get(AUTHORIZATION);
      String bearer =
          header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
              ? header.substring(7).strip()
              : null;
      if (acceptsRoleTokens && bearer != null && ApiToken.looksLikeToken(bearer)) {
        ApiToken token =
            engine.catalog().access().validToken(bearer, System.currentTimeMillis() * 1000);
        if (token != null && !tokenRates.tryAcquire(token)) {
          String message = SqlEndpoint.tooManyRequests(token).getMessage();
          call.close(
              Status.RESOURCE_EXHAUSTED.withDescription(message),
              GrpcErrors.trailers(ErrorCode.CONFIGURATION_LIMIT_EXCEEDED, message));
          return new ServerCall.Listener<>() {};
        }
        String role = token == null ? null : token.role();
        if (role == null) {
          String message = "The API token is unknown, revoked or expired";
          call.close(
              Status.UNAUTHENTICATED.withDescription(message),
              GrpcErrors.trailers(ErrorCode.INVALID_PASSWORD, message));
          return new ServerCall.Listener<>() {};
        }
        if (token.isLimitedToEndpoints()) {
          String message = SqlEndpoint.onlyEndpoints(token).getMessage();
          call.close(
              Status.PERMISSION_DENIED.withDescription(message),
              GrpcErrors.trailers(ErrorCode.INSUFFICIENT_PRIVILEGE, message));
          return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(USER, role), call, headers, next);
      }
      if (!tokens.isEmpty() && !isAuthorized(header)) {
        call.close(
            Status.UNAUTHENTICATED.withDescription("A valid bearer token is required"),
            GrpcErrors.trailers(
                ErrorCode.INVALID_AUTHORIZATION_SPECIFICATION, "A valid bearer token is required"));
        return new ServerCall.Listener<>() {};
      }
      return next.startCall(call, headers);
    }

    private boolean isAuthorized(@Nullable String header) {
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return false;
      }
      byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
      boolean isValid = false;
      for (byte[] token : tokens) {
        // Constant time per token, so response timing does not reveal a token's prefix.
        isValid |= MessageDigest.isEqual(presented, token);
      }
      return isValid;
    }
  }
}
