package io.aurora.sql.catalog;

/**
 * The client session a thread runs a statement for, so that {@code pg_backend_pid()} answers the
 * session's process id (the one {@code pg_stat_activity} lists) rather than the server's. The
 * protocol server enters a session when a statement starts on its thread and leaves it when the
 * statement ends; elsewhere (no session, gRPC, tests) the server's process id stands in.
 */
public final class CurrentSession {
  private static final ThreadLocal<Integer> PID = new ThreadLocal<>();

  private CurrentSession() {}

  /** The calling thread runs a statement of session {@code pid} from now on. */
  public static void enter(int pid) {
    PID.set(pid);
  }

  /** The calling thread's statement ended. */
  public static void leave() {
    PID.remove();
  }

  /** The process id of the session the calling thread runs a statement for. */
  public static int pid() {
    Integer pid = PID.get();
    return pid == null ? (int) ProcessHandle.current().pid() : pid;
  }
}
