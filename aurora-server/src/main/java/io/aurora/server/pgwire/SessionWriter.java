package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.ResultTypeChangedException;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend side of a session's connection: writes messages, streams rows in batches of about
 * {@value #BATCH_BYTES} bytes, and waits while the channel's outbound buffer is full so that a
 * large result never piles up in memory faster than the client reads it. Used only on the thread
 * that runs the session's messages, except {@link #onWritabilityChanged()} and {@link #close()}.
 */
final class SessionWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);
  static final int BATCH_BYTES = 64 * 1024;

  private final int processId;
  private final Channel channel;
  private final Object writability = new Object();
  private volatile boolean isClosed;

  SessionWriter(int processId, Channel channel) {
    this.processId = processId;
    this.channel = requireNonNull(channel, "channel is null");
  }

  Channel channel() {
    return channel;
  }

  ByteBufAllocator alloc() {
    return channel.alloc();
  }

  void send(ByteBuf message) {
    channel.write(message);
  }

  void flush() {
    channel.flush();
  }

  /** Sends up to {@code maxRows} rows (0: all) as DataRows, batched into larger writes. */
  long sendRows(ResultRows result, short[] formats, int maxRows) {
    long count = 0;
    ByteBuf batch = channel.alloc().buffer();
    try {
      while ((maxRows <= 0 || count < maxRows) && result.hasNext()) {
        BackendMessages.dataRow(batch, result.types(), result.next(), formats);
        count++;
        batch = flushIfFull(batch);
      }
    } catch (RuntimeException e) {
      batch.release();
      throw e;
    }
    channel.write(batch);
    return count;
  }

  /**
   * Writes and flushes the batch once it holds {@value #BATCH_BYTES} bytes, waits until the channel
   * is writable again and returns a new batch; else returns the batch unchanged.
   */
  ByteBuf flushIfFull(ByteBuf batch) {
    if (batch.readableBytes() < BATCH_BYTES) {
      return batch;
    }
    channel.writeAndFlush(batch);
    awaitWritable();
    return channel.alloc().buffer();
  }

  private void awaitWritable() {
    synchronized (writability) {
      while (!channel.isWritable() && channel.isActive() && !isClosed) {
        try {
          writability.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AuroraException(ErrorCode.QUERY_CANCELED, "Session was interrupted", e);
        }
      }
    }
    if (isClosed || !channel.isActive()) {
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "Client connection closed");
    }
  }

  void onWritabilityChanged() {
    synchronized (writability) {
      writability.notifyAll();
    }
  }

  /** Wakes a wait for writability for good: the connection is gone. */
  void close() {
    isClosed = true;
    onWritabilityChanged();
  }

  /** A command's NoticeResponse, if it has one, then its CommandComplete. */
  void sendCommandComplete(StatementOutcome.Command command) {
    CommandResult.Notice notice = command.notice();
    if (notice != null) {
      send(
          BackendMessages.noticeResponse(
              channel.alloc(), notice.severity(), notice.sqlState(), notice.message()));
    }
    send(BackendMessages.commandComplete(channel.alloc(), command.tag()));
  }

  /**
   * Sends the error as ErrorResponse with its SQLSTATE (XX000 when it has none), detail and hint,
   * and logs it.
   */
  void sendError(RuntimeException e) {
    String sqlState;
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int position = 0;
    String detail = null;
    String hint = null;
    String routine =
        e instanceof ResultTypeChangedException ? ResultTypeChangedException.ROUTINE : null;
    if (e instanceof AuroraException aurora) {
      sqlState = aurora.errorCode().sqlState();
      position = aurora.position();
      detail = aurora.detail();
      hint = aurora.hint();
      if (aurora.errorCode().category() == ErrorCategory.INTERNAL) {
        // An internal error is a bug or a failure underneath: its stack trace is what finds it.
        LOG.warn("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState, e);
      } else {
        LOG.info("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState);
      }
    } else if (e instanceof PgSessionException session) {
      sqlState = session.sqlState();
      LOG.info("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState);
    } else if (e instanceof PgProtocolException) {
      sqlState = "08P01";
      LOG.info("Connection[{}] protocol violation", processId);
    } else {
      sqlState = "XX000";
      LOG.warn("Connection[{}] statement failed with an internal error", processId, e);
    }
    send(
        BackendMessages.errorResponse(
            channel.alloc(), "ERROR", sqlState, message, detail, hint, position, routine));
  }
}
