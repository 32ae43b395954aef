package io.aurora.server.cluster;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.ListenableFuture;
import io.aurora.client.internal.ClusterGrpc;
import io.aurora.client.internal.FetchShardSnapshotRequest;
import io.aurora.client.internal.PipelinePartitionStatus;
import io.aurora.client.internal.PipelineStatusesRequest;
import io.aurora.client.internal.PipelineStatusesResponse;
import io.aurora.client.internal.ScanShardBatch;
import io.aurora.client.internal.ScanShardRequest;
import io.aurora.client.internal.ShardFragmentRequest;
import io.aurora.client.internal.ShardSnapshotChunk;
import io.aurora.client.proto.ErrorDetail;
import io.aurora.consensus.BatchCodec;
import io.aurora.consensus.NodeRecord;
import io.aurora.consensus.RemoteShardReader;
import io.aurora.consensus.ShardSnapshotFetcher;
import io.aurora.server.grpc.GrpcErrors;
import io.aurora.server.pipeline.PipelineManager;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.shard.Directories;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Reads shards, copies shard snapshots and asks for pipeline partitions, from other nodes over the
 * internal RPC ({@code aurora.internal.v1.Cluster}): one channel per node's gRPC address, kept for
 * the node's life; a call per scan, opened when the source is first read and cancelled when it is
 * closed. Calls carry the cluster id, and a bearer token when the cluster's nodes require one
 * (every node shares {@code auth.grpc-tokens-file}). With TLS configured, the other nodes'
 * certificates are checked against this node's certificate file, so the nodes of a cluster share a
 * certificate (chain).
 *
 * <p>Errors: a node that cannot be reached (or that holds no replica) surfaces as {@link
 * ErrorCode#UNAVAILABLE}, so the caller tries another replica; an error the other node reports
 * keeps its code.
 */
public final class GrpcShardReader
    implements RemoteShardReader, ShardSnapshotFetcher, AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String clusterId;
  private final @Nullable String token;
  private final @Nullable Path trustedCertificates;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  // A snapshot copy of several GB at a modest rate still finishes well within this.
  private static final long SNAPSHOT_DEADLINE_MINUTES = 120;
  // A node's pipeline counters are in memory: a healthy node answers within milliseconds.
  private static final long PIPELINE_STATUS_DEADLINE_MILLIS = 2_000;

  /**
   * @param token the bearer token to present, or null when the nodes require none
   * @param trustedCertificates the PEM certificates to trust for TLS, or null for plain text
   */
  public GrpcShardReader(
      String clusterId, @Nullable String token, @Nullable Path trustedCertificates) {
    this.clusterId = requireNonNull(clusterId, "clusterId is null");
    this.token = token;
    this.trustedCertificates = trustedCertificates;
  }

  @Override
  public PageSource scan(NodeRecord node, UUID groupId, ScanRequest request) {
    return new RemoteSource(node, groupId, request, null);
  }

  @Override
  public PageSource scanFragment(
      NodeRecord node, UUID groupId, ScanRequest request, String fragment) {
    return new RemoteSource(node, groupId, request, fragment);
  }

  private Channel channel(String address) {
    Channel channel =
        channels.computeIfAbsent(
            address,
            target -> {
              NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target);
              if (trustedCertificates != null) {
                try {
                  builder.sslContext(
                      GrpcSslContexts.forClient()
                          .trustManager(trustedCertificates.toFile())
                          .build());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              } else {
                builder.usePlaintext();
              }
              return builder.maxInboundMessageSize(Integer.MAX_VALUE).build();
            });
    return token == null ? channel : io.grpc.ClientInterceptors.intercept(channel, new Bearer());
  }

  /**
   * Asks every node of {@code nodes} at once for the pipeline partitions it reads, waiting at most
   * {@code PIPELINE_STATUS_DEADLINE_MILLIS} in all; a node that fails or is late answers with its
   * error.
   */
  public List<PipelineManager.NodeAnswer> pipelineStatuses(List<NodeRecord> nodes) {
    PipelineStatusesRequest request =
        PipelineStatusesRequest.newBuilder().setClusterId(clusterId).build();
    List<ListenableFuture<PipelineStatusesResponse>> calls = new ArrayList<>();
    for (NodeRecord node : nodes) {
      calls.add(
          ClusterGrpc.newFutureStub(channel(node.grpcAddress()))
              .withDeadlineAfter(PIPELINE_STATUS_DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
              .pipelineStatuses(request));
    }
    List<PipelineManager.NodeAnswer> answers = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String nodeId = nodes.get(i).nodeId();
      try {
        List<PipelineManager.PartitionRow> partitions = new ArrayList<>();
        for (PipelinePartitionStatus status : calls.get(i).get().getPartitionsList()) {
          partitions.add(PipelineStatusCodec.decode(status));
        }
        answers.add(new PipelineManager.NodeAnswer(nodeId, partitions, null));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        String reason =
            cause instanceof StatusRuntimeException status
                ? status.getStatus().getCode() + describe(status.getStatus().getDescription())
                : String.valueOf(cause);
        answers.add(new PipelineManager.NodeAnswer(nodeId, List.of(), reason));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        calls.forEach(call -> call.cancel(true));
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "interrupted while asking nodes");
      }
    }
    return answers;
  }

  private static String describe(@Nullable String description) {
    return description == null ? "" : ": " + description;
  }

  private static AuroraException toAuroraException(
      StatusRuntimeException e, NodeRecord node, UUID groupId, String what) {
    Metadata trailers = e.getTrailers();
    ErrorDetail detail = trailers == null ? null : trailers.get(GrpcErrors.ERROR_DETAIL_KEY);
    if (detail != null) {
      ErrorCode code;
      try {
        code = ErrorCode.valueOf(detail.getErrorCode());
      } catch (IllegalArgumentException unknown) {
        code = ErrorCode.INTERNAL_ERROR;
      }
      return new AuroraException(code, "Node[" + node.nodeId() + "]: " + detail.getMessage(), e);
    }
    Status.Code status = e.getStatus().getCode();
    ErrorCode code =
        status == Status.Code.UNAVAILABLE || status == Status.Code.DEADLINE_EXCEEDED
            ? ErrorCode.UNAVAILABLE
            : ErrorCode.INTERNAL_ERROR;
    return new AuroraException(
        code,
        what
            + " shard group["
            + groupId
            + "] from node["
            + node.nodeId()
            + "] at ["
            + node.grpcAddress()
            + "] failed: "
            + e.getStatus(),
        e);
  }

  /**
   * Copies a shard snapshot from {@code node} into {@code directory}: each file is written as its
   * chunks arrive, checked against the size and CRC32C of its last chunk and forced to disk.
   */
  @Override
  public void fetch(NodeRecord node, UUID groupId, long minIndex, Path directory) {
    Context.CancellableContext context = Context.current().withCancellation();
    Context previous = context.attach();
    SnapshotWriter writer = new SnapshotWriter(directory);
    try {
      Iterator<ShardSnapshotChunk> chunks =
          ClusterGrpc.newBlockingStub(channel(node.grpcAddress()))
              .withDeadlineAfter(SNAPSHOT_DEADLINE_MINUTES, TimeUnit.MINUTES)
              .fetchShardSnapshot(
                  FetchShardSnapshotRequest.newBuilder()
                      .setClusterId(clusterId)
                      .setGroupId(groupId.toString())
                      .setMinIndex(minIndex)
                      .build());
      while (chunks.hasNext()) {
        writer.write(chunks.next());
      }
      writer.finish();
    } catch (StatusRuntimeException e) {
      throw toAuroraException(e, node, groupId, "Copying the snapshot of");
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Writing the snapshot of shard group["
              + groupId
              + "] copied from node["
              + node.nodeId()
              + "] failed: "
              + e.getMessage(),
          e);
    } finally {
      writer.close();
      context.cancel(null);
      context.detach(previous);
    }
  }

  /** Writes the chunks of a snapshot's files under a directory, checking each file whole. */
  private static final class SnapshotWriter {
    private final Path directory;
    private final Set<Path> directories = new HashSet<>();
    private @Nullable FileChannel out;
    private @Nullable String path;
    private final CRC32C crc = new CRC32C();
    private long written;

    SnapshotWriter(Path directory) {
      this.directory = directory.toAbsolutePath().normalize();
    }

    void write(ShardSnapshotChunk chunk) throws IOException {
      if (out == null) {
        path = chunk.getPath();
        Path file = directory.resolve(path).normalize();
        if (path.isEmpty() || path.contains("\\") || !file.startsWith(directory)) {
          throw malformed("a file path[" + path + "] outside the snapshot");
        }
        Files.createDirectories(file.getParent());
        directories.add(file.getParent());
        out =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        crc.reset();
        written = 0;
      } else if (!chunk.getPath().equals(path)) {
        throw malformed("file[" + path + "] ended without its last chunk");
      }
      if (chunk.getOffset() != written) {
        throw malformed(
            "a chunk of file[" + path + "] at offset " + chunk.getOffset() + ", not " + written);
      }
      ByteBuffer data = chunk.getData().asReadOnlyByteBuffer();
      crc.update(data.duplicate());
      while (data.hasRemaining()) {
        out.write(data);
      }
      written += chunk.getData().size();
      if (chunk.getLast()) {
        if (written != chunk.getSize() || (int) crc.getValue() != chunk.getCrc32C()) {
          throw malformed("file[" + path + "] arrived damaged (size or checksum differs)");
        }
        out.force(true);
        out.close();
        out = null;
      }
    }

    void finish() throws IOException {
      if (out != null) {
        throw malformed("the copy ended in the middle of file[" + path + "]");
      }
      for (Path written : directories) {
        Directories.sync(written);
      }
    }

    void close() {
      if (out != null) {
        try {
          out.close();
        } catch (IOException e) {
          // The copy failed already; the caller deletes it.
        }
      }
    }

    private static AuroraException malformed(String what) {
      return new AuroraException(
          ErrorCode.PROTOCOL_VIOLATION, "A shard snapshot copy is malformed: " + what);
    }
  }

  private final class RemoteSource implements PageSource {
    private final NodeRecord node;
    private final UUID groupId;
    private final ScanRequest request;
    private final @Nullable String fragment;
    private final Context.CancellableContext context = Context.current().withCancellation();
    private @Nullable Iterator<ScanShardBatch> batches;

    RemoteSource(NodeRecord node, UUID groupId, ScanRequest request, @Nullable String fragment) {
      this.node = node;
      this.groupId = groupId;
      this.request = request;
      this.fragment = fragment;
    }

    @Override
    public @Nullable Page next() {
      try {
        Context previous = context.attach();
        try {
          if (batches == null) {
            ClusterGrpc.ClusterBlockingStub stub =
                ClusterGrpc.newBlockingStub(channel(node.grpcAddress()));
            ScanShardRequest scan = ScanRequests.toProto(clusterId, groupId, request);
            batches =
                fragment == null
                    ? stub.scanShard(scan)
                    : stub.runShardFragment(
                        ShardFragmentRequest.newBuilder()
                            .setScan(scan)
                            .setFragment(fragment)
                            .build());
          }
          if (!batches.hasNext()) {
            return null;
          }
          return BatchCodec.decode(batches.next().getPage().toByteArray()).page();
        } finally {
          context.detach(previous);
        }
      } catch (StatusRuntimeException e) {
        throw toAuroraException(e, node, groupId, "Reading");
      }
    }

    @Override
    public void close() {
      context.cancel(null);
    }
  }

  private final class Bearer implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          headers.put(AUTHORIZATION, "Bearer " + token);
          super.start(listener, headers);
        }
      };
    }
  }

  /** Closes every channel. */
  @Override
  public void close() {
    for (ManagedChannel channel : channels.values()) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels.values()) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    channels.clear();
  }
}
