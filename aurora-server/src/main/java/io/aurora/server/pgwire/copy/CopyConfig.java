package io.aurora.server.pgwire.copy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings of COPY over the PostgreSQL wire protocol.
 *
 * <ul>
 *   <li>{@code pgwire.copy.spool-directory} ({@code <java.io.tmpdir>/aurora-copy}): where a COPY
 *       FROM stages its rows, in a temporary shard per statement, until the whole input has been
 *       read. It needs room for the largest COPY in flight (compressed segment files); the node
 *       points it into its data directory so that staging shares the data disk rather than a small
 *       tmpfs. Each statement's directory is deleted when it ends.
 *   <li>{@code pgwire.copy.staging-segment-rows} (262144): a COPY's staged rows are sealed into a
 *       segment file at this many rows. It bounds the heap a COPY holds (about this many rows per
 *       COPY in flight); smaller values write more, smaller files.
 * </ul>
 */
public record CopyConfig(Path spoolDirectory, int stagingSegmentRows) {
  public static final CopyConfig DEFAULT =
      new CopyConfig(Path.of(System.getProperty("java.io.tmpdir"), "aurora-copy"), 262_144);

  public CopyConfig {
    requireNonNull(spoolDirectory, "spoolDirectory is null");
    if (!spoolDirectory.isAbsolute()) {
      throw new IllegalArgumentException(
          "pgwire.copy.spool-directory must be an absolute path: " + spoolDirectory);
    }
    if (stagingSegmentRows < 1) {
      throw new IllegalArgumentException(
          "pgwire.copy.staging-segment-rows must be at least 1: " + stagingSegmentRows);
    }
  }

  /** These settings with another spool directory. */
  public CopyConfig withSpoolDirectory(Path spoolDirectory) {
    return new CopyConfig(spoolDirectory, stagingSegmentRows);
  }

  /** These settings with another staging segment size. */
  public CopyConfig withStagingSegmentRows(int stagingSegmentRows) {
    return new CopyConfig(spoolDirectory, stagingSegmentRows);
  }
}
