package io.aurora.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.client.proto.AuroraGrpc;
import io.aurora.client.proto.Column;
import io.aurora.client.proto.ColumnType;
import io.aurora.client.proto.DescribeTableRequest;
import io.aurora.client.proto.DescribeTableResponse;
import io.aurora.client.proto.ExecuteRequest;
import io.aurora.client.proto.ExecuteResponse;
import io.aurora.client.proto.IngestRequest;
import io.aurora.client.proto.IngestResponse;
import io.aurora.client.proto.ListTablesRequest;
import io.aurora.client.proto.ListTablesResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a fake Aurora service on 127.0.0.1: failover, retries, writer resends. */
@Timeout(60)
class TestAuroraClient {
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Server server : servers) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void failsOverToTheNextEndpointWhenOneIsDown() throws IOException {
    FakeAurora fake = new FakeAurora();
    int port = serve(fake);
    try (AuroraClient client =
        AuroraClient.builder()
            .endpoints("127.0.0.1:" + freePort(), "127.0.0.1:" + port)
            .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build()) {
      assertThat(client.listTables()).containsExactly("events");
      assertThat(client.listTables()).containsExactly("events");
    }
  }

  @Test
  void retriesUnavailableButNotOtherErrors() throws IOException {
    FakeAurora fake = new FakeAurora();
    fake.unavailableCalls.set(2);
    int port = serve(fake);
    try (AuroraClient client = client(port)) {
      assertThat(client.listTables()).containsExactly("events");
      assertThat(fake.listCalls.get()).isEqualTo(3);
      assertThatThrownBy(() -> client.execute("DROP TABLE x"))
          .isInstanceOfSatisfying(
              AuroraClientException.class,
              e -> assertThat(e.statusCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
      assertThat(fake.executeCalls.get()).isEqualTo(1);
    }
  }

  @Test
  void writerResendsUnacknowledgedBatchesWithTheirSequence() throws IOException {
    FakeAurora fake = new FakeAurora();
    fake.failStreamAfterBatches.set(3);
    int port = serve(fake);
    try (AuroraClient client = client(port)) {
      try (AuroraWriter writer =
          client.writer("events", WriterOptions.defaults().withMaxBatchRows(10))) {
        for (long i = 0; i < 100; i++) {
          writer.newRow().set("id", i).write();
        }
        writer.flush();
        assertThat(writer.rowsAcknowledged()).isEqualTo(100);
      }
    }
    // The third batch was received, not acknowledged, and sent again with the same sequence.
    assertThat(fake.sequences).hasSize(11);
    assertThat(fake.sequences.stream().distinct().count()).isEqualTo(10);
    assertThat(fake.sequences.get(2)).isEqualTo(fake.sequences.get(3));
    assertThat(fake.sequences.stream().distinct().sorted().toList())
        .isEqualTo(fake.sequences.stream().distinct().toList());
  }

  @Test
  void writerAppliesBackPressureWhenBatchesAreNotAcknowledged() throws Exception {
    FakeAurora fake = new FakeAurora();
    fake.holdAcknowledgements = new CountDownLatch(1);
    int port = serve(fake);
    try (AuroraClient client = client(port)) {
      AuroraWriter writer =
          client.writer(
              "events", WriterOptions.defaults().withMaxBatchRows(1).withMaxInFlightBatches(2));
      AtomicBoolean isThirdWritten = new AtomicBoolean();
      Thread producer =
          new Thread(
              () -> {
                for (long i = 0; i < 3; i++) {
                  writer.newRow().set("id", i).write();
                }
                isThirdWritten.set(true);
              });
      producer.start();
      while (producer.getState() != Thread.State.WAITING || fake.sequences.size() < 2) {
        Thread.sleep(5);
      }
      assertThat(isThirdWritten).isFalse();
      assertThat(fake.sequences).hasSize(2);
      fake.holdAcknowledgements.countDown();
      producer.join();
      writer.close();
      assertThat(isThirdWritten).isTrue();
      assertThat(writer.rowsAcknowledged()).isEqualTo(3);
    }
  }

  private AuroraClient client(int port) {
    return AuroraClient.builder()
        .endpoints("127.0.0.1:" + port)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
        .build();
  }

  private int serve(FakeAurora fake) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(fake)
            .build()
            .start();
    servers.add(server);
    return server.getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A table {@code events (id BIGINT)}; ingest acknowledges batches unless told otherwise. */
  private static final class FakeAurora extends AuroraGrpc.AuroraImplBase {
    final AtomicInteger unavailableCalls = new AtomicInteger();
    final AtomicInteger listCalls = new AtomicInteger();
    final AtomicInteger executeCalls = new AtomicInteger();
    final AtomicInteger failStreamAfterBatches = new AtomicInteger(-1);
    final List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch holdAcknowledgements = new CountDownLatch(0);

    @Override
    public void listTables(ListTablesRequest request, StreamObserver<ListTablesResponse> observer) {
      listCalls.incrementAndGet();
      if (unavailableCalls.getAndDecrement() > 0) {
        observer.onError(Status.UNAVAILABLE.withDescription("starting").asRuntimeException());
        return;
      }
      observer.onNext(ListTablesResponse.newBuilder().addTables("events").build());
      observer.onCompleted();
    }

    @Override
    public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> observer) {
      executeCalls.incrementAndGet();
      observer.onError(Status.FAILED_PRECONDITION.asRuntimeException());
    }

    @Override
    public void describeTable(
        DescribeTableRequest request, StreamObserver<DescribeTableResponse> observer) {
      observer.onNext(
          DescribeTableResponse.newBuilder()
              .setTable("events")
              .addColumns(
                  Column.newBuilder().setName("id").setType(ColumnType.BIGINT).setNullable(true))
              .build());
      observer.onCompleted();
    }

    @Override
    public StreamObserver<IngestRequest> ingest(StreamObserver<IngestResponse> observer) {
      // Answers go out on one thread, in order, after holdAcknowledgements opens.
      ExecutorService answers = Executors.newSingleThreadExecutor();
      return new StreamObserver<>() {
        private boolean isFailed;

        @Override
        public void onNext(IngestRequest request) {
          if (isFailed) {
            return;
          }
          sequences.add(request.getSequence());
          if (sequences.size() == failStreamAfterBatches.get()) {
            isFailed = true;
            answers.execute(
                () ->
                    observer.onError(
                        Status.UNAVAILABLE.withDescription("restart").asRuntimeException()));
            return;
          }
          int rows = rowCount(request);
          answers.execute(
              () -> {
                try {
                  holdAcknowledgements.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                observer.onNext(
                    IngestResponse.newBuilder()
                        .setSequence(request.getSequence())
                        .setRowsAccepted(rows)
                        .build());
              });
        }

        @Override
        public void onError(Throwable error) {
          answers.shutdown();
        }

        @Override
        public void onCompleted() {
          answers.execute(observer::onCompleted);
          answers.shutdown();
        }
      };
    }

    private static int rowCount(IngestRequest request) {
      try (BufferAllocator allocator = new RootAllocator();
          ArrowStreamReader reader =
              new ArrowStreamReader(request.getArrowBatch().newInput(), allocator)) {
        reader.loadNextBatch();
        return reader.getVectorSchemaRoot().getRowCount();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
