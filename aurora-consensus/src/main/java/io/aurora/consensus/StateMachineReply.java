package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The reply of the shard and catalog state machines to an applied entry: {@code status:u8 value:i64
 * [errorCode:utf errorMessage:utf]} (big-endian). The value is the rows applied of a batch or the
 * table id of a CREATE TABLE; the error follows only a {@link #REJECTED} status.
 *
 * <p>A group entry ({@link BatchCodec#encodeGroup}) gets one reply per batch, in the entry's order:
 * {@code count:i32 (length:i32 reply:byte[length])*}, each {@code reply} in the form above.
 */
record StateMachineReply(byte status, long value) {
  /** The entry changed the state. */
  static final byte APPLIED = 0;

  /** The entry was a retry or a no-op (IF [NOT] EXISTS): nothing changed. */
  static final byte UNCHANGED = 1;

  /** The entry was rejected deterministically; nothing changed. */
  static final byte REJECTED = 2;

  boolean isApplied() {
    return status == APPLIED;
  }

  static byte[] encode(byte status, long value, @Nullable AuroraException error) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(status);
      out.writeLong(value);
      if (error != null) {
        out.writeUTF(error.errorCode().name());
        out.writeUTF(String.valueOf(error.getMessage()));
      }
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  /** The reply to a group entry: the replies to its batches, in order. */
  static byte[] encodeGroup(List<byte[]> replies) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(replies.size());
      for (byte[] reply : replies) {
        out.writeInt(reply.length);
        out.write(reply);
      }
    } catch (IOException e) {
      throw new AssertionError("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  /** Splits a reply of {@link #encodeGroup} into the replies to each batch, for {@link #decode}. */
  static List<byte[]> decodeGroup(byte[] reply) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply))) {
      int count = in.readInt();
      List<byte[]> replies = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] batchReply = new byte[in.readInt()];
        in.readFully(batchReply);
        replies.add(batchReply);
      }
      return replies;
    } catch (IOException | NegativeArraySizeException e) {
      throw new AuroraException(
          ErrorCode.INTERNAL_ERROR, "State machine group reply is truncated", e);
    }
  }

  /**
   * Decodes a reply; a {@link #REJECTED} one is thrown as the {@link AuroraException} the state
   * machine raised, with its error code.
   */
  static StateMachineReply decode(byte[] reply) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(reply))) {
      byte status = in.readByte();
      long value = in.readLong();
      return switch (status) {
        case APPLIED, UNCHANGED -> new StateMachineReply(status, value);
        case REJECTED -> throw new AuroraException(errorCode(in.readUTF()), in.readUTF());
        default ->
            throw new AuroraException(
                ErrorCode.INTERNAL_ERROR, "Unknown state machine reply status[" + status + "]");
      };
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "State machine reply is truncated", e);
    }
  }

  private static ErrorCode errorCode(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorCode.INTERNAL_ERROR;
    }
  }
}
