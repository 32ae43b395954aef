/**
 * Shards and their partitions: {@link io.aurora.storage.shard.Shard} routes appended rows to time
 * partitions, keeps each partition's mutable segment and sealed segment files, seals and compacts
 * them in the background, and plans scans over a consistent view of them. {@link
 * io.aurora.storage.shard.StorageConfig} holds the settings.
 */
@NullMarked
package io.aurora.storage.shard;

import org.jspecify.annotations.NullMarked;
