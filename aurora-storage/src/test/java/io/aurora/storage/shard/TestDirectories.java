package io.aurora.storage.shard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDirectories {
  @TempDir Path directory;

  @Test
  void deletesATreeAndIgnoresAMissingOne() throws IOException {
    Path root = directory.resolve("table");
    Files.createDirectories(root.resolve("shard-0/segments"));
    Files.writeString(root.resolve("shard-0/segments/1.seg"), "rows");
    Files.writeString(root.resolve("schema"), "columns");

    Directories.deleteRecursively(root);
    assertThat(root).doesNotExist();
    assertThat(directory).exists();

    Directories.deleteRecursively(root);
    assertThat(root).doesNotExist();
  }

  @Test
  void linksATreeLeavingOutTemporaryFilesAndKeepsTheContentOfReplacedNames() throws IOException {
    Path source = directory.resolve("segments");
    Files.createDirectories(source.resolve("partition-all"));
    Files.writeString(source.resolve("partition-all/segment-1.aseg"), "first");
    Files.writeString(source.resolve("partition-all/segment-2.aseg.tmp"), "unfinished");
    Files.writeString(source.resolve("schema"), "columns");
    Path target = directory.resolve("export");

    assertThat(Directories.linkTree(source, target))
        .containsExactly(Path.of("partition-all", "segment-1.aseg"), Path.of("schema"));
    assertThat(target.resolve("partition-all/segment-2.aseg.tmp")).doesNotExist();

    // A later rewrite of the source (a new file renamed over the name) leaves the link as it was.
    Path rewritten = source.resolve("partition-all/segment-1.aseg.tmp");
    Files.writeString(rewritten, "second");
    Files.move(
        rewritten,
        source.resolve("partition-all/segment-1.aseg"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(target.resolve("partition-all/segment-1.aseg")).hasContent("first");
    Directories.sync(target);
  }
}
