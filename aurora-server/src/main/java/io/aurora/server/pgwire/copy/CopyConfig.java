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
 * </ul>
 */
public record CopyConfig(Path spoolDirectory) {
  public static final CopyConfig DEFAULT =
      new CopyConfig(Path.of(System.getProperty("java.io.tmpdir"), "aurora-copy"));

  public CopyConfig {
    requireNonNull(spoolDirectory, "spoolDirectory is null");
    if (!spoolDirectory.isAbsolute()) {
      throw new IllegalArgumentException(
          "pgwire.copy.spool-directory must be an absolute path: " + spoolDirectory);
    }
  }
}
