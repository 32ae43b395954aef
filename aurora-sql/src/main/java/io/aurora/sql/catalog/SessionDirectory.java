package io.aurora.sql.catalog;

import java.util.List;

/**
 * The client sessions of this node, which {@code pg_stat_activity} lists and {@code
 * pg_cancel_backend}/{@code pg_terminate_backend} signal; the PostgreSQL protocol server is one.
 * Thread-safe.
 */
public interface SessionDirectory {
  /** A directory without sessions: an engine used without a protocol server. */
  SessionDirectory NONE =
      new SessionDirectory() {
        @Override
        public List<SessionActivity> sessions() {
          return List.of();
        }

        @Override
        public boolean cancel(int pid) {
          return false;
        }

        @Override
        public boolean terminate(int pid) {
          return false;
        }
      };

  /** The open sessions now. */
  List<SessionActivity> sessions();

  /**
   * Cancels the statement session {@code pid} runs now (it fails with SQLSTATE 57014), as a
   * CancelRequest with its key would; an idle session is left as it is. Returns whether session
   * {@code pid} exists.
   */
  boolean cancel(int pid);

  /**
   * Ends session {@code pid}: cancels its statement, discards its open transaction block and closes
   * its connection with FATAL 57P01, as PostgreSQL's {@code pg_terminate_backend} does. Returns
   * whether session {@code pid} existed.
   */
  boolean terminate(int pid);
}
