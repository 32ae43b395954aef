package io.aurora.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.server.AuroraNode;
import io.aurora.server.TestNodes;
import io.aurora.server.pgwire.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the node's certificate configured, the HTTP endpoint speaks HTTPS only: a client that trusts
 * the certificate runs SQL and sends events; a plain-text request gets no answer.
 */
@Timeout(120)
class TestHttpTls {
  @TempDir Path directory;

  private static SSLContext trusting(Path certFile) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(certFile)) {
      trusted.setCertificateEntry(
          "node", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static HttpRequest post(String url, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString("aurora:".getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void servesHttpsWithTheNodesCertificateAndNothingInPlainText() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    try (AuroraNode node =
        AuroraNode.start(
            TestNodes.config(
                directory,
                Map.of(
                    "pgwire.tls.cert-file", certificate.certFile().toString(),
                    "pgwire.tls.key-file", certificate.keyFile().toString())))) {
      HttpClient https =
          HttpClient.newBuilder().sslContext(trusting(certificate.certFile())).build();
      String base = "https://localhost:" + node.httpPort();
      HttpResponse<String> created =
          https.send(
              post(
                  base + "/v1/sql",
                  "text/plain",
                  "CREATE TABLE clicks (user_id BIGINT, url VARCHAR)"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      HttpResponse<String> events =
          https.send(
              post(
                  base + "/v1/tables/clicks/events",
                  "application/x-ndjson",
                  "{\"user_id\": 1, \"url\": \"/a\"}\n{\"user_id\": 2}\n"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
      HttpResponse<String> count =
          https.send(
              post(base + "/v1/sql", "text/plain", "SELECT count(*) AS n FROM clicks"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(count.body()).contains("\"rows\":[[2]]");

      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(
              () ->
                  plain.send(
                      post(
                          "http://localhost:" + node.httpPort() + "/v1/sql",
                          "text/plain",
                          "SELECT 1"),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }
}
