package io.aurora.storage.shard;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Directory housekeeping shared by the modules that own data directories. */
public final class Directories {
  private Directories() {}

  /** Deletes {@code path} and everything under it; nothing happens when it does not exist. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(path)) {
      files = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path file : files) {
      Files.deleteIfExists(file);
    }
  }

  /**
   * Makes {@code target} a copy of the tree under {@code source}: each file is hard-linked (which
   * takes no space and keeps the content as it is now, whatever later happens to the source's
   * name), or copied where the file system cannot link. Temporary files ({@code *.tmp}) are left
   * out. Returns the relative paths of the files, in a stable order.
   */
  public static List<Path> linkTree(Path source, Path target) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(file -> !file.getFileName().toString().endsWith(".tmp"))
              .sorted()
              .toList();
    }
    List<Path> linked = new ArrayList<>(files.size());
    for (Path file : files) {
      Path relative = source.relativize(file);
      try {
        link(file, target.resolve(relative.toString()));
      } catch (NoSuchFileException e) {
        // Deleted between the walk and the link: a caller that needs a consistent copy holds the
        // files still (Shard.whileFilesSettled), so this is a file nobody counts on.
        continue;
      }
      linked.add(relative);
    }
    return linked;
  }

  /** Hard-links {@code file} as {@code target} (creating its directory), or copies it. */
  public static void link(Path file, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.createLink(target, file);
    } catch (NoSuchFileException missing) {
      throw missing;
    } catch (UnsupportedOperationException | FileSystemException e) {
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Forces a directory's entries (files created, renamed or deleted in it) to disk. */
  public static void sync(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
