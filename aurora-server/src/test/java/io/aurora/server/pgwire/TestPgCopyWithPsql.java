package io.aurora.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** psql's {@code \copy}, which sends COPY with the legacy options, as users type them. */
@Timeout(60)
class TestPgCopyWithPsql {
  private static final Path PSQL = Path.of("/usr/bin/psql");

  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;
  private PgWireServer server;

  @BeforeEach
  void start() throws InterruptedException {
    assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
    catalog = new LocalCatalog(directory.resolve("data"), StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
    server = new PgWireServer(engine, PgWireConfig.DEFAULT);
    server.start(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      engine.close();
      catalog.close();
    }
  }

  @Test
  void backslashCopyInAndOut() throws Exception {
    engine.execute("CREATE TABLE events (id INTEGER, name VARCHAR, price DOUBLE)");
    Path input = directory.resolve("events.csv");
    Files.writeString(input, "id,name,price\n1,\"one, two\",1.5\n2,,\n");
    assertThat(psql("\\copy events from '" + input + "' with csv header")).isEqualTo("COPY 2\n");
    assertThat(psql("\\copy events to stdout with (format csv, header)"))
        .isEqualTo("id,name,price\n1,\"one, two\",1.5\n2,,\n");
    assertThat(psql("\\copy (select id, name from events order by id) to stdout"))
        .isEqualTo("1\tone, two\n2\t\\N\n");
  }

  private String psql(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    PSQL.toString(),
                    "-X",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(server.port()),
                    "-U",
                    "aurora",
                    "-d",
                    "aurora",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    command))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }
}
