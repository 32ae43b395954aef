package io.aurora.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition variant of {@link TestLocalClusterFaults}: the three nodes run in network
 * namespaces of their own ({@code deploy/local-cluster --netns}), and every 15 s for two minutes
 * the network is cut for 7.5 s, alternately isolating one node (round-robin) from the other two and
 * cutting two nodes apart while the third reaches both, then healed; a writer per node inserts rows
 * distributed over four shards throughout. Then every node must hold the same rows, every
 * acknowledged row exactly once, and no INSERT in part. An isolated leader keeps believing it leads
 * until it hears otherwise; the majority elects another and goes on.
 *
 * <p>Needs Linux, root and iproute2 (skipped otherwise). Tagged slow; run it with {@code mvn -B
 * verify -pl aurora-server -Dtest=TestLocalClusterPartitions -Dtest.groups.excluded=
 * -Dsurefire.failIfNoSpecifiedTests=false} (the same schedule properties as the kill run).
 */
@Tag("slow")
@Timeout(3600)
class TestLocalClusterPartitions {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path directory;

  @Test
  void everyAcknowledgedRowSurvivesPartitions() throws Exception {
    assumeTrue(LocalCluster.canUseNamespaces(), "needs Linux, root and network namespaces");
    System.out.println(
        ClusterFaultWorkload.run(
            directory.resolve("cluster"),
            ClusterFaultWorkload.DURATION,
            ClusterFaultWorkload.INTERVAL,
            ClusterFaultWorkload.Fault.PARTITION));
  }
}
