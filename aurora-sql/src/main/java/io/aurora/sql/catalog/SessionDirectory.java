package io.aurora.sql.catalog;

import java.util.List;

/**
 * The client sessions of this node, which {@code pg_stat_activity} lists; the PostgreSQL protocol
 * server is one. Thread-safe.
 */
public interface SessionDirectory {
  /** A directory without sessions: an engine used without a protocol server. */
  SessionDirectory NONE = List::of;

  /** The open sessions now. */
  List<SessionActivity> sessions();
}
