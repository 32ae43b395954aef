package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

/**
 * One framed frontend message: its type byte ({@link #STARTUP} for the untyped messages of the
 * startup phase) and its body after the length word. The body is a copy that the frame owns.
 */
record PgFrame(char type, byte[] body) {
  /** The type of the untyped startup-phase messages: StartupMessage, SSLRequest, CancelRequest. */
  static final char STARTUP = '\0';

  PgFrame {
    requireNonNull(body, "body is null");
  }
}
