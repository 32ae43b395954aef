package io.aurora.server.http;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP/1.1 endpoint over Netty:
 *
 * <ul>
 *   <li>{@code GET /health}: 200 {@code ok} while the process runs (liveness);
 *   <li>{@code GET /ready}: 200 {@code ready} once the node accepts queries, 503 {@code not ready}
 *       while it starts or shuts down (readiness: take it out of a load balancer);
 *   <li>{@code GET /metrics}: every metric in the Prometheus text format;
 *   <li>{@code GET /} and {@code /console/}: the web console ({@link Console});
 *   <li>{@code POST /sql}: one SQL statement, answered as JSON ({@link SqlEndpoint}), once the node
 *       has set its endpoint ({@link #setSqlEndpoint}; 503 before);
 *   <li>{@code POST /v1/tables/{table}/events}: rows for a table as newline-delimited JSON or CSV
 *       ({@link EventsEndpoint}), with the same users and readiness as {@code /sql};
 *   <li>anything else: 404, or 405 for a method the path does not take.
 * </ul>
 *
 * One event loop thread serves the requests, a pool of {@value #SQL_THREADS} threads runs SQL
 * statements and event appends; a body (inflated, when sent with {@code Content-Encoding: gzip} or
 * {@code deflate}) is limited to 64 KiB for {@code /sql} and to 16 MiB for events (413 beyond). The
 * server owns its event loop and pool and closes them in {@link #close()}.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final int MAX_SQL_BYTES = 64 * 1024;
  static final int MAX_EVENTS_BYTES = 16 * 1024 * 1024;
  static final int SQL_THREADS = 16;

  private final BooleanSupplier isReady;
  private final MetricsText metrics;
  private @Nullable EventLoopGroup group;
  private @Nullable Channel serverChannel;
  private volatile @Nullable SqlEndpoint sql;

  /** Arrow vectors of answers streamed as Arrow IPC. */
  private final BufferAllocator allocator = new RootAllocator();

  private volatile @Nullable EventsEndpoint events;
  private volatile @Nullable PublishedEndpoints published;
  private final java.util.concurrent.ExecutorService sqlThreads =
      new java.util.concurrent.ThreadPoolExecutor(
          SQL_THREADS,
          SQL_THREADS,
          30,
          TimeUnit.SECONDS,
          new java.util.concurrent.LinkedBlockingQueue<>(1024),
          new DefaultThreadFactory("aurora-http-sql", true));

  /**
   * @param isReady whether the node accepts queries now; read on every {@code /ready} request
   * @param metrics the text served at {@code /metrics}
   */
  public HttpServer(BooleanSupplier isReady, MetricsText metrics) {
    this.isReady = requireNonNull(isReady, "isReady is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * Binds to the host and port (0: an ephemeral port, see {@link #port()}), serving HTTPS only when
   * {@code tls} is given (the node's certificate), plain HTTP otherwise.
   */
  public synchronized void start(String host, int port, @Nullable SslContext tls)
      throws InterruptedException {
    requireNonNull(host, "host is null");
    if (group != null) {
      throw new IllegalStateException("server is already started");
    }
    EventLoopGroup events =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("aurora-http", true), NioIoHandler.newFactory());
    group = events;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(events)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    if (tls != null) {
                      channel.pipeline().addLast("tls", tls.newHandler(channel.alloc()));
                    }
                    channel
                        .pipeline()
                        .addLast("codec", new HttpServerCodec())
                        // Content-Encoding gzip or deflate; the limit below counts inflated bytes.
                        .addLast("inflate", new HttpContentDecompressor(0))
                        .addLast("aggregator", new HttpObjectAggregator(MAX_EVENTS_BYTES))
                        .addLast("handler", new Handler());
                  }
                });
    serverChannel = bootstrap.bind(host, port).sync().channel();
    LOG.info("HTTP endpoint listening on {}:{}{}", host, port(), tls == null ? "" : " (HTTPS)");
  }

  /**
   * Serves {@code POST /v1/sql}, {@code POST /v1/tables/{table}/events} and {@code GET
   * /v1/endpoints/{name}} from now on.
   */
  public void setSqlEndpoint(SqlEndpoint endpoint) {
    requireNonNull(endpoint, "endpoint is null");
    this.events = new EventsEndpoint(endpoint.engine());
    this.published = new PublishedEndpoints(endpoint.engine());
    this.sql = endpoint;
  }

  /** The bound port; valid after {@link #start}. */
  public int port() {
    Channel channel = serverChannel;
    if (channel == null) {
      throw new IllegalStateException("server is not started");
    }
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    Channel channel = serverChannel;
    if (channel != null) {
      channel.close().syncUninterruptibly();
      serverChannel = null;
    }
    EventLoopGroup events = group;
    if (events != null) {
      events.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
    sqlThreads.shutdownNow();
    allocator.close();
  }

  /** The source of the {@code /metrics} text. */
  public interface MetricsText {
    /** The response's content type. */
    String contentType();

    /** Writes the metrics; called on the HTTP event loop, so it must not block. */
    void writeText(OutputStream output) throws IOException;
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      if (request.decoderResult().isSuccess()) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (path.equals("/sql") || path.equals("/v1/sql")) {
          sql(context, request);
          return;
        }
        if (path.equals("/v1/openapi.json")) {
          openApi(context, request);
          return;
        }
        String table = EventsEndpoint.table(path);
        if (table != null) {
          events(context, request, table);
          return;
        }
        String endpointName = PublishedEndpoints.name(path);
        if (endpointName != null) {
          endpoint(context, request, endpointName);
          return;
        }
      }
      send(context, request, respond(context, request));
    }

    /** Appends a request's events on the SQL pool and answers from there. */
    private void events(ChannelHandlerContext context, FullHttpRequest request, String table) {
      SqlEndpoint endpoint = sql;
      EventsEndpoint eventsEndpoint = events;
      if (isRefusedAsNotPost(context, request)) {
        return;
      }
      if (endpoint == null || eventsEndpoint == null) {
        unavailable(context, HttpUtil.isKeepAlive(request), "The node is not ready");
        return;
      }
      byte[] body = new byte[request.content().readableBytes()];
      request.content().getBytes(request.content().readerIndex(), body);
      String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      String producer = request.headers().get("Aurora-Producer-Id");
      String sequence = request.headers().get("Aurora-Sequence");
      java.net.SocketAddress remote = context.channel().remoteAddress();
      answerOnPool(
          context,
          request,
          endpoint,
          null,
          user -> eventsEndpoint.ingest(user, remote, table, contentType, body, producer, sequence),
          () -> {});
    }

    /** The OpenAPI description, with the endpoints published now, for an authenticated client. */
    private void openApi(ChannelHandlerContext context, FullHttpRequest request) {
      SqlEndpoint endpoint = sql;
      boolean isKeepAlive = HttpUtil.isKeepAlive(request);
      if (isRefusedAsNot(HttpMethod.GET, context, request)) {
        return;
      }
      if (endpoint == null) {
        unavailable(context, isKeepAlive, "The node is not ready");
        return;
      }
      answerOnPool(
          context,
          request,
          endpoint,
          null,
          user ->
              new SqlEndpoint.Answer(
                  HttpResponseStatus.OK,
                  OpenApi.document(endpoint.engine().catalog().endpoints(), "1"),
                  false),
          () -> {});
    }

    /** Calls a published endpoint on the SQL pool and answers from there. */
    private void endpoint(ChannelHandlerContext context, FullHttpRequest request, String name) {
      SqlEndpoint endpoint = sql;
      PublishedEndpoints endpoints = published;
      boolean isKeepAlive = HttpUtil.isKeepAlive(request);
      if (isRefusedAsNot(HttpMethod.GET, context, request)) {
        return;
      }
      if (endpoint == null || endpoints == null) {
        unavailable(context, isKeepAlive, "The node is not ready");
        return;
      }
      SqlEndpoint.Format format = acceptedFormat(context, request);
      if (format == null) {
        return;
      }
      java.util.Map<String, java.util.List<String>> parameters =
          new QueryStringDecoder(request.uri()).parameters();
      java.net.SocketAddress remote = context.channel().remoteAddress();
      CancelOnClose cancel = new CancelOnClose(context);
      answerOnPool(
          context,
          request,
          endpoint,
          name,
          user -> endpoints.call(user, remote, name, parameters, format, cancel.isCancelled()),
          cancel::release);
    }

    /** The format the request's Accept header asks for; null after answering 406. */
    private SqlEndpoint.@Nullable Format acceptedFormat(
        ChannelHandlerContext context, FullHttpRequest request) {
      SqlEndpoint.Format format = SqlEndpoint.format(request.headers().get(HttpHeaderNames.ACCEPT));
      if (format == null) {
        SqlEndpoint.Answer answer = SqlEndpoint.notAcceptable();
        send(
            context,
            HttpUtil.isKeepAlive(request),
            false,
            json(context, answer.status(), answer.json()));
      }
      return format;
    }

    /** Runs a statement on the SQL pool and answers from there; the event loop does not wait. */
    private void sql(ChannelHandlerContext context, FullHttpRequest request) {
      SqlEndpoint endpoint = sql;
      boolean isKeepAlive = HttpUtil.isKeepAlive(request);
      if (isRefusedAsNotPost(context, request)) {
        return;
      }
      if (endpoint == null) {
        unavailable(context, isKeepAlive, "The node is not ready");
        return;
      }
      if (request.content().readableBytes() > MAX_SQL_BYTES) {
        SqlEndpoint.Answer answer =
            SqlEndpoint.error(
                new AuroraException(
                    ErrorCode.PROGRAM_LIMIT_EXCEEDED,
                    "The statement is larger than " + MAX_SQL_BYTES / 1024 + " KiB"));
        send(
            context,
            isKeepAlive,
            false,
            json(context, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, answer.json()));
        return;
      }
      SqlEndpoint.Format format = acceptedFormat(context, request);
      if (format == null) {
        return;
      }
      String body = request.content().toString(StandardCharsets.UTF_8);
      java.net.SocketAddress remote = context.channel().remoteAddress();
      CancelOnClose cancel = new CancelOnClose(context);
      answerOnPool(
          context,
          request,
          endpoint,
          null,
          user -> endpoint.run(user, remote, body, format, cancel.isCancelled()),
          cancel::release);
    }

    /** Answers 405 to a request that is not a POST; returns whether it did. */
    private boolean isRefusedAsNotPost(ChannelHandlerContext context, FullHttpRequest request) {
      return isRefusedAsNot(HttpMethod.POST, context, request);
    }

    /** Answers 405 (with Allow) to a request whose method is not {@code method}. */
    private boolean isRefusedAsNot(
        HttpMethod method, ChannelHandlerContext context, FullHttpRequest request) {
      if (request.method().equals(method)) {
        return false;
      }
      FullHttpResponse response =
          text(context, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
      response.headers().set(HttpHeaderNames.ALLOW, method.name());
      send(context, HttpUtil.isKeepAlive(request), false, response);
      return true;
    }

    /**
     * Authenticates the request on the SQL pool, runs {@code work} as its user there and answers
     * its JSON (401 with a Basic challenge for bad credentials, except to a script such as the
     * console, which handles a 401 itself); {@code done} runs after the work, whatever happened.
     * Answers 503 when the pool's queue is full.
     */
    private void answerOnPool(
        ChannelHandlerContext context,
        FullHttpRequest request,
        SqlEndpoint endpoint,
        @Nullable String publishedEndpoint,
        java.util.function.Function<String, SqlEndpoint.Answer> work,
        Runnable done) {
      boolean isKeepAlive = HttpUtil.isKeepAlive(request);
      String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
      boolean isScript = request.headers().contains("X-Requested-With");
      java.net.SocketAddress remote = context.channel().remoteAddress();
      String uri = request.uri();
      try {
        sqlThreads.execute(
            () -> {
              SqlEndpoint.Answer answer;
              try {
                SqlEndpoint.Caller caller = endpoint.authenticate(authorization, remote);
                if (caller == null) {
                  answer = SqlEndpoint.unauthorized();
                } else if (!caller.mayUse(publishedEndpoint)) {
                  answer = SqlEndpoint.error(SqlEndpoint.onlyEndpoints(caller.token()));
                } else {
                  answer = work.apply(caller.user());
                }
                SqlEndpoint.Streamed stream = answer.stream();
                if (stream != null) {
                  stream(context, isKeepAlive, uri, stream);
                  return;
                }
              } catch (RuntimeException e) {
                LOG.warn("HTTP request {} failed: {}", uri, e.toString());
                answer = SqlEndpoint.error(e);
              } finally {
                done.run();
              }
              FullHttpResponse response = json(context, answer.status(), answer.json());
              if (answer.isChallenge() && !isScript) {
                response
                    .headers()
                    .set(
                        HttpHeaderNames.WWW_AUTHENTICATE,
                        "Basic realm=\"Aurora\", charset=\"UTF-8\"");
              }
              send(context, isKeepAlive, false, response);
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        done.run();
        unavailable(context, isKeepAlive, "Too many HTTP requests are waiting; try again");
      }
    }

    /**
     * Sends a query's rows as a chunked response, 64 KiB a chunk, waiting for each chunk to be
     * written before the next is sent so that a slow client holds back the query rather than the
     * node's memory. An error after the response started can no longer change its status: the
     * connection is closed before the last chunk, so the client sees a truncated answer, never a
     * complete-looking one.
     */
    private void stream(
        ChannelHandlerContext context,
        boolean isKeepAlive,
        String uri,
        SqlEndpoint.Streamed stream) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, stream.contentType());
      HttpUtil.setTransferEncodingChunked(head, true);
      if (isKeepAlive) {
        head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      context.writeAndFlush(head);
      try (stream;
          ChunkedBody body = new ChunkedBody(context)) {
        stream.writeTo(body, allocator);
        ChannelFuture last = body.finish();
        if (!isKeepAlive) {
          last.addListener(ChannelFutureListener.CLOSE);
        }
      } catch (IOException | RuntimeException e) {
        if (context.channel().isActive()) {
          LOG.warn("HTTP answer to {} ended early: {}", uri, e.toString());
        }
        context.close();
      }
    }

    /** Answers 503 with the JSON error of SQLSTATE 57P03. */
    private void unavailable(ChannelHandlerContext context, boolean isKeepAlive, String message) {
      SqlEndpoint.Answer answer =
          SqlEndpoint.error(new AuroraException(ErrorCode.UNAVAILABLE, message));
      send(context, isKeepAlive, false, json(context, answer.status(), answer.json()));
    }

    private FullHttpResponse json(
        ChannelHandlerContext context, HttpResponseStatus status, String json) {
      FullHttpResponse response = text(context, status, json);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
      return response;
    }

    private void send(
        ChannelHandlerContext context, FullHttpRequest request, FullHttpResponse response) {
      send(
          context,
          HttpUtil.isKeepAlive(request),
          request.method().equals(HttpMethod.HEAD),
          response);
    }

    private void send(
        ChannelHandlerContext context,
        boolean isKeepAlive,
        boolean isHead,
        FullHttpResponse response) {
      HttpUtil.setContentLength(response, response.content().readableBytes());
      if (isHead) {
        response.content().clear();
      }
      if (isKeepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        context.writeAndFlush(response);
      } else {
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }

    private FullHttpResponse respond(ChannelHandlerContext context, FullHttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        return text(context, HttpResponseStatus.BAD_REQUEST, "bad request\n");
      }
      String path = new QueryStringDecoder(request.uri()).path();
      if (path.equals("/") || path.equals("/console")) {
        FullHttpResponse redirect = text(context, HttpResponseStatus.FOUND, "see /console/\n");
        redirect.headers().set(HttpHeaderNames.LOCATION, "/console/");
        return redirect;
      }
      Console.Asset asset = Console.asset(path);
      if (asset != null) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
          FullHttpResponse response =
              text(context, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
          response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
          return response;
        }
        FullHttpResponse response =
            response(HttpResponseStatus.OK, Unpooled.wrappedBuffer(asset.bytes()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, asset.contentType());
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        response
            .headers()
            .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, Console.CONTENT_SECURITY_POLICY);
        return response;
      }
      if (!path.equals("/health") && !path.equals("/ready") && !path.equals("/metrics")) {
        return text(context, HttpResponseStatus.NOT_FOUND, "not found\n");
      }
      if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
        FullHttpResponse response =
            text(context, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        return response;
      }
      return switch (path) {
        case "/health" -> text(context, HttpResponseStatus.OK, "ok\n");
        case "/ready" ->
            isReady.getAsBoolean()
                ? text(context, HttpResponseStatus.OK, "ready\n")
                : text(context, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
        default -> metrics(context);
      };
    }

    private FullHttpResponse metrics(ChannelHandlerContext context) {
      ByteBuf body = context.alloc().buffer();
      try (OutputStream output = new ByteBufOutputStream(body)) {
        metrics.writeText(output);
      } catch (IOException | RuntimeException e) {
        body.release();
        LOG.warn("Writing metrics failed: {}", e.toString());
        return text(context, HttpResponseStatus.INTERNAL_SERVER_ERROR, "metrics failed\n");
      }
      FullHttpResponse response = response(HttpResponseStatus.OK, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, metrics.contentType());
      return response;
    }

    private FullHttpResponse text(
        ChannelHandlerContext context, HttpResponseStatus status, String text) {
      ByteBuf body = context.alloc().buffer();
      body.writeCharSequence(text, StandardCharsets.UTF_8);
      FullHttpResponse response = response(status, body);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      return response;
    }

    private FullHttpResponse response(HttpResponseStatus status, ByteBuf body) {
      return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      LOG.debug("HTTP connection failed", cause);
      context.close();
    }
  }

  /** A flag set when the request's connection closes, so that its statement is cancelled. */
  private static final class CancelOnClose {
    private final Channel channel;
    private final java.util.concurrent.atomic.AtomicBoolean isCancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final io.netty.util.concurrent.GenericFutureListener<
            io.netty.util.concurrent.Future<? super Void>>
        listener = future -> isCancelled.set(true);

    CancelOnClose(ChannelHandlerContext context) {
      this.channel = context.channel();
      channel.closeFuture().addListener(listener);
    }

    java.util.concurrent.atomic.AtomicBoolean isCancelled() {
      return isCancelled;
    }

    /** The statement ended: the connection's closing no longer concerns it. */
    void release() {
      channel.closeFuture().removeListener(listener);
    }
  }

  /** The body of a chunked response as an output stream, one chunk in flight at a time. */
  private static final class ChunkedBody extends OutputStream {
    private static final int CHUNK_BYTES = 64 * 1024;

    private final ChannelHandlerContext context;
    private @Nullable ByteBuf buffer;
    private @Nullable ChannelFuture inFlight;

    ChunkedBody(ChannelHandlerContext context) {
      this.context = context;
      this.buffer = context.alloc().buffer(CHUNK_BYTES);
    }

    @Override
    public void write(int b) throws IOException {
      buffer().writeByte(b);
      if (buffer().readableBytes() >= CHUNK_BYTES) {
        send();
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      buffer().writeBytes(bytes, offset, length);
      if (buffer().readableBytes() >= CHUNK_BYTES) {
        send();
      }
    }

    /** Sends what is buffered and the last chunk; the future completes when it is written. */
    ChannelFuture finish() throws IOException {
      if (buffer().isReadable()) {
        send();
      }
      awaitInFlight();
      ByteBuf unused = buffer();
      buffer = null;
      unused.release();
      return context.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    private void send() throws IOException {
      awaitInFlight();
      ByteBuf chunk = buffer();
      buffer = context.alloc().buffer(CHUNK_BYTES);
      inFlight = context.writeAndFlush(new DefaultHttpContent(chunk));
    }

    private void awaitInFlight() throws IOException {
      ChannelFuture future = inFlight;
      if (future != null) {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
          throw new IOException("The client went away", future.cause());
        }
      }
    }

    private ByteBuf buffer() throws IOException {
      ByteBuf current = buffer;
      if (current == null) {
        throw new IOException("The response is finished");
      }
      return current;
    }

    @Override
    public void close() {
      ByteBuf current = buffer;
      buffer = null;
      if (current != null) {
        current.release();
      }
    }
  }
}
