package io.aurora.benchmarks.client;

import io.aurora.benchmarks.LongList;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests per second and latency of a published endpoint ({@code GET /v1/endpoints/{name}}) for a
 * selective query (one user's page views, grouped), at 1 and 64 concurrent HTTP clients, beside the
 * same query prepared once per connection through pgjdbc against the same node in the same run.
 * Each client asks for random users for a fixed time after a warm-up; every answer is checked to be
 * a success. Prints a Markdown table.
 *
 * <pre>
 * deploy/aurora server --pg-port 15433 --http-port 18080 ... &amp;
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.client.EndpointBenchmark http://127.0.0.1:18080 \
 *     jdbc:postgresql://127.0.0.1:15433/aurora?user=aurora [rows=1000000] [seconds=10]
 * </pre>
 */
public final class EndpointBenchmark {
  private static final int USERS = 10_000;

  private EndpointBenchmark() {}

  /** One side at one concurrency: requests, requests per second and latency percentiles. */
  public record Result(long requests, double perSecond, double p50Millis, double p99Millis) {}

  /** A run: the endpoint and pgjdbc at each concurrency. */
  public record Run(List<Integer> clients, List<Result> endpoint, List<Result> pgjdbc) {}

  public static void main(String[] args) throws Exception {
    String http = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
    String jdbc = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5433/aurora?user=aurora";
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
    Run run = run(http, jdbc, rows, seconds, List.of(1, 64));
    System.out.printf(
        Locale.ROOT,
        "| clients | endpoint req/s | p50 ms | p99 ms | pgjdbc req/s | p50 ms | p99 ms |"
            + " endpoint / pgjdbc |%n|---:|---:|---:|---:|---:|---:|---:|---:|%n");
    for (int i = 0; i < run.clients().size(); i++) {
      Result endpoint = run.endpoint().get(i);
      Result pgjdbc = run.pgjdbc().get(i);
      System.out.printf(
          Locale.ROOT,
          "| %d | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f |%n",
          run.clients().get(i),
          endpoint.perSecond(),
          endpoint.p50Millis(),
          endpoint.p99Millis(),
          pgjdbc.perSecond(),
          pgjdbc.p50Millis(),
          pgjdbc.p99Millis(),
          endpoint.perSecond() / pgjdbc.perSecond());
    }
  }

  /** Loads {@code rows} page views, publishes the endpoint and measures both sides. */
  public static Run run(String http, String jdbc, int rows, double seconds, List<Integer> clients)
      throws Exception {
    String suffix = Long.toString(System.currentTimeMillis());
    String table = "page_views_" + suffix;
    String endpoint = "user_pages_" + suffix;
    try (Connection connection = DriverManager.getConnection(jdbc);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE " + table + " (user_id BIGINT, page VARCHAR, views BIGINT, day DATE)");
      statement.execute(
          String.format(
              Locale.ROOT,
              "INSERT INTO %s SELECT x %% %d, '/page/' || (x %% 97), x %% 13,"
                  + " DATE '2026-11-01' + (x %% 30) FROM generate_series(1, %d) AS s(x)",
              table,
              USERS,
              rows));
      statement.execute("CHECKPOINT");
      statement.execute(
          "CREATE ENDPOINT "
              + endpoint
              + " AS SELECT page, sum(views) AS views FROM "
              + table
              + " WHERE user_id = {user:BIGINT} GROUP BY page ORDER BY views DESC, page LIMIT 10");
    }
    String query =
        "SELECT page, sum(views) AS views FROM "
            + table
            + " WHERE user_id = ? GROUP BY page ORDER BY views DESC, page LIMIT 10";
    List<Result> overHttp = new ArrayList<>();
    List<Result> overJdbc = new ArrayList<>();
    for (int count : clients) {
      overHttp.add(measure(count, seconds, () -> httpCaller(http, endpoint)));
      overJdbc.add(measure(count, seconds, () -> jdbcCaller(jdbc, query)));
    }
    return new Run(List.copyOf(clients), overHttp, overJdbc);
  }

  /** Asks for one user's pages; returns the rows answered. */
  @FunctionalInterface
  interface Caller extends AutoCloseable {
    int call(long user) throws Exception;

    @Override
    default void close() throws java.sql.SQLException {}
  }

  @FunctionalInterface
  interface CallerFactory {
    Caller open() throws Exception;
  }

  private static Caller httpCaller(String http, String endpoint) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return user -> {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(http + "/v1/endpoints/" + endpoint + "?user=" + user))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
      }
      return response.body().length();
    };
  }

  private static Caller jdbcCaller(String jdbc, String query) throws Exception {
    Connection connection = DriverManager.getConnection(jdbc);
    PreparedStatement statement = connection.prepareStatement(query);
    return new Caller() {
      @Override
      public int call(long user) throws Exception {
        statement.setLong(1, user);
        int count = 0;
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            count++;
          }
        }
        return count;
      }

      @Override
      public void close() throws java.sql.SQLException {
        statement.close();
        connection.close();
      }
    };
  }

  /**
   * Runs {@code clients} callers for a warm-up of a fifth of {@code seconds}, then for {@code
   * seconds}, and summarises the measured calls.
   */
  private static Result measure(int clients, double seconds, CallerFactory factory)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      long warmUntil = System.nanoTime() + (long) (seconds * 0.2e9);
      long endAt = warmUntil + (long) (seconds * 1e9);
      List<Future<LongList>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        long seed = c;
        done.add(
            threads.submit(
                () -> {
                  java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                  LongList latencies = new LongList();
                  try (Caller caller = factory.open()) {
                    while (true) {
                      long start = System.nanoTime();
                      if (start >= endAt) {
                        break;
                      }
                      caller.call(random.nextInt(USERS));
                      if (start >= warmUntil) {
                        latencies.add(System.nanoTime() - start);
                      }
                    }
                  }
                  return latencies;
                }));
      }
      List<LongList> all = new ArrayList<>();
      int total = 0;
      for (Future<LongList> future : done) {
        LongList latencies = future.get();
        all.add(latencies);
        total += latencies.size();
      }
      long[] merged = new long[total];
      int at = 0;
      for (LongList latencies : all) {
        at = latencies.copyTo(merged, at);
      }
      Arrays.sort(merged);
      return new Result(
          total,
          total / seconds,
          LongList.percentileMillis(merged, 0.50),
          LongList.percentileMillis(merged, 0.99));
    } finally {
      threads.shutdownNow();
    }
  }
}
