package io.aurora.server.grpc;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the gRPC endpoint (it listens on {@code bind} and {@code grpc-port}).
 *
 * <ul>
 *   <li>{@code grpc.max-message-bytes} ({@code 16777216}, 16 MiB): the largest request message the
 *       server accepts; a larger one (an {@code Ingest} batch, usually) fails with
 *       RESOURCE_EXHAUSTED and nothing of it is applied. Raise it for writers that send very large
 *       batches; each message is held in memory whole while it is decoded, so this bounds the
 *       memory one call can take.
 *   <li>{@code auth.grpc-tokens-file} (none): a file of bearer tokens, one per line ({@code #}
 *       starts a comment). With it every call must carry {@code authorization: Bearer <token>} with
 *       one of them (UNAUTHENTICATED otherwise); without it gRPC calls are not authenticated, so
 *       bind to loopback unless the network is trusted. Read at start.
 * </ul>
 *
 * <p>TLS: the endpoint serves TLS, and only TLS, when {@code pgwire.tls.cert-file} and {@code
 * pgwire.tls.key-file} are set; it shares the PostgreSQL endpoint's certificate.
 */
public record GrpcConfig(int maxMessageBytes, @Nullable Path tokensFile) {
  public static final String MAX_MESSAGE_BYTES = "grpc.max-message-bytes";
  public static final String TOKENS_FILE = "auth.grpc-tokens-file";

  public static final GrpcConfig DEFAULT = new GrpcConfig(16 << 20, null);

  public GrpcConfig {
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException("maxMessageBytes is below 1024: " + maxMessageBytes);
    }
  }

  /**
   * Reads the {@code grpc.*} settings and {@code auth.grpc-tokens-file}; absent ones take their
   * defaults.
   *
   * @throws AuroraException with INVALID_PARAMETER_VALUE naming the setting
   */
  public static GrpcConfig fromProperties(Map<String, String> settings) {
    int maxMessageBytes = DEFAULT.maxMessageBytes();
    String value = settings.get(MAX_MESSAGE_BYTES);
    if (value != null) {
      try {
        maxMessageBytes = Integer.parseInt(value.strip().replace("_", ""));
      } catch (NumberFormatException e) {
        throw invalid("Setting[" + MAX_MESSAGE_BYTES + "] is [" + value + "], not a whole number");
      }
      if (maxMessageBytes < 1024) {
        throw invalid("Setting[" + MAX_MESSAGE_BYTES + "] is [" + value + "] but must be >= 1024");
      }
    }
    Path tokensFile = null;
    String tokens = settings.get(TOKENS_FILE);
    if (tokens != null) {
      if (tokens.isBlank()) {
        throw invalid("Setting[" + TOKENS_FILE + "] is empty");
      }
      tokensFile = Path.of(tokens.strip());
    }
    return new GrpcConfig(maxMessageBytes, tokensFile);
  }

  private static AuroraException invalid(String message) {
    return new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
