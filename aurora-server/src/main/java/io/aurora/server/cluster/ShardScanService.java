package io.aurora.server.cluster;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.aurora.client.internal.ClusterGrpc;
import io.aurora.client.internal.FetchShardSnapshotRequest;
import io.aurora.client.internal.PipelineStatusesRequest;
import io.aurora.client.internal.PipelineStatusesResponse;
import io.aurora.client.internal.ScanShardBatch;
import io.aurora.client.internal.ScanShardRequest;
import io.aurora.client.internal.ShardFragmentRequest;
import io.aurora.client.internal.ShardSnapshotChunk;
import io.aurora.consensus.BatchCodec;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.consensus.ShardExport;
import io.aurora.server.grpc.GrpcErrors;
import io.aurora.server.pipeline.PipelineManager;
import io.aurora.sql.execution.ShardFragment;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.TableScan;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of calls between nodes ({@code aurora.internal.v1.Cluster}): {@code ScanShard}
 * scans this node's replica of a shard with {@link ReplicatedCatalog#scanReplica} and streams its
 * pages, one batch each in the Raft log's encoding; {@code FetchShardSnapshot} streams the files of
 * the replica's newest snapshot to a replica that must rebuild itself; {@code RunShardFragment}
 * scans the same way and runs the caller's query fragment over the pages; {@code PipelineStatuses}
 * lists the Kafka partitions this node's pipelines read. Each scan or copy runs on a thread of its
 * own, waits whenever the caller's flow control says so, and stops when the caller cancels.
 */
public final class ShardScanService extends ClusterGrpc.ClusterImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardScanService.class);

  private static final int SNAPSHOT_CHUNK_BYTES = 1 << 20;

  private final ReplicatedCatalog catalog;
  private final String clusterId;
  private final ExecutorService executor;
  private volatile @Nullable Supplier<List<PipelineManager.PartitionRow>> pipelinePartitions;

  public ShardScanService(ReplicatedCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.clusterId = catalog.node().clusterId();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "aurora-shard-scan-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void scanShard(ScanShardRequest request, StreamObserver<ScanShardBatch> observer) {
    ServerCallStreamObserver<ScanShardBatch> call =
        (ServerCallStreamObserver<ScanShardBatch>) observer;
    if (isOtherCluster(request.getClusterId(), "shard scan", call)) {
      return;
    }
    FlowControl flow = new FlowControl(call);
    executor.execute(() -> stream(request, null, call, flow));
  }

  /**
   * Scans like {@code ScanShard} and runs the caller's query fragment ({@link ShardFragment}: its
   * filter, projections and partial aggregation or top-N) over the pages, streaming its output.
   */
  @Override
  public void runShardFragment(
      ShardFragmentRequest request, StreamObserver<ScanShardBatch> observer) {
    ServerCallStreamObserver<ScanShardBatch> call =
        (ServerCallStreamObserver<ScanShardBatch>) observer;
    if (isOtherCluster(request.getScan().getClusterId(), "query fragment", call)) {
      return;
    }
    FlowControl flow = new FlowControl(call);
    executor.execute(() -> stream(request.getScan(), request.getFragment(), call, flow));
  }

  /**
   * Streams this node's newest snapshot of a shard replica ({@link
   * io.aurora.consensus.RaftNode#exportShard}) file by file, in chunks of at most 1 MiB, each
   * file's last chunk with its size and CRC32C; the export's hard links are deleted when the call
   * ends.
   */
  @Override
  public void fetchShardSnapshot(
      FetchShardSnapshotRequest request, StreamObserver<ShardSnapshotChunk> observer) {
    ServerCallStreamObserver<ShardSnapshotChunk> call =
        (ServerCallStreamObserver<ShardSnapshotChunk>) observer;
    if (isOtherCluster(request.getClusterId(), "shard snapshot copy", call)) {
      return;
    }
    FlowControl flow = new FlowControl(call);
    executor.execute(() -> sendSnapshot(request, call, flow));
  }

  /** The source of {@code PipelineStatuses}' answer: the partitions this node's pipelines read. */
  public void usePipelines(Supplier<List<PipelineManager.PartitionRow>> partitions) {
    this.pipelinePartitions = requireNonNull(partitions, "partitions is null");
  }

  /** Answers at once, from the pipelines' counters; an empty answer before pipelines run. */
  @Override
  public void pipelineStatuses(
      PipelineStatusesRequest request, StreamObserver<PipelineStatusesResponse> observer) {
    ServerCallStreamObserver<PipelineStatusesResponse> call =
        (ServerCallStreamObserver<PipelineStatusesResponse>) observer;
    if (isOtherCluster(request.getClusterId(), "pipeline status request", call)) {
      return;
    }
    PipelineStatusesResponse.Builder response = PipelineStatusesResponse.newBuilder();
    Supplier<List<PipelineManager.PartitionRow>> partitions = pipelinePartitions;
    try {
      if (partitions != null) {
        for (PipelineManager.PartitionRow row : partitions.get()) {
          response.addPartitions(PipelineStatusCodec.encode(row));
        }
      }
    } catch (RuntimeException e) {
      fail(call, "Pipeline status request", e);
      return;
    }
    call.onNext(response.build());
    call.onCompleted();
  }

  private boolean isOtherCluster(String requested, String what, ServerCallStreamObserver<?> call) {
    if (requested.equals(clusterId)) {
      return false;
    }
    log.warn(
        "Refused a {} for cluster[{}]; this node belongs to cluster[{}]",
        what,
        requested,
        clusterId);
    call.onError(
        Status.PERMISSION_DENIED
            .withDescription("This node belongs to another cluster")
            .asRuntimeException());
    return true;
  }

  private void sendSnapshot(
      FetchShardSnapshotRequest request,
      ServerCallStreamObserver<ShardSnapshotChunk> call,
      FlowControl flow) {
    long began = System.nanoTime();
    long bytes = 0;
    try {
      UUID groupId = UUID.fromString(request.getGroupId());
      try (ShardExport export = catalog.node().exportShard(groupId, request.getMinIndex())) {
        byte[] buffer = new byte[SNAPSHOT_CHUNK_BYTES];
        for (String path : export.files()) {
          Path file = export.file(path);
          long size = Files.size(file);
          CRC32C crc = new CRC32C();
          try (InputStream in = Files.newInputStream(file)) {
            long offset = 0;
            do {
              int length = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, size - offset));
              if (length == 0 && offset < size) {
                throw new IOException("file " + path + " is shorter than " + size + " bytes");
              }
              crc.update(buffer, 0, length);
              boolean isLast = offset + length >= size;
              flow.awaitReady();
              if (call.isCancelled()) {
                return;
              }
              ShardSnapshotChunk.Builder chunk =
                  ShardSnapshotChunk.newBuilder()
                      .setPath(path)
                      .setOffset(offset)
                      .setData(ByteString.copyFrom(buffer, 0, length));
              if (isLast) {
                chunk.setLast(true).setSize(size).setCrc32C((int) crc.getValue());
              }
              call.onNext(chunk.build());
              offset += length;
            } while (offset < size);
          }
          bytes += size;
        }
        call.onCompleted();
        log.info(
            "Sent the snapshot of shard group[{}] to a peer: {} files, {} bytes in {} ms",
            groupId,
            export.files().size(),
            bytes,
            (System.nanoTime() - began) / 1_000_000);
      }
    } catch (IOException | RuntimeException | InterruptedException e) {
      fail(call, "Snapshot request", e);
    }
  }

  /** Ends a call that failed with {@code e}; {@code request} names the request in errors. */
  private static void fail(ServerCallStreamObserver<?> call, String request, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      call.onError(Status.CANCELLED.withDescription("Node is stopping").asRuntimeException());
    } else if (e instanceof IllegalArgumentException) {
      call.onError(
          GrpcErrors.toStatus(
              new AuroraException(
                  ErrorCode.PROTOCOL_VIOLATION, request + " is malformed: " + e, e)));
    } else if (e instanceof IOException) {
      call.onError(
          GrpcErrors.toStatus(
              new AuroraException(
                  ErrorCode.IO_ERROR, "Reading files failed: " + e.getMessage(), e)));
    } else if (!call.isCancelled()) {
      call.onError(GrpcErrors.toStatus(e));
    }
  }

  /** Streams a scan of the replica, or with {@code fragment} that fragment's output over it. */
  private void stream(
      ScanShardRequest request,
      @Nullable String fragment,
      ServerCallStreamObserver<ScanShardBatch> call,
      FlowControl flow) {
    AtomicBoolean isCancelled = flow.isCancelled;
    try {
      UUID groupId = UUID.fromString(request.getGroupId());
      ShardFragment decoded = fragment == null ? null : ShardFragment.decode(fragment);
      TableScan scan = catalog.scanReplica(groupId, ScanRequests.fromProto(request));
      PageSource pages = scan.pages();
      try (PageSource source = decoded == null ? pages : decoded.run(pages, isCancelled)) {
        for (Page page = source.next(); page != null; page = source.next()) {
          if (page.rowCount() == 0) {
            continue;
          }
          flow.awaitReady();
          if (call.isCancelled()) {
            return;
          }
          byte[] bytes = BatchCodec.encode(page, "scan", 0);
          call.onNext(
              ScanShardBatch.newBuilder().setPage(UnsafeByteOperations.unsafeWrap(bytes)).build());
        }
      }
      call.onCompleted();
    } catch (RuntimeException | InterruptedException e) {
      if (isCancelled.get()) {
        return;
      }
      fail(call, fragment == null ? "Shard scan request" : "Query fragment request", e);
    }
  }

  /** Waits for a server call's flow control: the caller reads what was sent before. */
  private static final class FlowControl {
    private final ServerCallStreamObserver<?> call;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();

    /** Set when the caller cancels: a running query fragment stops at its next page. */
    final AtomicBoolean isCancelled = new AtomicBoolean();

    FlowControl(ServerCallStreamObserver<?> call) {
      this.call = call;
      call.setOnReadyHandler(
          () -> {
            lock.lock();
            try {
              ready.signalAll();
            } finally {
              lock.unlock();
            }
          });
      call.setOnCancelHandler(() -> isCancelled.set(true));
    }

    void awaitReady() throws InterruptedException {
      lock.lock();
      try {
        while (!call.isReady() && !call.isCancelled()) {
          // The ready handler signals; the timeout re-checks a cancellation that raced with it.
          ready.await(100, TimeUnit.MILLISECONDS);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Stops the scan threads; running scans end when their calls are cancelled by the server. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
