/**
 * The Java client of Aurora's gRPC API: {@link io.aurora.client.AuroraClient} (connections,
 * deadlines, retries and failover), {@link io.aurora.client.AuroraWriter} (batched, idempotent
 * streaming ingest with back-pressure) and {@link io.aurora.client.QueryResult} (query results as
 * Arrow record batches). The API's messages and stubs are generated from {@code
 * aurora/v1/aurora.proto} into {@code io.aurora.client.proto}.
 */
package io.aurora.client;
