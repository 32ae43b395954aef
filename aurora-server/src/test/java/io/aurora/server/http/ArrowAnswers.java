package io.aurora.server.http;

import io.aurora.client.QueryResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.jspecify.annotations.Nullable;

/** Reads an HTTP answer in Arrow IPC stream format into rows of the Java client's values. */
public final class ArrowAnswers {
  private ArrowAnswers() {}

  public static List<List<@Nullable Object>> rows(byte[] body, BufferAllocator allocator)
      throws IOException {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int row = 0; row < root.getRowCount(); row++) {
          List<@Nullable Object> values = new ArrayList<>();
          for (FieldVector vector : root.getFieldVectors()) {
            values.add(QueryResult.value(vector, row));
          }
          rows.add(values);
        }
      }
    }
    return rows;
  }
}
