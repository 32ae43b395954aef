package io.aurora.benchmarks.e2e;

import io.aurora.benchmarks.e2e.DataSets.DataSet;
import io.aurora.benchmarks.e2e.QuerySuite.QueryRun;
import io.aurora.benchmarks.e2e.QuerySuite.SuiteRun;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.sql.datasets.BenchmarkQueries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * ClickBench and SSB on a three-node cluster beside one node, in one run: the nodes run in this JVM
 * on loopback (real pgwire, gRPC and Raft between them), the tables have one replica per shard, so
 * two thirds of every scan read another node's replica. The cluster answers twice, with query
 * fragments (the replicas filter and partially aggregate their rows) and without (they send every
 * row), each time query by query beside the single node, whose answers the cluster's must equal.
 *
 * <pre>
 * java -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.e2e.ClusterQueries \
 *     WORK_DIR [HITS_ROWS=1000000] [SSB_SCALE_FACTOR=0.1]
 * </pre>
 */
public final class ClusterQueries {
  private static final long SEED = 20_261_126L;
  private static final int TIMEOUT_SECONDS = 600;

  private ClusterQueries() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int hitsRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    double ssbScale = args.length > 2 ? Double.parseDouble(args[2]) : 0.1;
    Path data = work.resolve("data");
    List<DataSet> dataSets =
        List.of(DataSets.hits(data, SEED, hitsRows), DataSets.ssb(data, SEED, ssbScale));
    Path nodes = work.resolve("nodes");
    io.aurora.storage.shard.Directories.deleteRecursively(nodes);
    List<String> seeds = freePorts(3);
    List<String> grpc = freePorts(3);
    StringBuilder report = new StringBuilder();
    try (AuroraNode single = AuroraNode.start(singleConfig(nodes.resolve("single")))) {
      List<AuroraNode> cluster = startCluster(nodes, seeds, grpc, true);
      try (Connection one = connect(single);
          Connection three = connect(cluster.get(0))) {
        for (DataSet dataSet : dataSets) {
          Loads.Load singleLoad = Loads.auroraCopy(one, dataSet);
          Loads.Load clusterLoad =
              Loads.auroraCopy(three, dataSet, " WITH (shards = 3, replication_factor = 1)");
          report.append(
              String.format(
                  Locale.ROOT,
                  "load %s: one node %.0f rows/s, three nodes %.0f rows/s (%.2fx)%n",
                  dataSet.name(),
                  singleLoad.rowsPerSecond(),
                  clusterLoad.rowsPerSecond(),
                  clusterLoad.rowsPerSecond() / singleLoad.rowsPerSecond()));
        }
        report.append(suites("round 1, fragments on", three, one));
      } finally {
        stop(cluster);
      }
      // The cluster restarts for every round, so that each setting runs both early and late
      // (the JIT keeps warming up), alternating.
      for (int round = 2; round <= 4; round++) {
        boolean fragments = round % 2 == 1;
        cluster = startCluster(nodes, seeds, grpc, fragments);
        try (Connection one = connect(single);
            Connection three = connect(cluster.get(0))) {
          report.append(
              suites("round " + round + ", fragments " + (fragments ? "on" : "off"), three, one));
        } finally {
          stop(cluster);
        }
      }
    }
    System.out.println(report);
    Files.writeString(work.resolve("cluster-queries.txt"), report, StandardCharsets.UTF_8);
  }

  private static String suites(String label, Connection cluster, Connection single)
      throws Exception {
    StringBuilder out = new StringBuilder();
    for (String suite : List.of("clickbench", "ssb")) {
      SuiteRun run =
          QuerySuite.run(
              suite,
              suite.equals("ssb") ? BenchmarkQueries.ssb() : BenchmarkQueries.clickBench(),
              cluster,
              single,
              TIMEOUT_SECONDS);
      double three = run.geometricMean(true, 1);
      double one = run.geometricMean(false, 1);
      out.append(
          String.format(
              Locale.ROOT,
              "%s, %s: hot geomean three nodes %.4f s, one node %.4f s, ratio %.2f;"
                  + " %d of %d queries differ or fail%n",
              label,
              suite,
              three,
              one,
              three / one,
              run.failures(),
              run.queries().size()));
      for (QueryRun query : run.queries()) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %s %s three %.4f one %.4f%s%s%n",
                suite,
                query.name(),
                query.auroraHot(),
                query.duckdbHot(),
                fragments(cluster, query.sql()),
                query.isOk() ? "" : " FAILED " + query.failure()));
      }
    }
    return out.toString();
  }

  /** What the query's scans send to other nodes, from its plan: "all", "filter" or nothing. */
  private static String fragments(Connection cluster, String sql) throws java.sql.SQLException {
    StringBuilder plan = new StringBuilder();
    for (List<Object> row : QuerySuite.rows(cluster, "EXPLAIN " + sql, TIMEOUT_SECONDS)) {
      plan.append(row).append('\n');
    }
    int all = count(plan.toString(), "remote shards run all of it");
    int filter = count(plan.toString(), "remote shards run the filter-projection");
    return all + filter == 0 ? "" : " fragments: " + all + " all, " + filter + " filter";
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static List<AuroraNode> startCluster(
      Path nodes, List<String> seeds, List<String> grpc, boolean fragments) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(3);
    try {
      List<Future<AuroraNode>> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int index = i;
        started.add(
            executor.submit(
                () -> AuroraNode.start(clusterConfig(nodes, seeds, grpc, index, fragments))));
      }
      List<AuroraNode> cluster = new ArrayList<>();
      for (Future<AuroraNode> node : started) {
        cluster.add(node.get());
      }
      return cluster;
    } finally {
      executor.shutdown();
    }
  }

  private static void stop(List<AuroraNode> cluster) {
    for (AuroraNode node : cluster) {
      node.close();
    }
  }

  private static NodeConfig clusterConfig(
      Path nodes, List<String> seeds, List<String> grpc, int index, boolean fragments) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", nodes.resolve("node" + (index + 1)).toString());
    flags.put("bind", "127.0.0.1");
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", port(grpc.get(index)));
    flags.put("raft-port", port(seeds.get(index)));
    flags.put("node-id", "node" + (index + 1));
    flags.put("seeds", String.join(",", seeds));
    String file = "query.remote-fragments=" + fragments + "\n";
    return NodeConfig.resolve(
        flags,
        Map.of(),
        new NodeConfig.ConfigFile("aurora.properties", file.getBytes(StandardCharsets.UTF_8)));
  }

  private static NodeConfig singleConfig(Path directory) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.toString());
    flags.put("bind", "127.0.0.1");
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", "0");
    flags.put("raft-port", "0");
    return NodeConfig.resolve(
        flags, Map.of(), new NodeConfig.ConfigFile("aurora.properties", new byte[0]));
  }

  private static Connection connect(AuroraNode node) throws java.sql.SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora");
  }

  private static String port(String address) {
    return address.substring(address.lastIndexOf(':') + 1);
  }

  private static List<String> freePorts(int count) throws IOException {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        addresses.add("127.0.0.1:" + socket.getLocalPort());
      }
    }
    return addresses;
  }
}
