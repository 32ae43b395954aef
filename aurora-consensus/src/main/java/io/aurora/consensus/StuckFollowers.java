package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the followers that a group's leader believes further along than they are, a state Ratis
 * 3.3.0 can fall into and not leave (RATIS-2605, fixed in later Ratis releases that this build
 * cannot use): a heartbeat's success raises the leader's match index for a follower past the end of
 * the follower's log, and from then on every INCONSISTENCY reply sets the follower's next index
 * back to that match index + 1 and no lower, so the entries the follower lacks are never sent. The
 * follower answers every request at once, but its log, and so its commit index, no longer move; its
 * reads wait for a ReadIndex barrier that never passes.
 *
 * <p>Seen from the leader, such a follower has a match index above its commit index while the
 * leader has committed past that match index (a healthy follower learns the leader's commit index
 * with its next request, within a heartbeat), it replied recently, and its commit index has not
 * changed for {@code stuckNanos}. A follower that is down, cut off or paused replies to nothing and
 * is not counted; one catching up moves its commit index. The remedy is for the leader to step
 * down: the next leader, even the same node re-elected, starts from fresh follower state.
 *
 * <p>Not thread-safe: one watchdog thread checks every group.
 */
final class StuckFollowers {
  /** A follower that has not replied for this long is unreachable, not stuck. */
  static final long RESPONSIVE_MILLIS = 3_000;

  private final long stuckNanos;
  private final Map<String, Map<String, Suspicion>> suspicions = new HashMap<>();

  /**
   * What a leader knows of one follower.
   *
   * @param id the follower's peer id
   * @param matchIndex the last index the leader believes the follower has
   * @param commitIndex the commit index the follower last reported
   * @param lastReplyMillis how long ago the follower last replied
   */
  record Follower(String id, long matchIndex, long commitIndex, long lastReplyMillis) {
    Follower {
      requireNonNull(id, "id is null");
    }

    boolean looksStuck(long leaderCommitIndex) {
      return matchIndex > commitIndex
          && leaderCommitIndex >= matchIndex
          && lastReplyMillis < RESPONSIVE_MILLIS;
    }
  }

  /** A follower that looked stuck, with the commit index it had then and since when. */
  private record Suspicion(long commitIndex, long sinceNanos) {}

  StuckFollowers(long stuckNanos) {
    if (stuckNanos <= 0) {
      throw new IllegalArgumentException("stuckNanos must be positive: " + stuckNanos);
    }
    this.stuckNanos = stuckNanos;
  }

  /**
   * Checks the followers of a group this node leads, at {@code nowNanos}, and returns those that
   * have looked stuck, with the same commit index, for at least {@code stuckNanos}.
   */
  List<Follower> check(
      String group, long leaderCommitIndex, List<Follower> followers, long nowNanos) {
    Map<String, Suspicion> previous = suspicions.getOrDefault(group, Map.of());
    Map<String, Suspicion> current = new HashMap<>();
    List<Follower> stuck = new ArrayList<>();
    for (Follower follower : followers) {
      if (!follower.looksStuck(leaderCommitIndex)) {
        continue;
      }
      Suspicion suspicion = previous.get(follower.id());
      if (suspicion == null || suspicion.commitIndex() != follower.commitIndex()) {
        suspicion = new Suspicion(follower.commitIndex(), nowNanos);
      }
      current.put(follower.id(), suspicion);
      if (nowNanos - suspicion.sinceNanos() >= stuckNanos) {
        stuck.add(follower);
      }
    }
    if (current.isEmpty()) {
      suspicions.remove(group);
    } else {
      suspicions.put(group, current);
    }
    return stuck;
  }

  /** Forgets a group this node no longer leads (or stepped down from). */
  void forget(String group) {
    suspicions.remove(group);
  }

  /** Forgets every group but these. */
  void retain(Set<String> groups) {
    suspicions.keySet().retainAll(groups);
  }
}
