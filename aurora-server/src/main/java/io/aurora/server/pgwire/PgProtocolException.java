package io.aurora.server.pgwire;

/**
 * A frontend broke the protocol (SQLSTATE 08P01): a bad length, an unknown message type, a
 * truncated message. The connection that sent it is closed after the error is reported.
 */
final class PgProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PgProtocolException(String message) {
    super(message);
  }
}
