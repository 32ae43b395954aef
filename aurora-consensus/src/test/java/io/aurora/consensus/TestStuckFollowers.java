package io.aurora.consensus;

import static io.aurora.consensus.TestReplicatedCatalog.events;
import static io.aurora.consensus.TestReplicatedCatalog.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.consensus.StuckFollowers.Follower;
import io.aurora.sql.catalog.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's watchdog for followers stuck behind an inflated match index (RATIS-2605): which
 * followers it counts as stuck, and that stepping down hands the group to a fresh leader.
 */
class TestStuckFollowers {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @TempDir Path directory;

  /** The state of the failing run: the follower's log ended at 228, the leader believed 305. */
  @Test
  void aFollowerAnsweringWithoutMovingIsStuckAfterTheDelay() {
    StuckFollowers watchdog = new StuckFollowers(20 * SECOND);
    Follower stuck = new Follower("n1", 305, 228, 40);
    Follower healthy = new Follower("n2", 320, 320, 40);
    assertThat(watchdog.check("g", 320, List.of(stuck, healthy), 0)).isEmpty();
    assertThat(watchdog.check("g", 330, List.of(stuck, healthy), 10 * SECOND)).isEmpty();
    assertThat(watchdog.check("g", 340, List.of(stuck, healthy), 20 * SECOND))
        .containsExactly(stuck);
    // Another group's followers are counted apart.
    assertThat(watchdog.check("other", 340, List.of(stuck), 20 * SECOND)).isEmpty();
  }

  @Test
  void aFollowerWhoseCommitIndexMovesIsNotStuck() {
    StuckFollowers watchdog = new StuckFollowers(20 * SECOND);
    for (int second = 0; second <= 60; second += 2) {
      // Under steady writes the follower's commit trails its match index by a request.
      Follower busy = new Follower("n1", 1_000 + 10L * second, 998 + 10L * second, 5);
      assertThat(watchdog.check("g", 1_000 + 10L * second, List.of(busy), second * SECOND))
          .as("second %s", second)
          .isEmpty();
    }
  }

  @Test
  void aFollowerThatDoesNotAnswerIsUnreachableNotStuck() {
    StuckFollowers watchdog = new StuckFollowers(20 * SECOND);
    Follower paused = new Follower("n1", 305, 228, StuckFollowers.RESPONSIVE_MILLIS + 1);
    assertThat(watchdog.check("g", 310, List.of(paused), 0)).isEmpty();
    assertThat(watchdog.check("g", 310, List.of(paused), 60 * SECOND)).isEmpty();
  }

  @Test
  void entriesTheLeaderHasNotCommittedDoNotCount() {
    StuckFollowers watchdog = new StuckFollowers(20 * SECOND);
    // Matched but not committed yet: the follower cannot know a commit index past 300.
    Follower follower = new Follower("n1", 305, 300, 5);
    assertThat(watchdog.check("g", 300, List.of(follower), 0)).isEmpty();
    assertThat(watchdog.check("g", 300, List.of(follower), 60 * SECOND)).isEmpty();
  }

  @Test
  void aGroupLedAgainStartsCountingAgain() {
    StuckFollowers watchdog = new StuckFollowers(20 * SECOND);
    Follower stuck = new Follower("n1", 305, 228, 40);
    assertThat(watchdog.check("g", 310, List.of(stuck), 0)).isEmpty();
    watchdog.retain(Set.of()); // this node stopped leading g
    assertThat(watchdog.check("g", 310, List.of(stuck), 20 * SECOND)).isEmpty();
    assertThat(watchdog.check("g", 310, List.of(stuck), 40 * SECOND)).containsExactly(stuck);
    watchdog.forget("g"); // it stepped down
    assertThat(watchdog.check("g", 310, List.of(stuck), 41 * SECOND)).isEmpty();
  }

  /** Stepping down (Ratis' transfer of leadership to nobody) starts a new term; nothing is lost. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theLeaderStepsDownAndTheGroupGoesOnUnderANewTerm() throws IOException {
    try (TestingCluster cluster = TestingCluster.start(directory, 3)) {
      cluster.node(0).createTable("events", TestReplicatedCatalog.EVENTS, false);
      Table events = Objects.requireNonNull(cluster.node(0).table("events"));
      events.append(events(0, 100));
      UUID groupId =
          Objects.requireNonNull(cluster.node(0).definition("events")).shards().get(0).groupId();
      RaftGroupId raftGroup = RaftGroupId.valueOf(groupId);
      int leader = -1;
      for (int node = 0; node < 3; node++) {
        if (cluster.node(node).node().isLeader(raftGroup)) {
          leader = node;
        }
      }
      assertThat(leader).as("a leader of shard 0").isNotNegative();
      RaftNode leading = cluster.node(leader).node();
      long term = leading.division(raftGroup).getInfo().getCurrentTerm();

      leading.stepDown(raftGroup, List.of(new Follower("stuck", 305, 228, 40)));

      TestingCluster.await(
          Duration.ofSeconds(60),
          "a leader of a later term",
          () -> {
            for (int node = 0; node < 3; node++) {
              try {
                var info = cluster.node(node).node().division(raftGroup).getInfo();
                if (info.isLeader() && info.isLeaderReady() && info.getCurrentTerm() > term) {
                  return true;
                }
              } catch (IOException e) {
                return false;
              }
            }
            return false;
          });
      events.append(events(100, 100));
      assertThat(ids(Objects.requireNonNull(cluster.node(2).table("events"))))
          .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 200).boxed().toList());
    }
  }
}
