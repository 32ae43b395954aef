package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Writes and reads the single snapshot file of a state machine: {@code content crc32c:u32}
 * (big-endian), named {@code snapshot.TERM_INDEX} by Ratis' {@link SimpleStateMachineStorage} with
 * an {@code .md5} file beside it. A write goes to a temporary name, is fsync'd and renamed, so a
 * crash leaves either the old or the new snapshot.
 */
final class SnapshotFiles {
  private SnapshotFiles() {}

  static void write(SimpleStateMachineStorage storage, TermIndex last, byte[] content)
      throws IOException {
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    Path temporary = file.toPath().resolveSibling(file.getName() + ".tmp");
    CRC32C crc = new CRC32C();
    crc.update(content);
    ByteBuffer checksum = ByteBuffer.allocate(4).putInt(0, (int) crc.getValue());
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer body = ByteBuffer.wrap(content);
      while (body.hasRemaining()) {
        channel.write(body);
      }
      while (checksum.hasRemaining()) {
        channel.write(checksum);
      }
      channel.force(true);
    }
    Files.move(temporary, file.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(
        new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
  }

  /**
   * The content of a snapshot file (without its checksum) after checking its MD5 and CRC32C.
   *
   * @throws AuroraException with {@link ErrorCode#DATA_CORRUPTED} naming the file
   */
  static ByteBuffer read(SingleFileSnapshotInfo snapshot) throws IOException {
    Path file = snapshot.getFile().getPath();
    if (snapshot.hasMd5()) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 4) {
      throw corrupt(file, "truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4)) {
      throw corrupt(file, "checksum mismatch");
    }
    return ByteBuffer.wrap(bytes, 0, bytes.length - 4).slice();
  }

  static AuroraException corrupt(Path file, String reason) {
    return new AuroraException(
        ErrorCode.DATA_CORRUPTED, "Snapshot file[" + file + "] is corrupt: " + reason);
  }
}
