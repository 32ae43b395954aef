/**
 * The node's HTTP endpoint for operators and orchestrators: {@link
 * io.aurora.server.http.HttpServer} answers liveness ({@code /health}), readiness ({@code /ready})
 * and Prometheus scrapes ({@code /metrics}). It serves no data and needs no authentication.
 */
@NullMarked
package io.aurora.server.http;

import org.jspecify.annotations.NullMarked;
