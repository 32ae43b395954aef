package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One client session of this node as {@code pg_stat_activity} shows it.
 *
 * @param pid the session's process id (as in its PostgreSQL cancel key)
 * @param state {@code active} (running a statement), {@code idle}, {@code idle in transaction} or
 *     {@code idle in transaction (aborted)}, as PostgreSQL names them
 * @param query the statement running now, or else the last one (PostgreSQL's behaviour), or null
 * @param queryStartMicros when that statement started, -1 before the first
 * @param transactionStartMicros when the open transaction block began, -1 outside one
 */
public record SessionActivity(
    int pid,
    String user,
    String applicationName,
    @Nullable String clientAddress,
    int clientPort,
    long backendStartMicros,
    long transactionStartMicros,
    long queryStartMicros,
    long stateChangeMicros,
    String state,
    @Nullable String query) {
  public SessionActivity {
    requireNonNull(user, "user is null");
    requireNonNull(applicationName, "applicationName is null");
    requireNonNull(state, "state is null");
  }
}
