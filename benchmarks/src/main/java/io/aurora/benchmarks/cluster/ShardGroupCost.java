package io.aurora.benchmarks.cluster;

import io.aurora.consensus.ConsensusConfig;
import io.aurora.consensus.ReplicatedCatalog;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What an idle shard group costs a node: a node is started empty, given tables of 10 shards until
 * it hosts N shard groups, and then left idle; heap after a full GC, direct buffers, live threads
 * and the process' CPU time over an idle window are measured, for each N. Groups here have one peer
 * (a single node), which is the floor of a replica's cost: a follower or leader of a group of three
 * adds its appender threads.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp benchmarks/target/aurora-benchmarks.jar \
 *     io.aurora.benchmarks.cluster.ShardGroupCost [groups=10,100,1000] [idle-seconds=10] [directory]
 * </pre>
 */
public final class ShardGroupCost {
  private static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              new ColumnSchema("ts", DataType.TIMESTAMP, false),
              ColumnSchema.of("v", DataType.BIGINT)),
          "ts",
          PartitionGranularity.DAY,
          List.of(),
          10);

  private ShardGroupCost() {}

  public static void main(String[] args) throws Exception {
    String[] counts = (args.length > 0 ? args[0] : "10,100,1000").split(",");
    int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path root = Path.of(args.length > 2 ? args[2] : "benchmarks/target/shard-group-cost");
    System.out.printf(
        Locale.ROOT,
        "| shard groups | heap MiB | direct MiB | threads | idle CPU %% of one core |"
            + " heap KiB / group | threads / group |%n|---:|---:|---:|---:|---:|---:|---:|%n");
    Sample base = null;
    for (String count : counts) {
      int groups = Integer.parseInt(count.trim());
      Path directory = root.resolve("groups-" + groups);
      Directories.deleteRecursively(directory);
      try (ReplicatedCatalog node =
          ReplicatedCatalog.open(
              directory,
              "127.0.0.1",
              0,
              StorageConfig.DEFAULT.withBlockCacheBytes(0),
              ConsensusConfig.DEFAULT)) {
        if (base == null) {
          base = Sample.take(0);
        }
        for (int table = 0; table < groups / SCHEMA.shardCount(); table++) {
          node.createTable("t" + table, SCHEMA, false);
        }
        Sample sample = Sample.take(idleSeconds);
        System.out.printf(
            Locale.ROOT,
            "| %d | %.0f | %.0f | %d | %.1f | %.0f | %.2f |%n",
            groups,
            sample.heapBytes / 1048576.0,
            sample.directBytes / 1048576.0,
            sample.threads,
            sample.idleCpuPercent,
            (sample.heapBytes - base.heapBytes) / 1024.0 / groups,
            (double) (sample.threads - base.threads) / groups);
      }
      Directories.deleteRecursively(directory);
    }
  }

  /** Heap after a full GC, direct buffer bytes, live threads and CPU over an idle window. */
  private record Sample(long heapBytes, long directBytes, int threads, double idleCpuPercent) {
    static Sample take(int idleSeconds) throws InterruptedException {
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      double cpu = 0;
      if (idleSeconds > 0) {
        Thread.sleep(2_000);
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        Thread.sleep(idleSeconds * 1_000L);
        cpu = 100.0 * (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - start);
      }
      System.gc();
      Thread.sleep(500);
      long direct = 0;
      for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
        if (pool.getName().equals("direct")) {
          direct = pool.getMemoryUsed();
        }
      }
      return new Sample(
          memory.getHeapMemoryUsage().getUsed(), direct, threads.getThreadCount(), cpu);
    }
  }
}
