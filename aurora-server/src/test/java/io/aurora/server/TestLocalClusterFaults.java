package io.aurora.server;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process-level fault test of a three-node cluster ({@link ClusterFaultWorkload}): a writer per
 * node, one node after the other killed with SIGKILL and started again every 15 s for two minutes,
 * then every node must hold the same rows and every acknowledged row exactly once. Tagged slow; run
 * it with {@code mvn -B verify -pl aurora-server -Dtest=TestLocalClusterFaults
 * -Dtest.groups.excluded= -Dsurefire.failIfNoSpecifiedTests=false}. The system properties {@code
 * aurora.cluster-faults.duration} and {@code aurora.cluster-faults.interval} (ISO-8601, default
 * {@code PT2M} and {@code PT15S}) change the schedule; the default test run has a 30-second variant
 * in {@link TestLocalClusterScript}.
 */
@Tag("slow")
@Timeout(3600)
class TestLocalClusterFaults {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path directory;

  @Test
  void everyAcknowledgedRowSurvivesRoundRobinKills() throws Exception {
    System.out.println(
        ClusterFaultWorkload.run(
            directory.resolve("cluster"),
            ClusterFaultWorkload.DURATION,
            ClusterFaultWorkload.INTERVAL));
  }
}
