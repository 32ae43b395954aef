package io.aurora.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TestHttpServer {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean isReady = new AtomicBoolean();
  private HttpServer server;

  @BeforeEach
  void start() throws InterruptedException {
    server =
        new HttpServer(
            isReady::get,
            new HttpServer.MetricsText() {
              @Override
              public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
              }

              @Override
              public void writeText(OutputStream output) throws IOException {
                output.write("test_metric 1.0\n".getBytes(UTF_8));
              }
            });
    server.start("127.0.0.1", 0, null);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readinessFollowsTheNode() throws Exception {
    HttpResponse<String> starting = send("GET", "/ready");
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("not ready\n");

    isReady.set(true);
    assertThat(send("GET", "/ready").statusCode()).isEqualTo(200);

    isReady.set(false);
    assertThat(send("GET", "/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void healthIsUpWhileTheProcessRuns() throws Exception {
    HttpResponse<String> health = send("GET", "/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
  }

  @Test
  void metricsInTextFormat() throws Exception {
    HttpResponse<String> metrics = send("GET", "/metrics?name[]=test_metric");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(metrics.body()).isEqualTo("test_metric 1.0\n");
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    HttpResponse<String> root = send("GET", "/");
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.headers().firstValue("location")).hasValue("/console/");
    HttpResponse<String> console = send("GET", "/console/");
    assertThat(console.statusCode()).isEqualTo(200);
    assertThat(console.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(console.headers().firstValue("content-security-policy").orElse(""))
        .contains("default-src 'self'");
    assertThat(console.body()).contains("<title>Aurora</title>");
    assertThat(send("GET", "/console/../pom.xml").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/console/missing.js").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/healthz").statusCode()).isEqualTo(404);
    // POST /sql before the node has set its endpoint: 503; other methods: 405.
    assertThat(send("POST", "/sql").statusCode()).isEqualTo(503);
    assertThat(send("GET", "/sql").statusCode()).isEqualTo(405);
    HttpResponse<String> post = send("POST", "/health");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    HttpResponse<String> head = send("HEAD", "/health");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }
}
