package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.shard.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard replica's newest snapshot, hard-linked into a directory of its own so that it can be
 * copied to another node while the replica goes on writing, sealing and compacting ({@link
 * RaftNode#exportShard}). {@code files} are relative to {@code directory}, {@code /}-separated:
 * {@code snapshot/snapshot.TERM_INDEX}, {@code schema} and {@code segments/...}. Closing deletes
 * the directory (the replica's own files stay).
 */
public record ShardExport(Path directory, List<String> files) implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ShardExport.class);

  public ShardExport {
    requireNonNull(directory, "directory is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
  }

  /** The file at a path of {@link #files}. */
  public Path file(String relative) {
    return directory.resolve(relative);
  }

  /**
   * Copies every file of the export into {@code target} under its relative path (a node that reads
   * its peers in-process, such as a test cluster's, copies snapshots this way).
   */
  public void copyTo(Path target) throws IOException {
    for (String file : files) {
      Path copy = target.resolve(file);
      Files.createDirectories(copy.getParent());
      Files.copy(file(file), copy, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() {
    try {
      Directories.deleteRecursively(directory);
    } catch (IOException e) {
      log.warn("Could not delete shard export[{}]: {}", directory, e.toString());
    }
  }
}
