package io.aurora.server.pgwire;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Builds the server's TLS context from the PEM files of {@link PgWireConfig}, for pgwire and the
 * HTTP endpoint.
 */
public final class TlsContexts {
  private static final Pattern PKCS8_PEM =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private TlsContexts() {}

  /**
   * The server context, or null when no certificate is configured. An unreadable or malformed file
   * fails with {@code INVALID_PARAMETER_VALUE} naming both settings, so the node refuses to start
   * rather than to fall back to plain text.
   */
  public static @Nullable SslContext forServer(PgWireConfig config) {
    Path certFile = config.tlsCertFile();
    Path keyFile = config.tlsKeyFile();
    if (certFile == null || keyFile == null) {
      return null;
    }
    SslContext context;
    try {
      context =
          SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
              .sslProvider(SslProvider.JDK)
              .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw invalid(certFile, keyFile, "cannot be loaded: " + rootMessage(e), e);
    }
    checkKeyMatchesCertificate(certFile, keyFile);
    return context;
  }

  /**
   * Signs with the key and verifies with the certificate's public key: otherwise a mismatched pair
   * loads fine and only fails each client's handshake, with an error that does not name the files.
   */
  private static void checkKeyMatchesCertificate(Path certFile, Path keyFile) {
    try {
      Certificate leaf;
      try (InputStream in = Files.newInputStream(certFile)) {
        leaf = CertificateFactory.getInstance("X.509").generateCertificates(in).iterator().next();
      }
      PublicKey publicKey = leaf.getPublicKey();
      String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
      if (algorithm == null) {
        return;
      }
      String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
      Matcher matcher = PKCS8_PEM.matcher(pem);
      if (!matcher.find()) {
        throw invalid(certFile, keyFile, "cannot be loaded: the key is not PKCS#8 PEM", null);
      }
      PrivateKey privateKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1))));
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw invalid(
            certFile, keyFile, "do not match: the key does not belong to the certificate", null);
      }
    } catch (IOException
        | GeneralSecurityException
        | IllegalArgumentException
        | NoSuchElementException e) {
      throw invalid(
          certFile,
          keyFile,
          "do not match: the key does not belong to the certificate (" + rootMessage(e) + ")",
          e);
    }
  }

  private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> keyAlgorithm;
      case "DSA" -> "SHA256withDSA";
      default -> null;
    };
  }

  private static AuroraException invalid(
      Path certFile, Path keyFile, String problem, @Nullable Throwable cause) {
    return new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Settings["
            + PgWireConfig.TLS_CERT_FILE
            + ", "
            + PgWireConfig.TLS_KEY_FILE
            + "]: the certificate["
            + certFile
            + "] and PKCS#8 private key["
            + keyFile
            + "] "
            + problem,
        cause);
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error ? String.valueOf(error.getMessage()) : error.getMessage() + ": " + root;
  }
}
