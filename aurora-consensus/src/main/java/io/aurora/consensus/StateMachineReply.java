package io.aurora.consensus;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The reply of the shard and catalog state machines to an applied entry: {@code status:u8 value:i64
 * [errorCode:utf errorMessage:utf]} (big-endian). The value is the rows applied of a batch or the
 * table id of a CREATE TABLE; the error follows only a {@link #REJECTED} status.
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
