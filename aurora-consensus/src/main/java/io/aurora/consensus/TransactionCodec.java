package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The shard log entries of a write transaction (see {@link ReplicatedWriteTransaction}): a batch
 * staged under a transaction id, and the commit or abort of the transaction on one shard.
 *
 * <pre>
 * entry   = magic:"AURT" version:u8 op:u8 txLength:u16 tx:utf8 coordinatorMsb:i64
 *           coordinatorLsb:i64 time:i64 [batchLength:i32 batch:byte[batchLength]] crc:u32
 * </pre>
 *
 * Big-endian. {@code op} is {@link Op#STAGE} or {@link Op#STAGE_PRODUCER} (with a {@link
 * BatchCodec} batch entry, which has its own checksum), {@link Op#STAGE_DELETE} (with a {@link
 * DeleteCodec} entry in the same place), {@link Op#COMMIT}, {@link Op#ABORT} or {@link Op#TOUCH}
 * (without). {@code coordinator} is the shard group whose log decides the transaction; {@code time}
 * is the writer's clock in epoch milliseconds, which every replica reads alike, so decisions are
 * forgotten deterministically. {@code crc} is the CRC32C of every byte before it except the batch.
 */
final class TransactionCodec {
  static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC = {'A', 'U', 'R', 'T'};

  private TransactionCodec() {}

  /** What an entry does. */
  enum Op {
    /** Stages a batch of the node's own writer: applied once, as the log has it. */
    STAGE(1),
    /**
     * Stages the batch of an idempotent producer: the shard applies it at commit unless it already
     * applied the producer's sequence (a retry through another transaction).
     */
    STAGE_PRODUCER(2),
    /** Makes the transaction's staged rows on this shard visible; the coordinator's decides. */
    COMMIT(3),
    /** Drops the staged rows; on the coordinator, decides the transaction unless it committed. */
    ABORT(4),
    /**
     * Stages a DELETE (a {@link DeleteCodec} entry as the payload): its rows are deleted at commit,
     * before the transaction's staged rows become visible.
     */
    STAGE_DELETE(5),
    /**
     * Marks the transaction as active on a shard its writer has not staged on lately, because the
     * writer is busy with other shards (a long COPY spread over them): recovery takes a staged
     * transaction silent for {@code consensus.transaction-timeout} for abandoned.
     */
    TOUCH(6);

    /** Whether entries of this op carry a payload. */
    boolean hasPayload() {
      return this == STAGE || this == STAGE_PRODUCER || this == STAGE_DELETE;
    }

    final int id;

    Op(int id) {
      this.id = id;
    }

    static Op of(int id) {
      for (Op op : values()) {
        if (op.id == id) {
          return op;
        }
      }
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Transaction entry has an unknown op[" + id + "]");
    }
  }

  /** A decoded entry; {@code batch} is the staged batch entry, null for COMMIT and ABORT. */
  record Entry(
      Op op, String transaction, UUID coordinator, long timeMillis, @Nullable ByteBuffer batch) {
    Entry {
      requireNonNull(op, "op is null");
      requireNonNull(transaction, "transaction is null");
      requireNonNull(coordinator, "coordinator is null");
    }
  }

  static boolean isTransaction(ByteBuffer data) {
    if (data.remaining() < MAGIC.length + 2) {
      return false;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data.get(data.position() + i) != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] encode(
      Op op, String transaction, UUID coordinator, long timeMillis, byte @Nullable [] batch) {
    if ((batch != null) != op.hasPayload()) {
      throw new IllegalArgumentException("A payload goes with a STAGE entry, and only with one");
    }
    byte[] tx = transaction.getBytes(StandardCharsets.UTF_8);
    int headerBytes = MAGIC.length + 1 + 1 + 2 + tx.length + 8 + 8 + 8;
    int batchBytes = batch == null ? 0 : 4 + batch.length;
    ByteBuffer out = ByteBuffer.allocate(headerBytes + batchBytes + 4);
    out.put(MAGIC).put((byte) FORMAT_VERSION).put((byte) op.id);
    out.putShort((short) tx.length).put(tx);
    out.putLong(coordinator.getMostSignificantBits())
        .putLong(coordinator.getLeastSignificantBits());
    out.putLong(timeMillis);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, headerBytes);
    if (batch != null) {
      out.putInt(batch.length).put(batch);
    }
    out.putInt((int) crc.getValue());
    return out.array();
  }

  static Entry decode(ByteBuffer data) {
    ByteBuffer in = data.slice();
    try {
      in.position(MAGIC.length);
      int version = in.get() & 0xFF;
      if (version != FORMAT_VERSION) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Transaction entry format version[" + version + "] is not supported");
      }
      Op op = Op.of(in.get() & 0xFF);
      byte[] tx = new byte[in.getShort() & 0xFFFF];
      in.get(tx);
      UUID coordinator = new UUID(in.getLong(), in.getLong());
      long time = in.getLong();
      int headerBytes = in.position();
      ByteBuffer batch = null;
      if (op.hasPayload()) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining() - 4) {
          throw new AuroraException(
              ErrorCode.DATA_CORRUPTED, "Transaction entry batch length[" + length + "] is bad");
        }
        batch = in.slice(in.position(), length);
        in.position(in.position() + length);
      }
      int stored = in.getInt();
      if (in.hasRemaining()) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED,
            "Transaction entry has leftover bytes[" + in.remaining() + "]");
      }
      CRC32C crc = new CRC32C();
      crc.update(in.duplicate().position(0).limit(headerBytes));
      if ((int) crc.getValue() != stored) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Transaction entry checksum does not match");
      }
      return new Entry(op, new String(tx, StandardCharsets.UTF_8), coordinator, time, batch);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Transaction entry is truncated", e);
    }
  }
}
