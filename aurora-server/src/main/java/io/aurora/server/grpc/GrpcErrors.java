package io.aurora.server.grpc;

import io.aurora.client.AuroraClientException;
import io.aurora.client.proto.ErrorDetail;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an error into the gRPC status a client sees, with an {@link ErrorDetail} (Aurora's error
 * code and the SQLSTATE) in the trailers under {@code aurora-error-bin}:
 *
 * <pre>
 *   42P01                     NOT_FOUND
 *   other 42xxx, 22xxx, 23xxx,
 *   21000, 08P01              INVALID_ARGUMENT
 *   0A000                     UNIMPLEMENTED
 *   28xxx                     UNAUTHENTICATED
 *   53xxx, 54xxx              RESOURCE_EXHAUSTED
 *   57014                     CANCELLED, or DEADLINE_EXCEEDED when the call's deadline expired
 *   anything else             INTERNAL
 * </pre>
 */
public final class GrpcErrors {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);
  public static final Metadata.Key<ErrorDetail> ERROR_DETAIL_KEY =
      AuroraClientException.ERROR_DETAIL_KEY;

  private GrpcErrors() {}

  public static StatusRuntimeException toStatus(Throwable error) {
    if (error instanceof StatusRuntimeException status) {
      return status;
    }
    ErrorCode code =
        error instanceof AuroraException aurora ? aurora.errorCode() : ErrorCode.INTERNAL_ERROR;
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (code.category() == ErrorCategory.INTERNAL) {
      // An internal error is a bug or a failure underneath: its stack trace is what finds it.
      LOG.warn("gRPC call failed with SQLSTATE[{}]", code.sqlState(), error);
    }
    Status status = statusOf(code.sqlState()).withDescription(message);
    if (code == ErrorCode.INTERNAL_ERROR && !(error instanceof AuroraException)) {
      status = status.withCause(error);
    }
    return status.asRuntimeException(trailers(code, message));
  }

  static Metadata trailers(ErrorCode code, String message) {
    Metadata trailers = new Metadata();
    trailers.put(
        ERROR_DETAIL_KEY,
        ErrorDetail.newBuilder()
            .setErrorCode(code.name())
            .setSqlState(code.sqlState())
            .setMessage(message)
            .build());
    return trailers;
  }

  static Status statusOf(String sqlState) {
    if (sqlState.equals("42P01")) {
      return Status.NOT_FOUND;
    }
    if (sqlState.equals("42501")) {
      return Status.PERMISSION_DENIED;
    }
    if (sqlState.equals("57P03")) {
      // A shard or the catalog has no leader: retrying, possibly on another node, may succeed.
      return Status.UNAVAILABLE;
    }
    if (sqlState.equals("57014")) {
      Context context = Context.current();
      return context.getDeadline() != null && context.getDeadline().isExpired()
          ? Status.DEADLINE_EXCEEDED
          : Status.CANCELLED;
    }
    String sqlClass = sqlState.substring(0, 2);
    return switch (sqlClass) {
      case "42", "22", "23", "21", "08" -> Status.INVALID_ARGUMENT;
      case "0A" -> Status.UNIMPLEMENTED;
      case "28" -> Status.UNAUTHENTICATED;
      case "53", "54" -> Status.RESOURCE_EXHAUSTED;
      default -> Status.INTERNAL;
    };
  }
}
