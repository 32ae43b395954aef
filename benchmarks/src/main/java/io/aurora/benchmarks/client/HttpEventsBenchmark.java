package io.aurora.benchmarks.client;

import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraWriter;
import io.aurora.client.WriterOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows per second through {@code POST /v1/tables/{table}/events} (newline-delimited JSON) from
 * several concurrent HTTP clients into one node, for the 10-column event table of {@link
 * IngestBenchmark}, beside the same rows through as many gRPC writers ({@link AuroraWriter}, Arrow
 * batches) into the same node in the same run. Both sides' rows are generated before the clock
 * starts; each side's count is checked afterwards. Prints a Markdown table.
 *
 * <pre>
 * deploy/aurora server --http-port 18080 --grpc-port 19090 ... &amp;
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.client.HttpEventsBenchmark http://127.0.0.1:18080 127.0.0.1:19090 \
 *     [rows=2000000] [clients=8] [rowsPerRequest=10000]
 * </pre>
 */
public final class HttpEventsBenchmark {
  private HttpEventsBenchmark() {}

  public static void main(String[] args) throws Exception {
    String http = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    String grpc = args.length > 1 ? args[1] : "127.0.0.1:9090";
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int rowsPerRequest = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;

    List<Object[]> generated = new ArrayList<>(rows);
    Random random = new Random(42);
    for (int i = 0; i < rows; i++) {
      generated.add(IngestBenchmark.row(random, i));
    }
    List<byte[]> bodies = new ArrayList<>();
    long bodyBytes = 0;
    for (int start = 0; start < rows; start += rowsPerRequest) {
      StringBuilder body = new StringBuilder(rowsPerRequest * 240);
      for (int i = start; i < Math.min(rows, start + rowsPerRequest); i++) {
        appendJson(body, generated.get(i));
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      bodyBytes += bytes.length;
      bodies.add(bytes);
    }

    String suffix = Long.toString(System.currentTimeMillis());
    String httpTable = "http_events_" + suffix;
    String grpcTable = "grpc_events_" + suffix;
    HttpClient sqlClient = HttpClient.newHttpClient();
    sql(sqlClient, http, String.format(Locale.ROOT, IngestBenchmark.CREATE_TABLE, httpTable));
    sql(sqlClient, http, String.format(Locale.ROOT, IngestBenchmark.CREATE_TABLE, grpcTable));

    double httpSeconds = loadHttp(http, httpTable, bodies, clients);
    check(sqlClient, http, httpTable, rows);
    double grpcSeconds = loadGrpc(grpc, grpcTable, generated, clients);
    check(sqlClient, http, grpcTable, rows);

    System.out.printf(
        Locale.ROOT,
        "| loader (%d clients, one node) | rows | rows/s | MB/s |%n|---|---:|---:|---:|%n"
            + "| HTTP events, NDJSON, %,d rows per request | %,d | %,.0f | %.1f |%n"
            + "| gRPC writers, Arrow batches | %,d | %,.0f | |%n%n"
            + "HTTP / gRPC: %.2f%n",
        clients,
        rowsPerRequest,
        rows,
        rows / httpSeconds,
        bodyBytes / httpSeconds / 1e6,
        rows,
        rows / grpcSeconds,
        grpcSeconds / httpSeconds);
  }

  private static double loadHttp(String http, String table, List<byte[]> bodies, int clients)
      throws Exception {
    URI uri = URI.create(http + "/v1/tables/" + table + "/events");
    AtomicInteger next = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(
            threads.submit(
                () -> {
                  HttpClient client =
                      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                  for (int i = next.getAndIncrement();
                      i < bodies.size();
                      i = next.getAndIncrement()) {
                    HttpResponse<String> response =
                        client.send(
                            HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                      throw new IllegalStateException(
                          "HTTP " + response.statusCode() + ": " + response.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      threads.shutdownNow();
    }
  }

  private static double loadGrpc(String grpc, String table, List<Object[]> rows, int clients)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try (AuroraClient client =
        AuroraClient.builder().endpoints(grpc).deadline(Duration.ofMinutes(5)).build()) {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int first = c;
        done.add(
            threads.submit(
                () -> {
                  try (AuroraWriter writer =
                      client.writer(
                          table,
                          WriterOptions.defaults()
                              .withMaxBatchRows(65_536)
                              .withMaxBatchBytes(8L << 20)
                              .withMaxInFlightBatches(4))) {
                    for (int i = first; i < rows.size(); i += clients) {
                      IngestBenchmark.write(writer, rows.get(i));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      threads.shutdownNow();
    }
  }

  /** One row as a JSON object on one line; the timestamp as ISO-8601 text in UTC. */
  private static void appendJson(StringBuilder out, Object[] values) {
    long micros = (Long) values[0];
    out.append("{\"ts\":\"")
        .append(Instant.EPOCH.plusNanos(micros * 1_000))
        .append("\",\"user_id\":")
        .append(values[1])
        .append(",\"session_id\":")
        .append(values[2])
        .append(",\"event_type\":\"")
        .append(values[3])
        .append("\",\"country\":\"")
        .append(values[4])
        .append("\",\"device\":\"")
        .append(values[5])
        .append("\",\"url\":\"")
        .append(values[6])
        .append("\",\"duration_ms\":")
        .append(values[7])
        .append(",\"revenue\":")
        .append(values[8])
        .append(",\"is_bot\":")
        .append(values[9])
        .append("}\n");
  }

  private static String sql(HttpClient client, String http, String statement) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(http + "/sql"))
                .POST(HttpRequest.BodyPublishers.ofString(statement))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          statement + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private static void check(HttpClient client, String http, String table, long rows)
      throws Exception {
    String answer = sql(client, http, "SELECT count(*) FROM " + table);
    if (!answer.contains("\"rows\":[[" + rows + "]]")) {
      throw new IllegalStateException(table + " holds other than " + rows + " rows: " + answer);
    }
  }
}
