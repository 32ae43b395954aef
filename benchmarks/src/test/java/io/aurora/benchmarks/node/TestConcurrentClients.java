package io.aurora.benchmarks.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.server.pgwire.PgWireConfig;
import io.aurora.server.pgwire.PgWireServer;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** 64 clients inserting and querying at once: no errors, and exactly the acknowledged rows. */
@Timeout(120)
class TestConcurrentClients {
  @TempDir Path directory;

  @Test
  void sixtyFourClientsLoseNothing() throws Exception {
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
        SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
        PgWireServer server = new PgWireServer(engine, PgWireConfig.DEFAULT)) {
      server.start(0);
      String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/aurora?user=aurora";
      ConcurrentClients.Result result =
          new ConcurrentClients(url, 64, Duration.ofSeconds(10)).run();

      System.out.println(result.toMarkdown());
      assertThat(result.errors()).isEmpty();
      assertThat(result.acknowledgedRows()).isPositive();
      assertThat(result.storedRows()).isEqualTo(result.acknowledgedRows());
      assertThat(result.distinctIds()).isEqualTo(result.storedRows());
      assertThat(result.latencies())
          .allSatisfy(latency -> assertThat(latency.count()).isPositive());
    }
  }
}
