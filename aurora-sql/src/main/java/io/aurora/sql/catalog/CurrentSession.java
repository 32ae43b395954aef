package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The client a thread runs a statement for, so that {@code pg_backend_pid()} answers the session's
 * process id (the one {@code pg_stat_activity} lists) rather than the server's, and {@code
 * system.queries} and {@code system.query_log} show who ran what. The protocol servers enter a
 * client when a statement starts on their thread and leave it when the statement ends; elsewhere
 * (tests, tools) the server's process id stands in and the client is unknown. The engine also binds
 * its node's session directory while it compiles a statement's operators.
 */
public final class CurrentSession {
  private static final ThreadLocal<Client> CLIENT = new ThreadLocal<>();
  private static final ThreadLocal<SessionDirectory> SESSIONS = new ThreadLocal<>();
  private static final ThreadLocal<LongPredicate> QUERIES = new ThreadLocal<>();
  private static final LongPredicate NO_QUERIES = queryId -> false;

  private CurrentSession() {}

  /**
   * Who runs a statement.
   *
   * @param protocol {@code pgwire}, {@code grpc} or {@code http}
   * @param pid the PostgreSQL session's process id, 0 for other protocols
   * @param user the authenticated user
   * @param address the client's IP address, null when unknown
   */
  public record Client(String protocol, int pid, String user, @Nullable String address) {
    public Client {
      requireNonNull(protocol, "protocol is null");
      requireNonNull(user, "user is null");
    }
  }

  /** The calling thread runs statements for {@code client} from now on. */
  public static void enter(Client client) {
    CLIENT.set(requireNonNull(client, "client is null"));
  }

  /** The calling thread's statement ended. */
  public static void leave() {
    CLIENT.remove();
  }

  /** The client of the calling thread's statement, null when none entered. */
  public static @Nullable Client client() {
    return CLIENT.get();
  }

  /**
   * The engine compiling a statement's operators on the calling thread makes its node's sessions
   * the ones {@code pg_cancel_backend} and {@code pg_terminate_backend} signal; returns the ones
   * bound before, to bind again when it is done.
   */
  public static SessionDirectory bindSessions(SessionDirectory sessions) {
    SessionDirectory outer = sessions();
    SESSIONS.set(sessions);
    return outer;
  }

  /** The sessions bound by {@link #bindSessions}, or none. */
  public static SessionDirectory sessions() {
    SessionDirectory sessions = SESSIONS.get();
    return sessions == null ? SessionDirectory.NONE : sessions;
  }

  /**
   * As {@link #bindSessions}: the engine compiling a statement makes {@code cancel} (by query id)
   * what {@code cancel_query} calls; returns what was bound before.
   */
  public static LongPredicate bindQueries(LongPredicate cancel) {
    LongPredicate outer = queries();
    QUERIES.set(cancel);
    return outer;
  }

  /** The query canceller bound by {@link #bindQueries}, or one that finds no query. */
  public static LongPredicate queries() {
    LongPredicate cancel = QUERIES.get();
    return cancel == null ? NO_QUERIES : cancel;
  }

  /** The process id of the PostgreSQL session the calling thread runs a statement for. */
  public static int pid() {
    Client client = CLIENT.get();
    return client == null || client.pid() == 0 ? (int) ProcessHandle.current().pid() : client.pid();
  }
}
