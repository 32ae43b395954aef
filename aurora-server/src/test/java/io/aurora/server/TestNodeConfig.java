package io.aurora.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.consensus.ClusterMembership;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.server.pgwire.PgWireConfig;
import io.aurora.server.pgwire.TransactionConfig;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestNodeConfig {
  private static NodeConfig.ConfigFile file(String text) {
    return new NodeConfig.ConfigFile("aurora.properties", text.getBytes(UTF_8));
  }

  private static NodeConfig resolveFile(String text) {
    return NodeConfig.resolve(Map.of(), Map.of(), file(text));
  }

  private static void assertInvalid(Runnable resolve, String... messageParts) {
    assertThatThrownBy(resolve::run)
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void defaults() {
    NodeConfig config = NodeConfig.defaults();

    assertThat(config.dataDirectory()).isEqualTo(Path.of("aurora-data"));
    assertThat(config.bindHost()).isEqualTo("127.0.0.1");
    assertThat(config.pgPort()).isEqualTo(5433);
    assertThat(config.grpcPort()).isEqualTo(9090);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.raftPort()).isEqualTo(9091);
    assertThat(config.advertiseHost()).isEqualTo("127.0.0.1");
    assertThat(config.membership()).isEqualTo(ClusterMembership.SINGLE);
    assertThat(config.storage()).isEqualTo(StorageConfig.DEFAULT);
    assertThat(config.consensus()).isEqualTo(ConsensusConfig.DEFAULT);
    assertThat(config.engine()).isEqualTo(EngineConfig.DEFAULT);
    assertThat(config.pgwire()).isEqualTo(PgWireConfig.DEFAULT);
    assertThat(config.transaction()).isEqualTo(TransactionConfig.DEFAULT);
    assertThat(config.transaction().maxBytes()).isEqualTo(256L << 20);
    assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void flagBeatsEnvironmentBeatsFileBeatsDefault() {
    Map<String, String> flags = Map.of("pg-port", "1001");
    Map<String, String> environment =
        Map.of("AURORA_PG_PORT", "2001", "AURORA_HTTP_PORT", "2002", "UNRELATED", "x");
    NodeConfig.ConfigFile file = file("pg-port=3001\nhttp-port=3002\nraft-port=3003\n");

    NodeConfig config = NodeConfig.resolve(flags, environment, file);

    assertThat(config.pgPort()).isEqualTo(1001);
    assertThat(config.httpPort()).isEqualTo(2002);
    assertThat(config.raftPort()).isEqualTo(3003);
    assertThat(config.grpcPort()).isEqualTo(9090);
  }

  @Test
  void everyNodeSettingHasFlagVariableAndFileKey() {
    Map<String, String> flags =
        Map.of(
            "data-dir", "/flag/data",
            "bind", "0.0.0.0",
            "pg-port", "1",
            "grpc-port", "2",
            "http-port", "3",
            "raft-port", "4");
    Map<String, String> environment =
        Map.of(
            "AURORA_DATA_DIR", "/env/data",
            "AURORA_BIND", "10.0.0.1",
            "AURORA_PG_PORT", "11",
            "AURORA_GRPC_PORT", "12",
            "AURORA_HTTP_PORT", "13",
            "AURORA_RAFT_PORT", "14");
    String text =
        "data-dir=/file/data\nbind=10.0.0.2\npg-port=21\ngrpc-port=22\nhttp-port=23\nraft-port=24\n";

    assertThat(NodeConfig.resolve(flags, environment, file(text)))
        .extracting(
            NodeConfig::dataDirectory,
            NodeConfig::bindHost,
            NodeConfig::pgPort,
            NodeConfig::grpcPort,
            NodeConfig::httpPort,
            NodeConfig::raftPort)
        .containsExactly(Path.of("/flag/data"), "0.0.0.0", 1, 2, 3, 4);
    assertThat(NodeConfig.resolve(Map.of(), environment, file(text)))
        .extracting(NodeConfig::dataDirectory, NodeConfig::bindHost, NodeConfig::raftPort)
        .containsExactly(Path.of("/env/data"), "10.0.0.1", 14);
    assertThat(NodeConfig.resolve(Map.of(), Map.of(), file(text)))
        .extracting(NodeConfig::dataDirectory, NodeConfig::bindHost, NodeConfig::raftPort)
        .containsExactly(Path.of("/file/data"), "10.0.0.2", 24);
  }

  @Test
  void clusterSettingsHaveFlagVariableAndFileKey() {
    String seeds = "10.0.0.1:7000, 10.0.0.2:7000,10.0.0.3:7000";
    ClusterMembership expected =
        new ClusterMembership(
            "node2", "10.0.0.2", List.of("10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7000"));

    NodeConfig fromFlags =
        NodeConfig.resolve(
            Map.of(
                "bind", "0.0.0.0",
                "raft-port", "7000",
                "node-id", "node2",
                "seeds", seeds,
                "advertise-host", "10.0.0.2"),
            Map.of(),
            null);
    assertThat(fromFlags.membership()).isEqualTo(expected);
    assertThat(fromFlags.membership().isCluster()).isTrue();
    assertThat(fromFlags.bindHost()).isEqualTo("0.0.0.0");
    assertThat(fromFlags.advertiseHost()).isEqualTo("10.0.0.2");

    NodeConfig fromEnvironment =
        NodeConfig.resolve(
            Map.of(),
            Map.of(
                "AURORA_BIND", "0.0.0.0",
                "AURORA_RAFT_PORT", "7000",
                "AURORA_NODE_ID", "node2",
                "AURORA_SEEDS", seeds,
                "AURORA_ADVERTISE_HOST", "10.0.0.2"),
            null);
    assertThat(fromEnvironment.membership()).isEqualTo(expected);

    NodeConfig fromFile =
        resolveFile(
            "bind=0.0.0.0\nraft-port=7000\nnode-id=node2\nseeds="
                + seeds
                + "\nadvertise-host=10.0.0.2\n");
    assertThat(fromFile.membership()).isEqualTo(expected);
    assertThat(fromFile.advertiseHost()).isEqualTo("10.0.0.2");
  }

  @Test
  void advertiseHostDefaultsToBindHost() {
    NodeConfig cluster =
        NodeConfig.resolve(
            Map.of(
                "bind", "10.0.0.3",
                "raft-port", "7000",
                "node-id", "node3",
                "seeds", "10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000"),
            Map.of(),
            null);
    assertThat(cluster.advertiseHost()).isEqualTo("10.0.0.3");
    assertThat(cluster.membership().advertisedHost()).isEqualTo("10.0.0.3");

    // Without seeds a node is on its own whatever its name; advertise-host still names it.
    NodeConfig single =
        NodeConfig.resolve(
            Map.of("bind", "0.0.0.0", "node-id", "alone", "advertise-host", "db.example.com"),
            Map.of(),
            null);
    assertThat(single.membership()).isEqualTo(ClusterMembership.SINGLE);
    assertThat(single.advertiseHost()).isEqualTo("db.example.com");
    assertThat(resolveFile("seeds= , \n").membership()).isEqualTo(ClusterMembership.SINGLE);
  }

  @Test
  void clusterSettingsAreChecked() {
    String seeds = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";
    assertInvalid(
        () -> NodeConfig.resolve(Map.of("raft-port", "7001", "seeds", seeds), Map.of(), null),
        "Setting[node-id] is required with seeds (flag --seeds)");
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of("raft-port", "7001", "node-id", " ", "seeds", seeds), Map.of(), null),
        "Setting[node-id] is required with seeds");
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of("bind", "0.0.0.0", "raft-port", "7001", "node-id", "n1", "seeds", seeds),
                Map.of(),
                null),
        "Setting[advertise-host] is required with seeds when setting[bind] is [0.0.0.0] (flag"
            + " --bind)");
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of("raft-port", "7001", "node-id", "n1", "advertise-host", "0.0.0.0"),
                Map.of("AURORA_SEEDS", seeds),
                null),
        "Setting[advertise-host] is [0.0.0.0] (flag --advertise-host)");
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of("raft-port", "0", "node-id", "n1", "seeds", seeds), Map.of(), null),
        "Setting[raft-port] is [0] (flag --raft-port)",
        "fixed port");
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of("raft-port", "7009", "node-id", "n1", "seeds", seeds), Map.of(), null),
        "Setting[seeds] (flag --seeds) does not name this node's Raft address[127.0.0.1:7009]");
    assertInvalid(
        () -> resolveFile("raft-port=7001\nnode-id=no spaces\nseeds=" + seeds),
        "Setting[node-id] is [no spaces]",
        "config file aurora.properties");
    assertInvalid(
        () -> resolveFile("raft-port=7001\nnode-id=n1\nseeds=127.0.0.1:7001,127.0.0.1"),
        "Setting[seeds] has [127.0.0.1], which is not host:port",
        "config file aurora.properties");
    assertInvalid(
        () -> resolveFile("raft-port=7001\nnode-id=n1\nseeds=127.0.0.1:7001,127.0.0.1:7001"),
        "Setting[seeds] names [127.0.0.1:7001] twice");
    assertInvalid(() -> resolveFile("advertise-host=a b"), "Setting[advertise-host] is [a b]");
  }

  @Test
  void configFileNamedByFlagBeforeEnvironment() {
    assertThat(NodeConfig.configFileName(Map.of(), Map.of())).isNull();
    assertThat(NodeConfig.configFileName(Map.of(), Map.of("AURORA_CONFIG", "env.properties")))
        .isEqualTo("env.properties");
    assertThat(
            NodeConfig.configFileName(
                Map.of("config", "flag.properties"), Map.of("AURORA_CONFIG", "env.properties")))
        .isEqualTo("flag.properties");
  }

  @Test
  void subsystemSettingsFromFile() {
    NodeConfig config =
        resolveFile(
            """
            # comments and blank lines are fine

            storage.segment.max-rows = 5000
            consensus.log.segment-bytes=1048576
            query.max-memory=1_000_000
            query.statement-timeout=PT30S
            query.parallelism=3
            query.remote-fragments=FALSE
            pgwire.database=analytics
            pgwire.user=reader
            pgwire.tls.required=false
            transaction.max-bytes=1_048_576
            shutdown.grace-period=PT2S
            """);

    assertThat(config.storage().segmentMaxRows()).isEqualTo(5000);
    assertThat(config.consensus().logSegmentBytes()).isEqualTo(1 << 20);
    assertThat(config.engine())
        .isEqualTo(new EngineConfig(1_000_000, Duration.ofSeconds(30), 3, 256, false));
    assertThat(config.pgwire())
        .isEqualTo(PgWireConfig.DEFAULT.withDatabase("analytics").withUser("reader"));
    assertThat(config.transaction()).isEqualTo(new TransactionConfig(1 << 20));
    assertThat(config.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void booleanSettingsAreTrueOrFalse() {
    assertInvalid(
        () -> resolveFile("query.remote-fragments=yes"),
        "query.remote-fragments must be true or false, not 'yes'");
  }

  @Test
  void unknownSettingsAreErrors() {
    assertInvalid(
        () -> resolveFile("pg_port=1"),
        "Setting[pg_port] in config file[aurora.properties] is unknown; maybe you meant [pg-port]");
    assertInvalid(
        () -> resolveFile("shutdown.grace-perod=PT1S"), "maybe you meant [shutdown.grace-period]");
    assertInvalid(() -> resolveFile("query.max-memroy=1"), "Setting[query.max-memroy]", "unknown");
    assertInvalid(() -> resolveFile("auth.method=scram"), "Setting[auth.method]", "unknown");
    assertInvalid(() -> resolveFile("shutdown.grace=PT1S"), "Setting[shutdown.grace]", "unknown");
    assertInvalid(
        () -> resolveFile("storage.segment.max-rowz=1"),
        "Setting[storage.segment.max-rowz]",
        "unknown",
        "aurora.properties");
    assertInvalid(
        () -> resolveFile("consensus.log.size=1"), "Setting[consensus.log.size]", "unknown");
    assertInvalid(
        () -> resolveFile("transaction.max-byte=1"), "maybe you meant [transaction.max-bytes]");
    assertInvalid(
        () -> NodeConfig.resolve(Map.of("pg-prot", "1"), Map.of(), null), "Flag[--pg-prot]");
  }

  @Test
  void badValuesNameTheSettingAndTheirSource() {
    assertInvalid(
        () -> NodeConfig.resolve(Map.of(), Map.of("AURORA_PG_PORT", "abc"), null),
        "Setting[pg-port]",
        "[abc]",
        "environment AURORA_PG_PORT",
        "port number");
    assertInvalid(
        () -> NodeConfig.resolve(Map.of("http-port", "70000"), Map.of(), null),
        "Setting[http-port]",
        "flag --http-port");
    assertInvalid(() -> resolveFile("raft-port=-1"), "Setting[raft-port]", "config file");
    assertInvalid(() -> resolveFile("data-dir= "), "Setting[data-dir]", "empty");
    assertInvalid(() -> resolveFile("bind=local host"), "Setting[bind]");
    assertInvalid(() -> resolveFile("query.parallelism=0"), "Setting[query.parallelism]");
    assertInvalid(() -> resolveFile("query.max-memory=lots"), "Setting[query.max-memory]");
    assertInvalid(
        () -> resolveFile("transaction.max-bytes=0"),
        "Setting[transaction.max-bytes]",
        "[0]",
        "at least 1");
    assertInvalid(
        () -> resolveFile("shutdown.grace-period=10s"),
        "Setting[shutdown.grace-period]",
        "ISO-8601");
    assertInvalid(
        () -> resolveFile("shutdown.grace-period=-PT1S"),
        "Setting[shutdown.grace-period]",
        "negative");
    assertInvalid(() -> resolveFile("pgwire.user="), "Setting[pgwire.user]", "empty");
    assertInvalid(
        () -> resolveFile("storage.segment.codec=brotli"), "Setting[storage.segment.codec]");
  }

  @Test
  void portsMustDifferUnlessEphemeral() {
    assertInvalid(
        () -> NodeConfig.resolve(Map.of("pg-port", "8080"), Map.of(), null),
        "Settings[pg-port]",
        "[http-port]",
        "[8080]");

    NodeConfig config =
        NodeConfig.resolve(
            Map.of("pg-port", "0", "http-port", "0", "grpc-port", "0", "raft-port", "0"),
            Map.of(),
            null);
    assertThat(config.pgPort()).isZero();
  }

  @Test
  void corruptFilesAreErrors() {
    assertInvalid(
        () ->
            NodeConfig.resolve(
                Map.of(),
                Map.of(),
                new NodeConfig.ConfigFile("x.properties", new byte[] {'a', '=', (byte) 0xC3})),
        "Config file[x.properties]",
        "UTF-8");
    assertInvalid(() -> resolveFile("pg-port=\\u00zz"), "Config file[aurora.properties]", "parsed");
    assertInvalid(() -> resolveFile("a\0b=1"), "Config file[aurora.properties]", "NUL");
    assertInvalid(() -> resolveFile("pg-port=1\npg-port=2\n"), "Setting[pg-port]", "twice");
  }
}
