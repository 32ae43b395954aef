/**
 * The node process: {@link io.aurora.server.AuroraCommand} is the {@code aurora} command line,
 * {@link io.aurora.server.NodeConfig} resolves and validates its settings, and {@link
 * io.aurora.server.AuroraNode} starts the catalog, the SQL engine and the endpoints in order and
 * shuts them down gracefully. {@link io.aurora.server.NodeMetrics} holds the node's metrics.
 */
@NullMarked
package io.aurora.server;

import org.jspecify.annotations.NullMarked;
