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
}
