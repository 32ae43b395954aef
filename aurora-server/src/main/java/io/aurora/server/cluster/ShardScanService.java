package io.aurora.server.cluster;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.UnsafeByteOperations;
import io.aurora.client.internal.ClusterGrpc;
import io.aurora.client.internal.ScanShardBatch;
import io.aurora.client.internal.ScanShardRequest;
import io.aurora.consensus.BatchCodec;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.server.grpc.GrpcErrors;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.TableScan;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving side of reads between nodes ({@code aurora.internal.v1.Cluster/ScanShard}): scans
 * this node's replica of a shard with {@link ReplicatedCatalog#scanReplica} and streams its pages,
 * one batch each in the Raft log's encoding, on a thread of its own, waiting whenever the caller's
 * flow control says so, and stopping when the caller cancels.
 */
public final class ShardScanService extends ClusterGrpc.ClusterImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardScanService.class);

  private final ReplicatedCatalog catalog;
  private final String clusterId;
  private final ExecutorService executor;

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
    if (!request.getClusterId().equals(clusterId)) {
      log.warn(
          "Refused a shard scan for cluster[{}]; this node belongs to cluster[{}]",
          request.getClusterId(),
          clusterId);
      call.onError(
          Status.PERMISSION_DENIED
              .withDescription("This node belongs to another cluster")
              .asRuntimeException());
      return;
    }
    ReentrantLock lock = new ReentrantLock();
    Condition ready = lock.newCondition();
    call.setOnReadyHandler(
        () -> {
          lock.lock();
          try {
            ready.signalAll();
          } finally {
            lock.unlock();
          }
        });
    call.setOnCancelHandler(() -> {});
    executor.execute(() -> stream(request, call, lock, ready));
  }

  private void stream(
      ScanShardRequest request,
      ServerCallStreamObserver<ScanShardBatch> call,
      ReentrantLock lock,
      Condition ready) {
    try {
      UUID groupId = UUID.fromString(request.getGroupId());
      TableScan scan = catalog.scanReplica(groupId, ScanRequests.fromProto(request));
      for (ScanSplit split : scan.splits()) {
        try (PageSource source = split.open()) {
          for (Page page = source.next(); page != null; page = source.next()) {
            if (page.rowCount() == 0) {
              continue;
            }
            awaitReady(call, lock, ready);
            if (call.isCancelled()) {
              return;
            }
            byte[] bytes = BatchCodec.encode(page, "scan", 0);
            call.onNext(
                ScanShardBatch.newBuilder()
                    .setPage(UnsafeByteOperations.unsafeWrap(bytes))
                    .build());
          }
        }
      }
      call.onCompleted();
    } catch (IllegalArgumentException e) {
      call.onError(
          GrpcErrors.toStatus(
              new AuroraException(
                  ErrorCode.PROTOCOL_VIOLATION, "Shard scan request is malformed: " + e, e)));
    } catch (RuntimeException e) {
      if (!call.isCancelled()) {
        call.onError(GrpcErrors.toStatus(e));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.onError(Status.CANCELLED.withDescription("Node is stopping").asRuntimeException());
    }
  }

  private static void awaitReady(
      ServerCallStreamObserver<ScanShardBatch> call, ReentrantLock lock, Condition ready)
      throws InterruptedException {
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

  /** Stops the scan threads; running scans end when their calls are cancelled by the server. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
