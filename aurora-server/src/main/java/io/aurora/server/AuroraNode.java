package io.aurora.server;

import static java.util.Objects.requireNonNull;

import io.aurora.consensus.GroupStatus;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.kafka.KafkaPipeline;
import io.aurora.server.auth.TokenRateLimiter;
import io.aurora.server.cluster.GrpcShardReader;
import io.aurora.server.cluster.ShardScanService;
import io.aurora.server.grpc.GrpcServer;
import io.aurora.server.http.HttpServer;
import io.aurora.server.http.SqlEndpoint;
import io.aurora.server.pgwire.PgWireServer;
import io.aurora.server.pgwire.TlsContexts;
import io.aurora.server.pipeline.PipelineManager;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.shard.StorageWork;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Aurora node: it owns the HTTP endpoint, the catalog, the SQL engine and the PostgreSQL
 * endpoint and the gRPC endpoint, starts them in that order and closes them in reverse. The HTTP
 * endpoint comes first so that {@code /health} answers and {@code /ready} says 503 while the
 * catalog opens (with Raft this includes replaying the log and electing leaders); the node is ready
 * once the PostgreSQL and gRPC endpoints accept connections.
 *
 * <pre>
 *   start: check data directory and ports ─▶ HTTP ─▶ catalog ─▶ engine ─▶ PostgreSQL ─▶ gRPC
 *          ─▶ announce the client addresses in the catalog ─▶ READY
 *   close: not ready ─▶ end gRPC calls (Ingest at once, queries within shutdown.grace-period)
 *          ─▶ stop accepting ─▶ wait for running statements (shutdown.grace-period)
 *          ─▶ cancel the rest (57014) ─▶ close PostgreSQL sessions ─▶ snapshot the catalog
 *          ─▶ close engine, catalog, HTTP ─▶ STOPPED
 * </pre>
 *
 * <p>Every start failure is an {@link AuroraException} whose message is one sentence for the
 * operator (port in use, data directory not writable, ...); whatever had started is closed again.
 *
 * <pre>{@code
 * try (AuroraNode node = AuroraNode.start(NodeConfig.defaults())) {
 *   System.out.println(node.readyLine());
 *   ...
 * } // graceful shutdown
 * }</pre>
 */
public final class AuroraNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuroraNode.class);

  /** How long cancelled statements get to end (and send 57014) before their connections close. */
  private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

  private static final String WRITE_CHECK_FILE = ".aurora-write-check";

  private final NodeConfig config;
  private final NodeMetrics metrics = new NodeMetrics();
  private volatile State state = State.STARTING;
  private @Nullable HttpServer http;
  private @Nullable OpenCatalog catalog;
  private @Nullable SqlEngine engine;
  private @Nullable QueryLog queryLog;
  private @Nullable PgWireServer pgwire;
  private @Nullable GrpcServer grpc;
  private @Nullable ReplicatedCatalog replicated;
  private @Nullable ShardScanService shardScans;
  private @Nullable GrpcShardReader shardReader;
  private @Nullable PipelineManager pipelines;

  private AuroraNode(NodeConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /**
   * Starts a node and returns once it accepts queries.
   *
   * @throws AuroraException when it cannot start, with a message for the operator
   */
  public static AuroraNode start(NodeConfig config) {
    AuroraNode node = new AuroraNode(config);
    try {
      node.startComponents();
      return node;
    } catch (RuntimeException e) {
      node.closeComponents();
      throw e;
    }
  }

  private void startComponents() {
    Path dataDirectory = config.dataDirectory().toAbsolutePath();
    checkDataDirectory(dataDirectory);
    checkPortFree("PostgreSQL", NodeConfig.PG_PORT, config.pgPort());
    checkPortFree("HTTP", NodeConfig.HTTP_PORT, config.httpPort());
    checkPortFree("gRPC", NodeConfig.GRPC_PORT, config.grpcPort());
    checkPortFree("Raft", NodeConfig.RAFT_PORT, config.raftPort());
    LOG.info("Starting Aurora {} with data directory[{}]", version(), dataDirectory);
    if (config.membership().isCluster()) {
      LOG.info(
          "Node[{}] joins the cluster of seeds{} as Raft address[{}]",
          config.membership().nodeId(),
          config.membership().seeds(),
          NodeConfig.hostPort(config.advertiseHost(), config.raftPort()));
    }

    HttpServer startedHttp = new HttpServer(this::isReady, metrics);
    http = startedHttp;
    bind(
        "HTTP",
        NodeConfig.HTTP_PORT,
        config.httpPort(),
        () ->
            startedHttp.start(
                bindHost(), config.httpPort(), TlsContexts.forServer(config.pgwire())));

    OpenCatalog openedCatalog = openCatalog(config);
    catalog = openedCatalog;
    QueryLog startedQueryLog = new QueryLog(openedCatalog.catalog(), nodeName(), config.queryLog());
    queryLog = startedQueryLog;
    if (!config.membership().isCluster()) {
      startedQueryLog.createTable();
    }
    metrics.gauge(
        "aurora_query_log_dropped",
        "Finished statements the query log could not keep (queue full or a failed write)",
        startedQueryLog::droppedEntries);
    SqlEngine startedEngine =
        new SqlEngine(
            openedCatalog.catalog(),
            config.engine(),
            metrics.statementListener().andThen(startedQueryLog));
    engine = startedEngine;

    PgWireServer startedPgwire =
        new PgWireServer(startedEngine, config.pgwire(), config.transaction());
    pgwire = startedPgwire;
    startedEngine.setSessionDirectory(startedPgwire);
    TokenRateLimiter tokenRates = new TokenRateLimiter(System::nanoTime);
    startedHttp.setSqlEndpoint(
        new SqlEndpoint(
            startedEngine,
            startedPgwire.authenticator(),
            config.pgwire().database(),
            config.pgwire().user(),
            startedPgwire.loginThrottle(),
            tokenRates));
    metrics.gauge(
        "aurora_pgwire_connections", "Open PostgreSQL sessions", startedPgwire::sessionCount);
    metrics.gauge(
        "aurora_pgwire_sessions_busy",
        "PostgreSQL sessions running a statement now",
        startedPgwire::busySessionCount);
    metrics.gauge(
        "aurora_queries_running",
        "Statements the engine runs now, from every protocol (system.queries)",
        () -> startedEngine.runningQueries().size());
    metrics.gauge(
        "aurora_query_memory_bytes",
        "Memory the running statements' operators hold now (hash tables, sorts, windows)",
        () -> {
          long bytes = 0;
          for (io.aurora.sql.catalog.RunningQuery query : startedEngine.runningQueries()) {
            bytes += query.memoryBytes();
          }
          return bytes;
        });
    bind(
        "PostgreSQL",
        NodeConfig.PG_PORT,
        config.pgPort(),
        () -> startedPgwire.start(bindHost(), config.pgPort()));

    GrpcServer startedGrpc =
        new GrpcServer(
            startedEngine,
            config.grpc(),
            config.pgwire().tlsCertFile(),
            config.pgwire().tlsKeyFile(),
            this::isReady,
            version());
    startedGrpc.setTokenRateLimiter(tokenRates);
    grpc = startedGrpc;
    ReplicatedCatalog currentReplicated = requireNonNull(replicated, "replicated catalog");
    if (config.membership().isCluster()) {
      ShardScanService scans = new ShardScanService(currentReplicated);
      shardScans = scans;
      startedGrpc.addInternalService(scans);
    }
    bind(
        "gRPC",
        NodeConfig.GRPC_PORT,
        config.grpcPort(),
        () -> startedGrpc.start(bindHost(), config.grpcPort()));
    if (config.membership().isCluster()) {
      // Shards this node holds no replica of are read from the other nodes' gRPC endpoints.
      GrpcShardReader reader =
          new GrpcShardReader(
              currentReplicated.node().clusterId(),
              startedGrpc.firstToken(),
              config.pgwire().tlsCertFile());
      shardReader = reader;
      currentReplicated.useRemoteReader(reader);
      // Replicas that fell behind their leader's log copy a snapshot from the leader's node.
      currentReplicated.node().useSnapshotFetcher(reader);
    }
    announce(openedCatalog);
    PipelineManager startedPipelines = new PipelineManager(currentReplicated, nodeName());
    pipelines = startedPipelines;
    currentReplicated.setPipelineSupport(startedPipelines);
    ShardScanService currentScans = shardScans;
    GrpcShardReader currentReader = shardReader;
    if (currentScans != null && currentReader != null) {
      // system.pipelines on any node shows the partitions every node reads.
      currentScans.usePipelines(startedPipelines::localPartitions);
      startedPipelines.useOtherNodes(
          () -> currentReader.pipelineStatuses(currentReplicated.otherNodes()));
    }
    registerPipelineMetrics(startedPipelines);
    startedPipelines.start();
    state = State.READY;
    LOG.info(
        "Node ready: PostgreSQL on {}:{}, gRPC on {}:{}, HTTP on {}:{}",
        bindHost(),
        pgPort(),
        bindHost(),
        grpcPort(),
        bindHost(),
        httpPort());
  }

  /**
   * Opens the node's catalog: the {@link ReplicatedCatalog} over {@code <data-dir>}, whose Raft
   * server listens on the bind host and {@code raft-port} and, in a cluster, is reached by the
   * other nodes on {@code advertise-host} and the same port. It returns once every table and every
   * acknowledged row is back. Registers the Raft gauges: per group, the commit index and how far
   * the applied index lags it.
   */
  private OpenCatalog openCatalog(NodeConfig config) {
    ReplicatedCatalog replicated =
        ReplicatedCatalog.open(
            config.dataDirectory().toAbsolutePath(),
            bindHost(),
            config.raftPort(),
            config.storage(),
            config.consensus(),
            config.membership());
    this.replicated = replicated;
    metrics.gaugePerLabel(
        "aurora_raft_commit_index",
        "Raft commit index per group (the catalog, or a shard's group id)",
        "group",
        () -> raftGauge(replicated, false));
    metrics.gaugePerLabel(
        "aurora_raft_apply_lag",
        "Committed Raft entries not yet applied to the state machine, per group",
        "group",
        () -> raftGauge(replicated, true));
    BlockCache cache = replicated.node().blockCache();
    metrics.counter(
        "aurora_block_cache_hits",
        "Reads of a decoded block the node's block cache answered",
        cache::hits);
    metrics.counter(
        "aurora_block_cache_misses",
        "Reads of a decoded block the node's block cache did not hold (decoded from the file)",
        cache::misses);
    metrics.gauge(
        "aurora_block_cache_bytes", "Bytes of decoded blocks the cache holds", cache::sizeBytes);
    StorageWork work = replicated.node().storageWork();
    metrics.counter(
        "aurora_segments_sealed",
        "Segments the node's shard replicas sealed from memory to files",
        work::segmentsSealed);
    metrics.counter("aurora_rows_sealed", "Rows in the segments sealed", work::rowsSealed);
    metrics.counter("aurora_seal_seconds", "Time spent sealing segments", work::sealSeconds);
    metrics.counter(
        "aurora_compactions",
        "Compactions of the node's shard replicas (several segments merged into one)",
        work::compactions);
    metrics.counter(
        "aurora_segments_compacted",
        "Segments merged away by compactions",
        work::segmentsCompacted);
    metrics.counter("aurora_rows_compacted", "Rows written by compactions", work::rowsCompacted);
    metrics.counter(
        "aurora_compaction_seconds", "Time spent in compactions", work::compactionSeconds);
    metrics.counter(
        "aurora_shard_snapshots", "Raft snapshots of the node's shard replicas", work::snapshots);
    metrics.counter(
        "aurora_shard_snapshot_seconds",
        "Time spent taking shard snapshots",
        work::snapshotSeconds);
    metrics.gauge(
        "aurora_block_cache_capacity_bytes",
        "The block cache's capacity (storage.block-cache-bytes)",
        cache::capacityBytes);
    return new OpenCatalog(replicated, replicated::snapshotAll, replicated, replicated::announce);
  }

  /**
   * Records this node's PostgreSQL and gRPC addresses (on {@code advertise-host}) in the catalog,
   * so that {@code system.nodes} shows where to connect. The node serves queries without it, so a
   * failure is a warning and not a failed start.
   */
  private void announce(OpenCatalog openedCatalog) {
    String sqlAddress = NodeConfig.hostPort(config.advertiseHost(), pgPort());
    String grpcAddress = NodeConfig.hostPort(config.advertiseHost(), grpcPort());
    try {
      openedCatalog.announcer().accept(sqlAddress, grpcAddress);
    } catch (RuntimeException e) {
      LOG.warn(
          "Announcing PostgreSQL address[{}] and gRPC address[{}] failed; system.nodes may not"
              + " show them: {}",
          sqlAddress,
          grpcAddress,
          e.toString());
    }
  }

  private void registerPipelineMetrics(PipelineManager manager) {
    List<String> labels = List.of("pipeline", "partition");
    metrics.gaugePerLabels(
        "aurora_pipeline_state",
        "1 per pipeline running on this node, labelled with its state (running, retrying, failed)",
        List.of("pipeline", "state"),
        manager::pipelineStates);
    metrics.gaugePerLabels(
        "aurora_pipeline_committed_offset",
        "The Kafka offset up to which a pipeline's partition is committed to the table",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::committedOffset));
    metrics.gaugePerLabels(
        "aurora_pipeline_high_watermark",
        "The partition's last stable offset in Kafka, as the pipeline last read it",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::highWatermark));
    metrics.gaugePerLabels(
        "aurora_pipeline_lag_records",
        "Offsets of a pipeline's partition not yet in the table (an upper bound on records)",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::lagRecords));
    metrics.gaugePerLabels(
        "aurora_pipeline_lag_seconds",
        "Age of the last record read while a pipeline's partition lags, in seconds",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::lagSeconds));
    metrics.gaugePerLabels(
        "aurora_pipeline_rows_per_second",
        "Rows a pipeline's partition loaded per second, over the last second or so",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::rowsPerSecond));
    metrics.gaugePerLabels(
        "aurora_pipeline_bytes_per_second",
        "Record bytes a pipeline's partition read per second, over the last second or so",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::bytesPerSecond));
    metrics.gaugePerLabels(
        "aurora_pipeline_rows_loaded",
        "Rows a pipeline's partition loaded since the pipeline started on this node",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::rows));
    metrics.gaugePerLabels(
        "aurora_pipeline_bad_records",
        "Records a pipeline's partition sent to its dead-letter table since it started here",
        labels,
        () -> manager.partitionFigures(KafkaPipeline.PartitionStatus::errors));
  }

  private static Map<String, Long> raftGauge(ReplicatedCatalog catalog, boolean isLag) {
    Map<String, Long> values = new TreeMap<>();
    for (GroupStatus group : catalog.groups()) {
      String label = group.isCatalog() ? "catalog" : group.groupId().toString();
      values.put(
          label,
          isLag
              ? Math.max(0, group.commitIndex() - group.lastAppliedIndex())
              : group.commitIndex());
    }
    return values;
  }

  /** Makes the catalog's rows durable without the log: sealed segments, a Raft snapshot. */
  private void snapshotCatalog() {
    OpenCatalog current = catalog;
    if (current != null) {
      current.snapshot().run();
    }
  }

  public NodeConfig config() {
    return config;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /** Whether the node accepts queries: after start and before shutdown begins. */
  public boolean isReady() {
    return state == State.READY;
  }

  /** The bound PostgreSQL port (the configured one, or the ephemeral one for 0). */
  public int pgPort() {
    return requireNonNull(pgwire, "node is not started").port();
  }

  /** The bound gRPC port (the configured one, or the ephemeral one for 0). */
  public int grpcPort() {
    return requireNonNull(grpc, "node is not started").port();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return requireNonNull(http, "node is not started").port();
  }

  /** The line that tells a user how to connect, printed on stdout once the node is ready. */
  public String readyLine() {
    String host = bindHost();
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    String line =
        "Aurora "
            + version()
            + " ready; connect with: psql -h "
            + host
            + " -p "
            + pgPort()
            + " -U "
            + config.pgwire().user();
    if (!config.pgwire().database().equals(config.pgwire().user())) {
      line += " -d " + config.pgwire().database();
    }
    return line;
  }

  /** The version of this build, from the jar's resources. */
  public static String version() {
    try (InputStream input = AuroraNode.class.getResourceAsStream("version.properties")) {
      if (input != null) {
        Properties properties = new Properties();
        properties.load(input);
        return properties.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      LOG.debug("Reading the version failed", e);
    }
    return "unknown";
  }

  /**
   * Shuts the node down gracefully, logging one line per phase: readiness goes to 503, no new
   * PostgreSQL connections are accepted, running statements get {@code shutdown.grace-period} to
   * finish and are then cancelled (their clients receive SQLSTATE 57014), the sessions close, the
   * catalog takes a snapshot, and the engine, catalog and HTTP endpoint close. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.STOPPING;
    LOG.info("Shutdown: not ready");
    GrpcServer currentGrpc = grpc;
    if (currentGrpc != null) {
      currentGrpc.shutdown(config.shutdownGracePeriod());
      LOG.info("Shutdown: gRPC calls ended");
    }
    PgWireServer currentPgwire = pgwire;
    if (currentPgwire != null) {
      currentPgwire.stopAccepting();
      int busy = currentPgwire.busySessionCount();
      LOG.info(
          "Shutdown: stopped accepting PostgreSQL connections; open sessions[{}], running[{}]",
          currentPgwire.sessionCount(),
          busy);
      if (busy > 0 && !awaitIdle(currentPgwire, config.shutdownGracePeriod())) {
        int cancelled = currentPgwire.cancelAll();
        LOG.info(
            "Shutdown: cancelled statements[{}] still running after grace period[{}]",
            cancelled,
            config.shutdownGracePeriod());
        if (!awaitIdle(currentPgwire, CANCEL_WAIT)) {
          LOG.warn(
              "Shutdown: sessions[{}] still busy after cancelling; closing them",
              currentPgwire.busySessionCount());
        }
      } else if (busy > 0) {
        LOG.info("Shutdown: running statements finished");
      }
      LOG.info("Shutdown: closing PostgreSQL sessions[{}]", currentPgwire.sessionCount());
    }
    try {
      closeSessionsAndSnapshot();
    } finally {
      closeComponents();
      state = State.STOPPED;
      LOG.info("Shutdown: closed");
    }
  }

  private void closeSessionsAndSnapshot() {
    PgWireServer currentPgwire = pgwire;
    if (currentPgwire != null) {
      currentPgwire.close();
    }
    QueryLog currentQueryLog = queryLog;
    if (currentQueryLog != null) {
      currentQueryLog.close();
      LOG.info("Shutdown: query log written");
    }
    if (catalog != null) {
      snapshotCatalog();
      LOG.info("Shutdown: catalog snapshot taken");
    }
  }

  /** Closes whatever has started, in reverse order; safe to call more than once. */
  private void closeComponents() {
    PipelineManager currentPipelines = pipelines;
    if (currentPipelines != null) {
      currentPipelines.close();
    }
    GrpcServer currentGrpc = grpc;
    if (currentGrpc != null) {
      currentGrpc.close();
    }
    ShardScanService currentScans = shardScans;
    if (currentScans != null) {
      currentScans.close();
    }
    GrpcShardReader currentReader = shardReader;
    if (currentReader != null) {
      currentReader.close();
    }
    PgWireServer currentPgwire = pgwire;
    if (currentPgwire != null) {
      currentPgwire.close();
    }
    QueryLog currentQueryLog = queryLog;
    if (currentQueryLog != null) {
      currentQueryLog.close();
    }
    SqlEngine currentEngine = engine;
    if (currentEngine != null) {
      currentEngine.close();
    }
    OpenCatalog currentCatalog = catalog;
    catalog = null;
    if (currentCatalog != null) {
      try {
        currentCatalog.closer().close();
      } catch (Exception e) {
        LOG.warn("Closing the catalog failed: {}", e.toString());
      }
    }
    HttpServer currentHttp = http;
    if (currentHttp != null) {
      currentHttp.close();
    }
  }

  /** The node's name: its {@code node-id} in a cluster, its Raft peer id on a single node. */
  private String nodeName() {
    if (!config.membership().nodeId().isEmpty()) {
      return config.membership().nodeId();
    }
    return requireNonNull(replicated, "replicated catalog").node().self().id();
  }

  private static boolean awaitIdle(PgWireServer server, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.busySessionCount() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private String bindHost() {
    return config.bindHost();
  }

  private static void checkDataDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Data directory[" + directory + "] is not a directory (setting data-dir)");
    } catch (IOException | SecurityException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Data directory[" + directory + "] cannot be created (setting data-dir): " + e,
          e);
    }
    Path probe = directory.resolve(WRITE_CHECK_FILE);
    try {
      Files.deleteIfExists(probe);
      Files.write(probe, new byte[] {1});
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Data directory[" + directory + "] is not writable (setting data-dir): " + e,
          e);
    }
  }

  /**
   * Fails early, before anything starts, when a port is taken, so that the operator sees one line
   * and not the logs of components that started and closed again.
   */
  private void checkPortFree(String what, String setting, int port) {
    if (port == 0) {
      return;
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bindHost());
    } catch (UnknownHostException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[bind] is [" + bindHost() + "], not a host name or address that resolves");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw bindFailure(what, setting, port, e);
    }
  }

  private void bind(String what, String setting, int port, Starter starter) {
    try {
      starter.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "Start was interrupted", e);
    } catch (Exception e) {
      // Netty rethrows the bind's IOException without declaring it.
      throw bindFailure(what, setting, port, e);
    }
  }

  private AuroraException bindFailure(String what, String setting, int port, Exception e) {
    if (e instanceof BindException && String.valueOf(e.getMessage()).contains("in use")) {
      return new AuroraException(
          ErrorCode.IO_ERROR,
          what
              + " port["
              + port
              + "] on ["
              + bindHost()
              + "] is already in use (setting "
              + setting
              + ")",
          e);
    }
    return new AuroraException(
        ErrorCode.IO_ERROR,
        what
            + " cannot listen on ["
            + bindHost()
            + "]:["
            + port
            + "] (settings bind, "
            + setting
            + "): "
            + e.getMessage(),
        e);
  }

  @FunctionalInterface
  private interface Starter {
    void start() throws Exception;
  }

  private enum State {
    STARTING,
    READY,
    STOPPING,
    STOPPED
  }

  /**
   * The catalog as the node uses it: what the engine reads, its snapshot, how to close it, and how
   * to record the node's client addresses (PostgreSQL, gRPC) in it.
   */
  private record OpenCatalog(
      Catalog catalog,
      Runnable snapshot,
      AutoCloseable closer,
      BiConsumer<String, String> announcer) {}
}
