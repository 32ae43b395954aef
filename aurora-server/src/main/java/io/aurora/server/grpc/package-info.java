/**
 * The gRPC API of a node ({@code aurora/v1/aurora.proto} from aurora-client): streaming ingest of
 * Arrow record batches with idempotent producers, queries streamed back as Arrow, DDL and catalog
 * calls. {@link io.aurora.server.grpc.GrpcServer} is the entry point; the node starts it.
 */
package io.aurora.server.grpc;
