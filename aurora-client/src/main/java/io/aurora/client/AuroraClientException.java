package io.aurora.client;

import io.aurora.client.proto.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import org.jspecify.annotations.Nullable;

/**
 * A failed call: the gRPC status code, and Aurora's error code and PostgreSQL SQLSTATE when the
 * server sent them (in the trailers under {@code aurora-error-bin}, see {@code aurora.proto}).
 */
public final class AuroraClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The trailer key of the {@link ErrorDetail} a failed call carries. */
  public static final Metadata.Key<ErrorDetail> ERROR_DETAIL_KEY =
      Metadata.Key.of(
          "aurora-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

  private final Status.Code statusCode;
  private final @Nullable String errorCode;
  private final @Nullable String sqlState;

  public AuroraClientException(
      Status.Code statusCode,
      @Nullable String errorCode,
      @Nullable String sqlState,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.sqlState = sqlState;
  }

  /** The exception for a failed gRPC call, with the server's error detail if it sent one. */
  public static AuroraClientException from(Throwable error) {
    if (error instanceof AuroraClientException client) {
      return client;
    }
    Status status = Status.fromThrowable(error);
    Metadata trailers = Status.trailersFromThrowable(error);
    ErrorDetail detail = trailers == null ? null : trailers.get(ERROR_DETAIL_KEY);
    String description = status.getDescription() == null ? "" : ": " + status.getDescription();
    if (detail == null) {
      return new AuroraClientException(
          status.getCode(), null, null, status.getCode() + description, error);
    }
    return new AuroraClientException(
        status.getCode(),
        detail.getErrorCode(),
        detail.getSqlState(),
        status.getCode() + " (" + detail.getSqlState() + ")" + description,
        error);
  }

  /** The gRPC status code. */
  public Status.Code statusCode() {
    return statusCode;
  }

  /**
   * Aurora's error code name (such as {@code UNDEFINED_TABLE}), or null if the server sent none.
   */
  public @Nullable String errorCode() {
    return errorCode;
  }

  /** The PostgreSQL SQLSTATE (such as {@code 42P01}), or null if the server sent none. */
  public @Nullable String sqlState() {
    return sqlState;
  }
}
