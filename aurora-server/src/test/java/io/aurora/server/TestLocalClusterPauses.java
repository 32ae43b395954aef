package io.aurora.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pause variant of {@link TestLocalClusterFaults}: every 15 s for two minutes one node after
 * the other is frozen with SIGSTOP for 5 s (longer than an election) and let go with SIGCONT, while
 * a writer per node inserts rows distributed over four shards; then every node must hold the same
 * rows, every acknowledged row exactly once, and no INSERT in part. A frozen leader comes back
 * believing it leads, and a frozen writer's transaction resumes after others decided around it.
 * Tagged slow; run it with {@code mvn -B verify -pl aurora-server -Dtest=TestLocalClusterPauses
 * -Dtest.groups.excluded= -Dsurefire.failIfNoSpecifiedTests=false} (the same schedule properties).
 */
@Tag("slow")
@Timeout(3600)
class TestLocalClusterPauses {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path directory;

  @Test
  void everyAcknowledgedRowSurvivesRoundRobinPauses() throws Exception {
    System.out.println(
        ClusterFaultWorkload.run(
            directory.resolve("cluster"),
            ClusterFaultWorkload.DURATION,
            ClusterFaultWorkload.INTERVAL,
            ClusterFaultWorkload.Fault.PAUSE));
  }
}
