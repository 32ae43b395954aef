package io.aurora.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.server.NodeConfig;
import io.aurora.storage.error.AuroraException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestGrpcConfig {
  @Test
  void defaults() {
    assertThat(GrpcConfig.fromProperties(Map.of())).isEqualTo(GrpcConfig.DEFAULT);
    assertThat(NodeConfig.defaults().grpc()).isEqualTo(GrpcConfig.DEFAULT);
    assertThat(GrpcConfig.DEFAULT.maxMessageBytes()).isEqualTo(16 << 20);
    assertThat(GrpcConfig.DEFAULT.tokensFile()).isNull();
  }

  @Test
  void explicitMappingsThroughTheConfigFile() {
    NodeConfig config =
        NodeConfig.resolve(
            Map.of(),
            Map.of(),
            new NodeConfig.ConfigFile(
                "aurora.properties",
                "grpc.max-message-bytes=1_048_576\nauth.grpc-tokens-file=/etc/aurora/tokens\n"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(config.grpc()).isEqualTo(new GrpcConfig(1 << 20, Path.of("/etc/aurora/tokens")));
    // The tokens file is the gRPC endpoint's; the PostgreSQL side keeps trust authentication.
    assertThat(config.pgwire().usersFile()).isNull();
  }

  @Test
  void rejectsBadValues() {
    assertThatThrownBy(() -> GrpcConfig.fromProperties(Map.of("grpc.max-message-bytes", "12")))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("grpc.max-message-bytes");
    assertThatThrownBy(() -> GrpcConfig.fromProperties(Map.of("grpc.max-message-bytes", "big")))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(
            () ->
                NodeConfig.resolve(
                    Map.of(),
                    Map.of(),
                    new NodeConfig.ConfigFile(
                        "aurora.properties",
                        "grpc.max-mesage-bytes=1\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(AuroraException.class)
        .hasMessageContaining("maybe you meant [grpc.max-message-bytes]");
  }
}
