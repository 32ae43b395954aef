package io.aurora.storage.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.testing.RandomRows;
import io.aurora.storage.testing.Rows;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every region of a segment file is protected: damage is reported, never read as data. */
class TestSegmentCorruption {
  @TempDir Path directory;
  private Path file;
  private byte[] pristine;
  private SegmentFooter footer;
  private List<ColumnSchema> columns;

  @BeforeEach
  void writeSegment() throws IOException {
    columns = RandomRows.allTypes();
    file = directory.resolve("segment-1.aseg");
    SegmentWriter.write(
        file,
        1,
        columns,
        List.of(Rows.page(columns, RandomRows.rows(columns, 2500, 42))),
        List.of(),
        List.of(),
        SegmentWriteOptions.DEFAULT.withBlockRowCount(1000));
    pristine = Files.readAllBytes(file);
    footer = SegmentReader.open(file).footer();
  }

  @Test
  void truncatedFileFailsToOpenNamingTheFile() throws IOException {
    int[] lengths = {0, 5, SegmentFormat.HEADER_SIZE + 3, pristine.length / 2, pristine.length - 1};
    for (int length : lengths) {
      Files.write(file, java.util.Arrays.copyOf(pristine, length));
      SegmentCorruptedException error =
          catchThrowableOfType(SegmentCorruptedException.class, () -> SegmentReader.open(file));
      assertThat(error).as("truncated to %s bytes", length).isNotNull();
      assertThat(error.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED);
      assertThat(error.getMessage())
          .contains(file.toString())
          .contains("column[none]")
          .contains("block[none]");
    }
  }

  @Test
  void flippedHeaderByteFailsToOpen() throws IOException {
    for (int offset = 0; offset < SegmentFormat.HEADER_SIZE; offset++) {
      flip(offset);
      assertThatThrownBy(() -> SegmentReader.open(file))
          .as("header byte %s", offset)
          .isInstanceOf(SegmentCorruptedException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("column[none] block[none]");
    }
  }

  @Test
  void flippedFooterOrTrailerByteFailsToOpen() throws IOException {
    int footerStart = pristine.length - SegmentFormat.TRAILER_SIZE - footerLength();
    List<Integer> offsets = new ArrayList<>();
    for (int offset = footerStart;
        offset < pristine.length;
        offset += Math.max(1, footerLength() / 50)) {
      offsets.add(offset);
    }
    for (int offset = pristine.length - SegmentFormat.TRAILER_SIZE;
        offset < pristine.length;
        offset++) {
      offsets.add(offset);
    }
    for (int offset : offsets) {
      flip(offset);
      assertThatThrownBy(() -> SegmentReader.open(file))
          .as("footer or trailer byte %s", offset)
          .isInstanceOf(SegmentCorruptedException.class)
          .hasMessageContaining(file.toString());
    }
  }

  @Test
  void flippedByteInAnyBlockFailsThatBlockNamingFileColumnAndBlock() throws IOException {
    for (int c = 0; c < footer.columns().size(); c++) {
      ColumnMetadata column = footer.columns().get(c);
      for (int b = 0; b < column.blocks().size(); b++) {
        Region region = column.blocks().get(b).region();
        for (long offset : new long[] {region.offset(), region.offset() + region.length() - 1}) {
          flip((int) offset);
          SegmentReader reader = SegmentReader.open(file);
          int columnIndex = c;
          int blockIndex = b;
          SegmentCorruptedException error =
              catchThrowableOfType(
                  SegmentCorruptedException.class, () -> reader.readBlock(columnIndex, blockIndex));
          assertThat(error)
              .as("column %s block %s offset %s", column.name(), b, offset)
              .isNotNull();
          assertThat(error.file()).isEqualTo(file);
          assertThat(error.column()).isEqualTo(column.name());
          assertThat(error.block()).isEqualTo(Integer.toString(b));
          assertThat(error.getMessage())
              .contains(file.toString())
              .contains("column[" + column.name() + "]")
              .contains("block[" + b + "]");
        }
      }
    }
  }

  @Test
  void flippedByteInDictionaryOrIndexFailsNamingIt() throws IOException {
    int checked = 0;
    for (int c = 0; c < footer.columns().size(); c++) {
      ColumnMetadata column = footer.columns().get(c);
      int columnIndex = c;
      if (column.dictionary() != null) {
        flip((int) column.dictionary().offset());
        SegmentReader reader = SegmentReader.open(file);
        assertThatThrownBy(() -> reader.readBlock(columnIndex, 0))
            .isInstanceOf(SegmentCorruptedException.class)
            .hasMessageContaining("column[" + column.name() + "] block[dictionary]");
        checked++;
      }
      if (column.invertedIndex() != null) {
        flip((int) column.invertedIndex().offset());
        SegmentReader reader = SegmentReader.open(file);
        assertThatThrownBy(() -> reader.invertedIndex(columnIndex))
            .isInstanceOf(SegmentCorruptedException.class)
            .hasMessageContaining("column[" + column.name() + "] block[inverted index]");
        checked++;
      }
      if (column.bloomFilter() != null) {
        flip((int) column.bloomFilter().offset());
        SegmentReader reader = SegmentReader.open(file);
        assertThatThrownBy(() -> reader.bloomFilter(columnIndex))
            .isInstanceOf(SegmentCorruptedException.class)
            .hasMessageContaining("column[" + column.name() + "] block[bloom filter]");
        checked++;
      }
    }
    assertThat(checked).as("dictionaries and indexes checked").isGreaterThanOrEqualTo(2);
  }

  private int footerLength() {
    return java.nio.ByteBuffer.wrap(pristine, pristine.length - SegmentFormat.TRAILER_SIZE, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .getInt();
  }

  /** Restores the pristine file, then flips every bit of the byte at {@code offset}. */
  private void flip(int offset) throws IOException {
    byte[] damaged = pristine.clone();
    damaged[offset] ^= (byte) 0xFF;
    Files.write(file, damaged);
  }
}
