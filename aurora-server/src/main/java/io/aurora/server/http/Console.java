package io.aurora.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The web console's files, served from the server jar at {@code /console/}: a page, its script and
 * style, and uPlot (MIT licence, in {@code vendor/}) for the charts. The console talks to the node
 * only through {@code POST /sql} with the user's credentials. Only the files listed here are
 * served, read once from the classpath.
 */
final class Console {
  /** Scripts and styles from the node only; no frames, no plugins. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
          + " object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

  record Asset(byte[] bytes, String contentType) {}

  private static final Map<String, Asset> ASSETS =
      Map.of(
          "/console/", load("index.html", "text/html; charset=utf-8"),
          "/console/index.html", load("index.html", "text/html; charset=utf-8"),
          "/console/console.js", load("console.js", "text/javascript; charset=utf-8"),
          "/console/console.css", load("console.css", "text/css; charset=utf-8"),
          "/console/vendor/uPlot.iife.min.js",
              load("vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8"),
          "/console/vendor/uPlot.min.css", load("vendor/uPlot.min.css", "text/css; charset=utf-8"),
          "/console/vendor/uPlot-LICENSE.txt",
              load("vendor/uPlot-LICENSE.txt", "text/plain; charset=utf-8"));

  private Console() {}

  /** The file at {@code path}, or null when the console has none there. */
  static @Nullable Asset asset(String path) {
    return ASSETS.get(path);
  }

  private static Asset load(String name, String contentType) {
    try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("The server jar has no console file " + name);
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
