package io.aurora.server.pgwire;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Builds the server's TLS context from the PEM files of {@link PgWireConfig}. */
final class TlsContexts {
  private TlsContexts() {}

  /**
   * The server context, or null when no certificate is configured. An unreadable or malformed file
   * fails with {@code INVALID_PARAMETER_VALUE} naming both settings, so the node refuses to start
   * rather than to fall back to plain text.
   */
  static @Nullable SslContext forServer(PgWireConfig config) {
    Path certFile = config.tlsCertFile();
    Path keyFile = config.tlsKeyFile();
    if (certFile == null || keyFile == null) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Settings["
              + PgWireConfig.TLS_CERT_FILE
              + ", "
              + PgWireConfig.TLS_KEY_FILE
              + "]: the certificate["
              + certFile
              + "] and PKCS#8 private key["
              + keyFile
              + "] cannot be loaded: "
              + rootMessage(e),
          e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + ": " + root;
  }
}
