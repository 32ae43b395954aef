package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code deploy/grafana} is valid JSON whose panels all query metrics a
 * node exports, and the metrics list in {@code docs/configuration.md} names every one of them.
 */
@Timeout(60)
class TestGrafanaDashboard {
  private static final Pattern METRIC = Pattern.compile("\\b((?:aurora|jvm)_[a-z_]+)");
  private static final List<String> SUFFIXES = List.of("_bucket", "_sum", "_count");

  @TempDir Path directory;

  @Test
  void everyPanelQueriesAMetricTheNodeExports() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    JsonNode dashboard =
        new ObjectMapper().readTree(root.resolve("deploy/grafana/aurora-dashboard.json").toFile());
    assertThat(dashboard.path("title").asText()).isEqualTo("Aurora");
    Set<String> queried = new TreeSet<>();
    List<String> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      panels.add(panel.path("title").asText());
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        Matcher names = METRIC.matcher(target.path("expr").asText());
        while (names.find()) {
          queried.add(names.group(1));
        }
      }
    }
    assertThat(panels).hasSizeGreaterThan(15);

    String scrape;
    try (AuroraNode node = AuroraNode.start(TestNodes.config(directory))) {
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora?user=aurora");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (a BIGINT)");
        statement.execute("INSERT INTO t VALUES (1)");
        statement.execute("DELETE FROM t WHERE a = 1");
        statement.executeQuery("SELECT a FROM t").close();
      }
      scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    String documented = Files.readString(root.resolve("docs/configuration.md"));
    for (String metric : queried) {
      String documentedName = withoutHistogramSuffix(metric);
      if (metric.startsWith("aurora_")) {
        assertThat(documented).as(metric).contains("`" + documentedName);
      }
      if (metric.startsWith("aurora_pipeline_")) {
        // Exported for the pipelines running on a node; this node has none.
        continue;
      }
      assertThat(scrape).as(metric).containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
    }
  }

  /** A histogram's sample name without its {@code _bucket}, {@code _sum} or {@code _count}. */
  private static String withoutHistogramSuffix(String sample) {
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        return sample.substring(0, sample.length() - suffix.length());
      }
    }
    return sample;
  }
}
