package io.aurora.server.pipeline;

import static java.util.Objects.requireNonNull;

import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.kafka.DeadLetters;
import io.aurora.kafka.KafkaPipeline;
import io.aurora.kafka.PipelineConfig;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.PipelineStatus;
import io.aurora.sql.catalog.PipelineSupport;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the catalog's pipelines on this node: twice a second it compares the pipelines the catalog
 * says should run with those running here, and starts or stops {@link KafkaPipeline}s to match.
 * Every node runs every pipeline, for its share of the topic's partitions: partition p is read by
 * the node that leads shard {@code p mod shards} of the target table (all of them on a single node;
 * shard leaders are spread over the nodes). When a node fails, its shards get new leaders within an
 * election and those nodes take its partitions over, from the offsets the tables hold. Two nodes
 * may read one partition for a moment around a change of leader; the tables apply each record once
 * whatever the overlap. A pipeline runs as its owner: each batch is written only while the owner
 * may load the table.
 */
public final class PipelineManager implements PipelineSupport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelineManager.class);

  private final ReplicatedCatalog catalog;
  private final String nodeId;
  private final ScheduledExecutorService reconciler;
  // Changed under this object's lock (reconcile, close); read without it by statuses and metrics,
  // so that a scrape never waits for a pipeline to stop.
  private final Map<String, Running> running = new ConcurrentHashMap<>();
  private volatile @Nullable Supplier<List<NodeAnswer>> others;

  private record Running(
      PipelineDefinition definition,
      KafkaPipeline pipeline,
      @Nullable SqlRecordTransform transform) {
    void close() {
      pipeline.close();
      if (transform != null) {
        transform.close();
      }
    }
  }

  public PipelineManager(ReplicatedCatalog catalog, String nodeId) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.nodeId = requireNonNull(nodeId, "nodeId is null");
    this.reconciler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-pipelines");
              thread.setDaemon(true);
              return thread;
            });
  }

  public void start() {
    reconciler.scheduleWithFixedDelay(this::reconcileQuietly, 0, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  public void validate(PipelineDefinition pipeline) {
    PipelineConfig.of(pipeline.brokers(), pipeline.topic(), pipeline.format(), pipeline.options());
    if (pipeline.isTransformed()) {
      Table target = catalog.table(pipeline.table());
      if (target != null) {
        try (SqlRecordTransform transform = new SqlRecordTransform(pipeline, target.schema())) {
          transform.check();
        }
      }
    }
  }

  @Override
  public TableSchema errorTableSchema() {
    return DeadLetters.SCHEMA;
  }

  /** One Kafka partition a node reads now, with the state of its pipeline there. */
  public record PartitionRow(
      String pipeline,
      long pipelineId,
      String state,
      @Nullable String error,
      KafkaPipeline.PartitionStatus partition,
      String nodeId) {}

  /** What another node answered: the partitions it reads, or why it did not answer. */
  public record NodeAnswer(String nodeId, List<PartitionRow> partitions, @Nullable String error) {}

  /**
   * Asks the other nodes of a cluster for the partitions they read ({@link #localPartitions} on
   * each), at most a couple of seconds, so that {@code system.pipelines} on any node shows the
   * whole cluster.
   */
  public void useOtherNodes(Supplier<List<NodeAnswer>> others) {
    this.others = requireNonNull(others, "others is null");
  }

  /** The partitions of the pipelines running on this node, one row each. */
  public List<PartitionRow> localPartitions() {
    List<PartitionRow> rows = new ArrayList<>();
    for (Running entry : running.values()) {
      KafkaPipeline pipeline = entry.pipeline();
      String state = pipeline.state().name().toLowerCase(Locale.ROOT);
      for (KafkaPipeline.PartitionStatus partition : pipeline.partitions()) {
        rows.add(
            new PartitionRow(
                entry.definition().name(),
                entry.definition().id(),
                state,
                pipeline.failure(),
                partition,
                nodeId));
      }
    }
    return rows;
  }

  /**
   * A row per partition of each running pipeline, from whichever node reads it (this one or, in a
   * cluster, another: {@link #useOtherNodes}); a partition two nodes report for a moment around a
   * change of reader shows once, from the one further ahead. A pipeline no node reads a partition
   * of yet (stopped, starting, or retrying before it could list the topic) has one row without a
   * partition. A node that did not answer adds a row per pipeline with state {@code unknown} and
   * the reason, since its partitions are missing.
   */
  @Override
  public List<PipelineStatus> statuses(List<PipelineDefinition> pipelines) {
    List<PartitionRow> partitions = localPartitions();
    List<NodeAnswer> answers = List.of();
    Supplier<List<NodeAnswer>> current = others;
    if (current != null && !pipelines.isEmpty()) {
      answers = current.get();
      for (NodeAnswer answer : answers) {
        partitions.addAll(answer.partitions());
      }
    }
    List<PipelineStatus> rows = new ArrayList<>();
    for (PipelineDefinition definition : pipelines) {
      if (!definition.isRunning()) {
        rows.add(withoutPartition(definition, "stopped", null, null));
        continue;
      }
      Map<Integer, PartitionRow> byPartition = new java.util.TreeMap<>();
      for (PartitionRow row : partitions) {
        if (row.pipeline().equals(definition.name()) && row.pipelineId() == definition.id()) {
          byPartition.merge(
              row.partition().partition(),
              row,
              (a, b) -> a.partition().committedOffset() >= b.partition().committedOffset() ? a : b);
        }
      }
      if (byPartition.isEmpty()) {
        Running here = running.get(definition.name());
        if (here == null || here.definition().id() != definition.id()) {
          rows.add(withoutPartition(definition, "running", null, null));
        } else {
          KafkaPipeline pipeline = here.pipeline();
          rows.add(
              withoutPartition(
                  definition,
                  pipeline.state().name().toLowerCase(Locale.ROOT),
                  pipeline.failure(),
                  nodeId));
        }
      }
      for (PartitionRow row : byPartition.values()) {
        KafkaPipeline.PartitionStatus partition = row.partition();
        rows.add(
            new PipelineStatus(
                definition.name(),
                definition.topic(),
                definition.table(),
                definition.format(),
                partition.partition(),
                row.state(),
                row.error(),
                partition.committedOffset(),
                partition.highWatermark(),
                partition.lagRecords(),
                partition.lagSeconds(),
                partition.rowsPerSecond(),
                partition.bytesPerSecond(),
                partition.rows(),
                partition.errors(),
                row.nodeId()));
      }
      for (NodeAnswer answer : answers) {
        if (answer.error() != null) {
          rows.add(
              withoutPartition(
                  definition,
                  "unknown",
                  "node " + answer.nodeId() + " did not answer: " + answer.error(),
                  answer.nodeId()));
        }
      }
    }
    return rows;
  }

  private static PipelineStatus withoutPartition(
      PipelineDefinition definition,
      String state,
      @Nullable String error,
      @Nullable String nodeId) {
    return new PipelineStatus(
        definition.name(),
        definition.topic(),
        definition.table(),
        definition.format(),
        null,
        state,
        error,
        -1,
        -1,
        -1,
        0,
        0,
        0,
        -1,
        -1,
        nodeId);
  }

  /**
   * One figure of every partition of the pipelines running on this node, keyed by (pipeline,
   * partition), for the Prometheus gauges; {@code figure} picks it from the partition's status.
   */
  public Map<List<String>, Number> partitionFigures(
      java.util.function.ToDoubleFunction<KafkaPipeline.PartitionStatus> figure) {
    Map<List<String>, Number> figures = new HashMap<>();
    for (Running entry : running.values()) {
      for (KafkaPipeline.PartitionStatus partition : entry.pipeline().partitions()) {
        figures.put(
            List.of(entry.definition().name(), Integer.toString(partition.partition())),
            figure.applyAsDouble(partition));
      }
    }
    return figures;
  }

  /** 1 per pipeline running on this node, labelled with its state (running, retrying, failed). */
  public Map<List<String>, Number> pipelineStates() {
    Map<List<String>, Number> states = new HashMap<>();
    for (Running entry : running.values()) {
      states.put(
          List.of(
              entry.definition().name(), entry.pipeline().state().name().toLowerCase(Locale.ROOT)),
          1);
    }
    return states;
  }

  private void reconcileQuietly() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      log.warn("Reconciling pipelines failed; trying again", e);
    }
  }

  /** Starts and stops pipelines to match the catalog; called by the reconciler thread. */
  synchronized void reconcile() {
    Map<String, PipelineDefinition> wanted = new HashMap<>();
    for (PipelineDefinition definition : catalog.localPipelines()) {
      if (definition.isRunning()) {
        wanted.put(definition.name(), definition);
      }
    }
    for (Map.Entry<String, Running> entry : new HashMap<>(running).entrySet()) {
      PipelineDefinition definition = wanted.get(entry.getKey());
      if (definition == null || definition.id() != entry.getValue().definition().id()) {
        running.remove(entry.getKey());
        entry.getValue().close();
        log.info("Pipeline[{}] stopped on node[{}]", entry.getKey(), nodeId);
      }
    }
    for (PipelineDefinition definition : wanted.values()) {
      if (running.containsKey(definition.name())) {
        continue;
      }
      PipelineConfig config;
      try {
        config =
            PipelineConfig.of(
                definition.brokers(),
                definition.topic(),
                definition.format(),
                definition.options());
      } catch (AuroraException e) {
        log.warn("Pipeline[{}] cannot start: {}", definition.name(), e.getMessage());
        continue;
      }
      SqlRecordTransform transform = null;
      if (definition.isTransformed()) {
        try {
          transform = new SqlRecordTransform(definition, table(definition.table()).schema());
        } catch (AuroraException e) {
          log.warn("Pipeline[{}] cannot start: {}", definition.name(), e.getMessage());
          continue;
        }
      }
      KafkaPipeline pipeline =
          new KafkaPipeline(
              definition.name(),
              "pipeline-" + definition.id(),
              config,
              () -> table(definition.table()),
              () -> table(definition.errorTable()),
              partition -> catalog.leadsShardOf(definition.table(), partition),
              transform,
              () -> checkOwner(definition));
      running.put(definition.name(), new Running(definition, pipeline, transform));
      pipeline.start();
      log.info(
          "Pipeline[{}] started on node[{}]: topic[{}] at[{}] into table[{}] format[{}]",
          definition.name(),
          nodeId,
          definition.topic(),
          definition.brokers(),
          definition.table(),
          definition.format());
    }
  }

  /**
   * Fails with 42501 unless the pipeline's owner may still load its table (checked before each
   * batch, against this node's catalog): a REVOKE or a dropped role holds the pipeline back, in
   * {@code retrying} with the reason, until the privilege is granted again or the pipeline dropped.
   */
  private void checkOwner(PipelineDefinition definition) {
    if (definition.owner() == null) {
      return;
    }
    try {
      definition.checkOwnerMayLoad(catalog.accessNow(), table(definition.table()).schema());
    } catch (AuroraException e) {
      throw new AuroraException(
          e.errorCode(),
          "pipeline "
              + definition.name()
              + " runs as role "
              + definition.owner()
              + ": "
              + e.getMessage());
    }
  }

  private Table table(String name) {
    Table table = catalog.table(name);
    if (table == null) {
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
    }
    return table;
  }

  @Override
  public void close() {
    reconciler.shutdownNow();
    try {
      reconciler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      for (Running entry : running.values()) {
        entry.close();
      }
      running.clear();
    }
  }
}
