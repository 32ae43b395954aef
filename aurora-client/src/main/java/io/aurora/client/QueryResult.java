package io.aurora.client;

import static java.util.Objects.requireNonNull;

import io.aurora.client.proto.QueryResponse;
import io.grpc.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a query as Arrow record batches, streamed from the server: iterate, and read each
 * batch from the returned {@link VectorSchemaRoot} before asking for the next. Only one batch is in
 * memory at a time; the server produces the next when the client asks for it.
 *
 * <pre>{@code
 * try (QueryResult result = client.query("SELECT kind, count(*) FROM events GROUP BY kind")) {
 *   while (result.hasNext()) {
 *     VectorSchemaRoot batch = result.next(); // the same root every time, refilled
 *     VarCharVector kind = (VarCharVector) batch.getVector("kind");
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The root and its vectors belong to the result: they are reused for every batch and released by
 * {@link #close()}, which also cancels the query if it is still running. Not thread-safe.
 */
public final class QueryResult implements Iterator<VectorSchemaRoot>, AutoCloseable {
  private final Context.CancellableContext context;
  private final ArrowStreamReader reader;
  private final VectorSchemaRoot root;
  private @Nullable Boolean hasNext;
  private boolean isClosed;

  QueryResult(
      Context.CancellableContext context,
      Iterator<QueryResponse> responses,
      BufferAllocator allocator) {
    this.context = requireNonNull(context, "context is null");
    this.reader = new ArrowStreamReader(new MessagesInputStream(responses), allocator);
    try {
      this.root = reader.getVectorSchemaRoot();
    } catch (IOException | RuntimeException e) {
      close();
      throw failure(e);
    }
  }

  /** The result's columns. */
  public Schema schema() {
    return root.getSchema();
  }

  @Override
  public boolean hasNext() {
    if (hasNext == null) {
      try {
        hasNext = !isClosed && reader.loadNextBatch();
      } catch (IOException | RuntimeException e) {
        close();
        throw failure(e);
      }
    }
    return hasNext;
  }

  /** The next batch: the result's one root, refilled. It stays valid until the next call. */
  @Override
  public VectorSchemaRoot next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    hasNext = null;
    return root;
  }

  /**
   * Every remaining row as Java values (String, Long, Integer, Short, Boolean, Double, Float,
   * BigDecimal, LocalDate for DATE, LocalDateTime for TIMESTAMP, or null), then closes the result.
   * A convenience for small results.
   */
  public List<List<@Nullable Object>> rows() {
    List<List<@Nullable Object>> rows = new ArrayList<>();
    try {
      while (hasNext()) {
        VectorSchemaRoot batch = next();
        List<FieldVector> vectors = batch.getFieldVectors();
        for (int row = 0; row < batch.getRowCount(); row++) {
          @Nullable Object[] values = new Object[vectors.size()];
          for (int column = 0; column < values.length; column++) {
            values[column] = value(vectors.get(column), row);
          }
          rows.add(Arrays.asList(values));
        }
      }
    } finally {
      close();
    }
    return rows;
  }

  /** The value at a row of a vector as the Java type {@link #rows()} documents. */
  public static @Nullable Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DateDayVector date) {
      return LocalDate.ofEpochDay(date.get(row));
    }
    Object value = vector.getObject(row);
    return value instanceof Text text ? text.toString() : value;
  }

  /** Releases the batch's memory and cancels the query if it is still running. Idempotent. */
  @Override
  public void close() {
    if (isClosed) {
      return;
    }
    isClosed = true;
    context.cancel(null);
    try {
      reader.close();
    } catch (IOException e) {
      throw new AuroraClientException(
          io.grpc.Status.Code.INTERNAL, null, null, "Closing a query result failed", e);
    }
  }

  private static AuroraClientException failure(Exception e) {
    Throwable cause = e instanceof IOException && e.getCause() != null ? e.getCause() : e;
    return AuroraClientException.from(cause);
  }

  /** The concatenated Arrow IPC messages of the responses: a valid Arrow IPC stream. */
  private static final class MessagesInputStream extends InputStream {
    private final Iterator<QueryResponse> responses;
    private @Nullable InputStream current;

    MessagesInputStream(Iterator<QueryResponse> responses) {
      this.responses = responses;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int read = read(one, 0, 1);
      return read < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (true) {
        if (current != null) {
          int read = current.read(buffer, offset, length);
          if (read > 0) {
            return read;
          }
        }
        if (!responses.hasNext()) {
          return -1;
        }
        current = responses.next().getArrowIpc().newInput();
      }
    }
  }
}
