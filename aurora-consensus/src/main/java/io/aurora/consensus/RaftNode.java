package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.shard.StorageWork;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft server of a node (multi-raft): one {@link RaftServer} on one {@code host:port} hosting
 * the catalog group and one group per shard, each with its own log, state machine and snapshots.
 *
 * <h2>Data directory</h2>
 *
 * <pre>
 * node.id                      this node's stable Raft peer id, written at the first start
 * raft/&lt;group uuid&gt;/           Ratis' storage of each group: log segments, sm/ snapshot files
 * shards/&lt;group uuid&gt;/schema    the shard's schema (see {@link ShardStateMachine})
 * shards/&lt;group uuid&gt;/segments/ the shard's sealed segment files
 * shards/&lt;group uuid&gt;/install/  a snapshot being copied from a peer (see {@link ShardStateMachine})
 * exports/&lt;uuid&gt;/                a snapshot hard-linked for a peer to copy ({@link #exportShard});
 *                              deleted at start
 * </pre>
 *
 * <h2>Groups</h2>
 *
 * The catalog group's id is derived from {@code "aurora-catalog"}; a shard group's id from its
 * table's immutable id and the shard number ({@link ShardPlacement#groupId}). A {@link
 * StateMachine.Registry} maps group ids to state machines: the catalog id to the one {@link
 * CatalogStateMachine}, any other id to a {@link ShardStateMachine} over the shard whose schema
 * file is in {@code shards/<group uuid>/}. On a restart Ratis finds every group directory under
 * {@code raft/} and recovers it (snapshot, then log tail) through the registry, which is why a
 * shard's schema file is written before its group is added and deleted after it is removed.
 *
 * <p>Shard groups are added with Ratis group management when a table is created and removed, with
 * their directories, when it is dropped ({@link ReplicatedCatalog} decides which). On one node
 * every group has one peer, this node; a group with three peers needs only different peer lists,
 * which the catalog records per shard.
 *
 * <p>Ratis types never leave this package: the public API speaks {@link UUID}, {@link PeerAddress}
 * and {@link GroupStatus}. Thread-safe.
 */
public final class RaftNode implements AutoCloseable {
  /** The Raft group id of the catalog. */
  public static final UUID CATALOG_GROUP_ID =
      UUID.nameUUIDFromBytes("aurora-catalog".getBytes(StandardCharsets.UTF_8));

  private static final Logger log = LoggerFactory.getLogger(RaftNode.class);
  private static final long LEADER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final long SNAPSHOT_TIMEOUT_MILLIS = 60_000;
  // With a 100 ms pause, a request gives up after about a minute without a leader.
  private static final int CLIENT_RETRIES = 600;
  private static final String EXPORTS_DIRECTORY = "exports";
  private static final long WATCHDOG_INTERVAL_MILLIS = 2_000;
  // Long enough that a follower merely slow never reaches it: a healthy follower's commit index
  // moves with every request it answers.
  private static final long STUCK_FOLLOWER_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final RaftProperties properties;
  private final Registry registry;
  private final RaftServer server;
  private final PeerAddress self;
  private final StorageConfig storageConfig;
  private final ConsensusConfig consensusConfig;
  private final ExecutorService snapshotExecutor;
  private final ExecutorService submitExecutor;
  private final ScheduledExecutorService watchdog;
  private final StuckFollowers stuckFollowers = new StuckFollowers(STUCK_FOLLOWER_NANOS);
  private final ClientId adminClientId = ClientId.randomId();
  private final AtomicLong adminCallId = new AtomicLong();
  private final String producerId;
  private final Map<UUID, ShardGroup> shardGroups = new ConcurrentHashMap<>();
  private final ClusterMembership membership;
  private final String clusterId;
  private final RaftGroup catalogGroup;
  private final RaftClient catalogClient;
  private final long requestTimeoutNanos;

  private RaftNode(
      RaftProperties properties,
      Registry registry,
      RaftServer server,
      PeerAddress self,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig,
      ClusterMembership membership,
      String clusterId) {
    this.membership = membership;
    this.clusterId = clusterId;
    this.requestTimeoutNanos = consensusConfig.requestTimeout().toNanos();
    this.properties = properties;
    this.registry = registry;
    this.server = server;
    this.self = self;
    this.storageConfig = storageConfig;
    this.consensusConfig = consensusConfig;
    this.snapshotExecutor =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-raft-snapshot");
              thread.setDaemon(true);
              return thread;
            });
    AtomicLong submitThreads = new AtomicLong();
    this.submitExecutor =
        Executors.newCachedThreadPool(
            runnable -> {
              Thread thread =
                  new Thread(runnable, "aurora-raft-submit-" + submitThreads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-raft-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    watchdog.scheduleWithFixedDelay(
        this::checkFollowers,
        WATCHDOG_INTERVAL_MILLIS,
        WATCHDOG_INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
    // Unique per process start: sequences restart at 1, so a new id keeps them from looking like
    // retries of the previous process's batches.
    this.producerId = self.id() + "/" + UUID.randomUUID();
    this.catalogGroup = catalogGroup(clusterId, membership, self);
    this.catalogClient = newClient(catalogGroup);
  }

  /**
   * The catalog group: this node alone, or the first three (five) seeds as voters and every other
   * seed as a listener (a replica that applies the catalog's log but does not vote).
   */
  private static RaftGroup catalogGroup(
      String clusterId, ClusterMembership membership, PeerAddress self) {
    if (!membership.isCluster()) {
      return RaftGroup.valueOf(
          RaftGroupId.valueOf(CATALOG_GROUP_ID),
          RaftPeer.newBuilder().setId(self.id()).setAddress(self.address()).build());
    }
    List<RaftPeer> peers = new ArrayList<>();
    List<String> seeds = membership.seeds();
    for (int i = 0; i < seeds.size(); i++) {
      RaftPeer.Builder peer =
          RaftPeer.newBuilder()
              .setId(ClusterMembership.peerId(seeds.get(i)))
              .setAddress(seeds.get(i));
      if (i >= membership.catalogVoters()) {
        peer.setStartupRole(RaftProtos.RaftPeerRole.LISTENER);
      }
      peers.add(peer.build());
    }
    return RaftGroup.valueOf(RaftGroupId.valueOf(catalogGroupId(clusterId)), peers);
  }

  /** The catalog group's id: fixed for a single node, derived from the cluster id in a cluster. */
  static UUID catalogGroupId(String clusterId) {
    return clusterId.isEmpty()
        ? CATALOG_GROUP_ID
        : UUID.nameUUIDFromBytes(("aurora-catalog/" + clusterId).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Starts the node's Raft server on {@code host:port} (port 0 picks a free port, for tests) over
   * {@code dataDirectory}, recovers every group found there, creates the catalog group at the first
   * start, and returns once every group has a leader and has applied its whole log, so reads see
   * every acknowledged write.
   *
   * @throws AuroraException with {@link ErrorCode#IO_ERROR} when the server cannot start, or {@link
   *     ErrorCode#DATA_CORRUPTED} naming a damaged file
   */
  public static RaftNode start(
      Path dataDirectory,
      String host,
      int port,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig) {
    return start(
        dataDirectory, host, port, storageConfig, consensusConfig, ClusterMembership.SINGLE);
  }

  /**
   * Starts the node's Raft server as a member of the cluster {@code membership} describes (see
   * {@link ReplicatedCatalog#open(Path, String, int, StorageConfig, ConsensusConfig,
   * ClusterMembership)}). In a cluster it returns once the catalog is caught up with its leader;
   * shard groups catch up in the background, and reads wait for them with a ReadIndex barrier.
   */
  public static RaftNode start(
      Path dataDirectory,
      String host,
      int port,
      StorageConfig storageConfig,
      ConsensusConfig consensusConfig,
      ClusterMembership membership) {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(membership, "membership is null");
    requireNonNull(host, "host is null");
    requireNonNull(storageConfig, "storageConfig is null");
    requireNonNull(consensusConfig, "consensusConfig is null");
    @Nullable RaftServer server = null;
    @Nullable Registry registry = null;
    @Nullable RaftNode node = null;
    try {
      Files.createDirectories(dataDirectory.resolve("raft"));
      Files.createDirectories(dataDirectory.resolve("shards"));
      Directories.deleteRecursively(dataDirectory.resolve(EXPORTS_DIRECTORY));
      String clusterId = "";
      RaftPeerId peerId;
      if (membership.isCluster()) {
        String address = checkClusterIdentity(dataDirectory, port, membership);
        peerId = RaftPeerId.valueOf(ClusterMembership.peerId(address));
        clusterId = clusterId(membership);
      } else {
        peerId = RaftPeerId.valueOf(peerId(dataDirectory.resolve("node.id")));
      }
      RaftProperties properties =
          consensusConfig.raftProperties(
              dataDirectory.resolve("raft"), host, port, membership.isCluster());
      registry = new Registry(dataDirectory.resolve("shards"), storageConfig, clusterId);
      server =
          RaftServer.newBuilder()
              .setServerId(peerId)
              .setStateMachineRegistry(registry)
              .setProperties(properties)
              .setOption(RaftStorage.StartupOption.RECOVER)
              .build();
      server.start();
      InetSocketAddress bound = server.getServerRpc().getInetSocketAddress();
      String advertised = membership.isCluster() ? membership.advertisedHost() : host;
      PeerAddress self = new PeerAddress(peerId.toString(), advertised + ":" + bound.getPort());
      node =
          new RaftNode(
              properties,
              registry,
              server,
              self,
              storageConfig,
              consensusConfig,
              membership,
              clusterId);
      node.startCatalog();
      registry.deleteUnusedShardDirectories();
      if (!membership.isCluster()) {
        for (UUID groupId : node.shardGroupIds()) {
          node.awaitRecovered(RaftGroupId.valueOf(groupId));
        }
      }
      log.info(
          "Started Raft node[{}] on [{}] with shard groups[{}]",
          self.id(),
          self.address(),
          registry.shards.size());
      return node;
    } catch (IOException | RuntimeException e) {
      if (node != null) {
        node.close();
      } else if (server != null) {
        closeQuietly(server);
      }
      if (registry != null) {
        // Ratis does not close the state machine of a group that failed to initialize.
        registry.closeShards();
      }
      if (e instanceof AuroraException aurora && aurora.errorCode() == ErrorCode.DATA_CORRUPTED) {
        throw aurora;
      }
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Cannot start the Raft node in directory[" + dataDirectory + "]: " + e,
          e);
    }
  }

  /**
   * Checks that this node's Raft address is a seed and that the data directory belongs to this node
   * of this cluster (or is new, in which case it records both), and returns the address.
   */
  private static String checkClusterIdentity(
      Path dataDirectory, int port, ClusterMembership membership) throws IOException {
    if (port <= 0) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "A node of a cluster needs a fixed Raft port, not [" + port + "]");
    }
    String address = membership.advertisedHost() + ":" + port;
    String self = ClusterMembership.peerId(address);
    boolean isSeed = false;
    for (String seed : membership.seeds()) {
      isSeed |= ClusterMembership.peerId(seed).equals(self);
    }
    if (!isSeed) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "This node's Raft address["
              + address
              + "] is not among the seeds"
              + membership.seeds()
              + "; every node of a cluster must be listed in the seeds");
    }
    String identity = "raft-address=" + address + "\nseeds=" + String.join(",", membership.seeds());
    Path file = dataDirectory.resolve("cluster.id");
    if (Files.exists(dataDirectory.resolve("node.id")) && !Files.exists(file)) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Data directory[" + dataDirectory + "] holds a single node's data, not a cluster node's");
    }
    if (Files.exists(file)) {
      String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!stored.equals(identity)) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Data directory["
                + dataDirectory
                + "] belongs to ["
                + stored.replace('\n', ' ')
                + "], not to ["
                + identity.replace('\n', ' ')
                + "]: another node, or seeds that contradict the stored membership");
      }
    } else {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, identity + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
    return address;
  }

  /** The cluster's id: derived from its seeds, so every seed knows it without a round trip. */
  static String clusterId(ClusterMembership membership) {
    List<String> peers = new ArrayList<>();
    for (String seed : membership.seeds()) {
      peers.add(ClusterMembership.peerId(seed));
    }
    return UUID.nameUUIDFromBytes(
            ("aurora-cluster/" + String.join(",", peers)).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static String peerId(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    String id = "node-" + UUID.randomUUID();
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, id + "\n", StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }

  private void startCatalog() throws IOException {
    RaftGroupId groupId = catalogGroup.getGroupId();
    if (!isHosted(groupId)) {
      addGroup(catalogGroup);
      log.info("Created the catalog group[{}] on node[{}]", groupId, self.id());
    }
    if (!membership.isCluster()) {
      awaitRecovered(groupId);
      return;
    }
    long start = System.nanoTime();
    boolean isWaitSaid = false;
    while (true) {
      try {
        readBarrier(groupId, TimeUnit.SECONDS.toNanos(5));
        break;
      } catch (AuroraException e) {
        if (!isWaitSaid && System.nanoTime() - start > TimeUnit.SECONDS.toNanos(2)) {
          log.info(
              "Waiting for enough of the seeds{} to elect the catalog's leader",
              membership.seeds());
          isWaitSaid = true;
        }
      }
    }
    log.info(
        "Catalog group[{}] caught up on node[{}] after {} ms",
        groupId,
        self.id(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private boolean isHosted(RaftGroupId groupId) {
    for (RaftGroupId hosted : server.getGroupIds()) {
      if (hosted.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds a group to the server with Ratis' RECOVER option: a new directory is formatted, and a
   * directory holding only a copied snapshot ({@code sm/}, no log) starts from that snapshot, the
   * way a replica is seeded from another's files.
   */
  private void addGroup(RaftGroup group) throws IOException {
    RaftGroupId groupId = group.getGroupId();
    RaftClientReply reply =
        server.groupManagement(
            GroupManagementRequest.newAdd(
                adminClientId, server.getId(), adminCallId.incrementAndGet(), group, false));
    if (!reply.isSuccess()) {
      throw new IOException("Adding group[" + groupId + "] failed", reply.getException());
    }
  }

  /**
   * Waits until the group has a leader that committed an entry of its term and this node applied
   * every committed entry: after a restart, the log tail has been replayed.
   */
  private void awaitRecovered(RaftGroupId groupId) throws IOException {
    long deadline = System.nanoTime() + LEADER_TIMEOUT_NANOS;
    RaftServer.Division division = server.getDivision(groupId);
    while (!division.getInfo().isLeaderReady()
        || division.getInfo().getLastAppliedIndex()
            < division.getRaftLog().getLastCommittedIndex()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("Group[" + groupId + "] did not recover within 60 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while waiting for group[" + groupId + "]", e);
      }
    }
  }

  /**
   * Waits, at most a second, until this node applied every catalog entry it knows to be committed.
   * Together with {@link #submitCatalog(CatalogEntry, boolean)}'s wait for every node's commit, a
   * change of privileges that returned holds on every node from its next check. Usually two
   * volatile reads.
   */
  void awaitCatalogApplied() {
    RaftServer.Division division;
    try {
      division = server.getDivision(catalogGroup.getGroupId());
    } catch (IOException e) {
      return;
    }
    long committed = division.getRaftLog().getLastCommittedIndex();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (division.getInfo().getLastAppliedIndex() < committed && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "Interrupted while waiting", e);
      }
    }
  }

  /**
   * Waits until this replica of the group has applied every entry committed before the call (Ratis'
   * ReadIndex: on a follower one round trip to the leader, which confirms its leadership with a
   * majority). A group of one peer, this node, needs no round trip: its writes return only once
   * applied.
   *
   * @throws AuroraException with {@link ErrorCode#UNAVAILABLE} when the group has no leader that a
   *     majority follows within the timeout
   */
  void readBarrier(RaftGroupId groupId, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    Throwable failure = null;
    do {
      RaftClientRequest request =
          RaftClientRequest.newBuilder()
              .setClientId(adminClientId)
              .setServerId(server.getId())
              .setGroupId(groupId)
              .setCallId(adminCallId.incrementAndGet())
              .setMessage(Message.EMPTY)
              .setType(RaftClientRequest.readRequestType())
              .build();
      try {
        RaftClientReply reply =
            submitLocal(request)
                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (reply.isSuccess()) {
          return;
        }
        failure = reply.getException();
      } catch (ExecutionException e) {
        failure = e.getCause();
      } catch (TimeoutException | IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "Interrupted while reading", e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuroraException(ErrorCode.QUERY_CANCELED, "Interrupted while reading", e);
      }
    } while (System.nanoTime() < deadline);
    throw new AuroraException(
        ErrorCode.UNAVAILABLE,
        "Group["
            + groupId.getUuid()
            + "] has no leader that a majority of its replicas follows: "
            + failure,
        failure);
  }

  /** The peer id of the group's leader as this replica knows it, or null (none, or not hosted). */
  @Nullable String leaderOf(UUID groupId) {
    try {
      RaftPeerId leader = server.getDivision(RaftGroupId.valueOf(groupId)).getInfo().getLeaderId();
      return leader == null ? null : leader.toString();
    } catch (IOException | RuntimeException e) {
      // Not hosted, or the division is starting or closing (Ratis's state is not there yet).
      return null;
    }
  }

  /** The group's last applied index on this replica, or -1 when not hosted. */
  long appliedIndex(UUID groupId) {
    try {
      return lastApplied(server.getDivision(RaftGroupId.valueOf(groupId)));
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The division's last applied index, or -1 while it is still starting: Ratis throws
   * IllegalStateException ("stateMachineUpdater is uninitialized") until its state machine updater
   * exists, which a group added a moment ago (a new table's shards) may not have yet.
   */
  private static long lastApplied(RaftServer.Division division) {
    try {
      return division.getInfo().getLastAppliedIndex();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  /**
   * When this node leads the group: per follower peer id, the milliseconds since that follower last
   * answered. Empty when this node is not the group's leader.
   */
  Map<String, Long> followerSilenceMillis(UUID groupId) {
    Map<String, Long> silence = new java.util.HashMap<>();
    try {
      RaftProtos.RoleInfoProto role =
          server.getDivision(RaftGroupId.valueOf(groupId)).getInfo().getRoleInfoProto();
      if (role.hasLeaderInfo()) {
        for (RaftProtos.ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
          silence.put(follower.getId().getId().toStringUtf8(), follower.getLastRpcElapsedTimeMs());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not hosted, or a leader changing its role: Ratis builds the role's description from state
      // that a transition replaces (seen as a NullPointerException). Nothing known this time.
    }
    return silence;
  }

  /** Whether the group has more than one peer (its reads need a barrier). */
  boolean isReplicated(RaftGroupId groupId) {
    try {
      return server.getDivision(groupId).getGroup().getPeers().size() > 1;
    } catch (IOException e) {
      return false;
    }
  }

  /** The write and read timeout ({@code consensus.request-timeout}) in nanoseconds. */
  long requestTimeoutNanos() {
    return requestTimeoutNanos;
  }

  /** Who this node is in its cluster. */
  public ClusterMembership membership() {
    return membership;
  }

  /** The cluster's id, derived from the seeds; empty for a single node. */
  public String clusterId() {
    return clusterId;
  }

  /** The catalog's Raft group id. */
  UUID catalogGroupId() {
    return catalogGroup.getGroupId().getUuid();
  }

  /** This node's peer id and the address its Raft server is bound to. */
  public PeerAddress self() {
    return self;
  }

  /** The state of every group on this node, the catalog first, then shards by group id. */
  public List<GroupStatus> groups() {
    List<GroupStatus> groups = new ArrayList<>();
    groups.add(status(catalogGroupId(), true, registry.catalog.snapshotIndex()));
    for (UUID groupId : shardGroupIds()) {
      ShardStateMachine stateMachine = registry.shards.get(groupId);
      if (stateMachine != null) {
        groups.add(status(groupId, false, stateMachine.snapshotIndex()));
      }
    }
    return groups;
  }

  private GroupStatus status(UUID groupId, boolean isCatalog, long snapshotIndex) {
    try {
      RaftServer.Division division = server.getDivision(RaftGroupId.valueOf(groupId));
      return new GroupStatus(
          groupId,
          isCatalog,
          division.getInfo().isLeader(),
          division.getRaftLog().getLastCommittedIndex(),
          lastApplied(division),
          snapshotIndex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes a snapshot of every group: seals every shard's unsealed rows and writes the catalog, so
   * the next start replays nothing. Called at graceful shutdown, before {@link #close()}.
   */
  public void snapshotAll() {
    takeSnapshot(catalogGroup.getGroupId());
    for (UUID groupId : shardGroupIds()) {
      takeSnapshot(RaftGroupId.valueOf(groupId));
    }
  }

  /**
   * Lets this node's shard replicas that fell behind their leader's log copy a snapshot from the
   * leader's node with {@code fetcher} (see {@link ShardStateMachine}); until it is set they stay
   * behind and their reads go to other replicas.
   */
  public void useSnapshotFetcher(ShardSnapshotFetcher fetcher) {
    requireNonNull(fetcher, "fetcher is null");
    registry.copier =
        (groupId, peerId, minIndex, directory) -> {
          NodeRecord record = registry.catalog.nodes().get(peerId);
          if (record == null || record.grpcAddress().isEmpty()) {
            throw new AuroraException(
                ErrorCode.UNAVAILABLE,
                "The node of peer[" + peerId + "] has not announced an address to copy from");
          }
          fetcher.fetch(record, groupId, minIndex, directory);
        };
  }

  /**
   * Hard-links this node's newest snapshot of a shard replica, taken at log index {@code minIndex}
   * or later (a snapshot is taken first when the newest is older), into a directory of its own for
   * another node to copy; the caller closes the export when the copy is done.
   *
   * @throws AuroraException with {@link ErrorCode#UNAVAILABLE} when this node holds no replica of
   *     the group
   */
  public ShardExport exportShard(UUID groupId, long minIndex) {
    ShardStateMachine stateMachine = registry.shards.get(groupId);
    if (stateMachine == null) {
      throw new AuroraException(
          ErrorCode.UNAVAILABLE, "This node holds no replica of shard group[" + groupId + "]");
    }
    if (stateMachine.snapshotIndex() < minIndex) {
      takeSnapshot(RaftGroupId.valueOf(groupId));
    }
    Path directory =
        registry.shardsDirectory.resolveSibling(EXPORTS_DIRECTORY).resolve(UUID.randomUUID() + "");
    ShardExport export = new ShardExport(directory, List.of());
    try {
      export = new ShardExport(directory, stateMachine.exportFiles(directory, minIndex));
      log.info(
          "Exported shard group[{}] for a peer to copy: {} files", groupId, export.files().size());
      return export;
    } catch (RuntimeException e) {
      export.close();
      throw e;
    }
  }

  /**
   * Merges the small segments of every local shard replica until compaction finds nothing more to
   * merge, the work the background maintenance would otherwise do later, while queries run.
   * Compaction rewrites files without changing rows, so it needs no log entry.
   */
  public void compactAll() {
    for (UUID groupId : shardGroupIds()) {
      ShardStateMachine stateMachine = registry.shards.get(groupId);
      if (stateMachine == null) {
        continue;
      }
      stateMachine.shard().compactUntilSettled();
    }
  }

  /**
   * Forces a snapshot of the group and returns its index. Ratis keeps one pending snapshot request
   * per group, and the timer of a request that already completed times out whichever request is
   * pending when it fires, so a request can fail with a timeout after a few seconds while its
   * snapshot is being taken. A timed-out request is therefore asked again, until {@link
   * #SNAPSHOT_TIMEOUT_MILLIS} has passed since the first: a repeated request only takes another
   * snapshot, which seals nothing new.
   */
  long takeSnapshot(RaftGroupId groupId) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_TIMEOUT_MILLIS);
    while (true) {
      Throwable failure;
      try {
        RaftClientReply reply =
            server.snapshotManagement(
                SnapshotManagementRequest.newCreate(
                    adminClientId,
                    server.getId(),
                    groupId,
                    adminCallId.incrementAndGet(),
                    SNAPSHOT_TIMEOUT_MILLIS,
                    // A creation gap of 1 forces the snapshot (0 would mean the configured gap).
                    1));
        if (reply.isSuccess()) {
          return reply.getLogIndex();
        }
        failure = reply.getException();
      } catch (IOException e) {
        failure = e;
      }
      if (!(failure instanceof TimeoutIOException) || System.nanoTime() > deadline) {
        throw new AuroraException(
            ErrorCode.IO_ERROR, "Snapshot of group[" + groupId + "] failed: " + failure, failure);
      }
      log.info("Snapshot request of group[{}] timed out early; asking again", groupId);
    }
  }

  /** This node's Raft peer id. */
  RaftPeerId peerId() {
    return server.getId();
  }

  /** Whether this node hosts the group's current leader. */
  boolean isLeader(RaftGroupId groupId) {
    try {
      return server.getDivision(groupId).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits, up to {@code timeoutNanos}, while this node leads the group but is not ready to take
   * writes yet: a leader just elected has not committed an entry of its term, and Ratis refuses
   * writes until it has (LeaderNotReadyException, for an entry that was never appended). Returns at
   * once when the node is not the leader or is ready.
   */
  void awaitLeaderReady(RaftGroupId groupId, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      RaftServer.Division division = server.getDivision(groupId);
      while (division.getInfo().isLeader()
          && !division.getInfo().isLeaderReady()
          && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    } catch (IOException e) {
      // The group is gone: the submit that follows reports it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Submits a request to this node's server in-process, without a client round trip. For a write
   * the server has appended the entry to the group's log (not yet synced) when this returns; the
   * future completes once it is committed and applied, or with a failure reply (for example when
   * this node is not the leader).
   */
  CompletableFuture<RaftClientReply> submitLocal(RaftClientRequest request) throws IOException {
    RaftServer.Division division = server.getDivision(request.getRaftGroupId());
    if (division instanceof RaftClientAsynchronousProtocol protocol) {
      // Ratis' division appends on the calling thread; the server itself would first hand the
      // request to its client executor and wait for it, one more thread switch per entry.
      return protocol.submitClientRequestAsync(request);
    }
    return server.submitClientRequestAsync(request);
  }

  /** The executor of background snapshots (one daemon thread). */
  Executor snapshotExecutor() {
    return snapshotExecutor;
  }

  /** The executor that takes over submitting a shard group's queued batches from an appender. */
  Executor submitExecutor() {
    return submitExecutor;
  }

  RaftServer.Division division(RaftGroupId groupId) throws IOException {
    return server.getDivision(groupId);
  }

  CatalogStateMachine catalog() {
    return registry.catalog;
  }

  /**
   * Commits a DDL entry to the catalog group and returns the state machine's reply once applied.
   *
   * @throws AuroraException with the catalog's error code when the entry is rejected, or {@link
   *     ErrorCode#IO_ERROR} when the catalog group cannot be reached
   */
  StateMachineReply submitCatalog(CatalogEntry entry) {
    return submitCatalog(entry, false);
  }

  /**
   * Commits a catalog change; with {@code everywhere}, returns only once every member of the
   * catalog group committed it too (Ratis's ALL_COMMITTED watch; each applies it right after), or,
   * when a member does not within the request timeout (it is down or cut off: it applies the change
   * from the log before it rejoins), logs that and returns all the same. A change of privileges
   * waits so, so that a REVOKE that returned holds on every reachable node.
   */
  StateMachineReply submitCatalog(CatalogEntry entry, boolean everywhere) {
    RaftClientReply reply;
    try {
      reply =
          catalogClient.io().send(Message.valueOf(ByteString.copyFrom(CatalogCodec.encode(entry))));
    } catch (IOException e) {
      throw new AuroraException(ErrorCode.IO_ERROR, "Catalog change was not committed: " + e, e);
    }
    if (!reply.isSuccess()) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Catalog change was not committed: " + reply.getException(),
          reply.getException());
    }
    StateMachineReply result =
        StateMachineReply.decode(reply.getMessage().getContent().toByteArray());
    if (membership.isCluster()) {
      // The reply comes from the leader once it applied the entry; this replica may be behind.
      readBarrier(catalogGroup.getGroupId(), requestTimeoutNanos);
      if (everywhere) {
        awaitAllCommitted(reply.getLogIndex());
      }
    }
    return result;
  }

  private void awaitAllCommitted(long index) {
    try {
      RaftClientReply watched =
          catalogClient
              .async()
              .watch(index, RaftProtos.ReplicationLevel.ALL_COMMITTED)
              .get(requestTimeoutNanos, TimeUnit.NANOSECONDS);
      if (watched.isSuccess()) {
        return;
      }
      log.warn(
          "Catalog entry[{}] is not yet committed on every node: {}",
          index,
          String.valueOf(watched.getException()));
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Catalog entry[{}] is not yet committed on every node: {}", index, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "Interrupted while waiting", e);
    }
  }

  ConsensusConfig consensusConfig() {
    return consensusConfig;
  }

  /** The ids of the shard groups this node hosts, in order. */
  Set<UUID> shardGroupIds() {
    return new TreeSet<>(registry.shards.keySet());
  }

  /** The shard group with that id on this node, or null. */
  @Nullable ShardGroup shardGroup(UUID groupId) {
    ShardStateMachine stateMachine = registry.shards.get(groupId);
    if (stateMachine == null) {
      return null;
    }
    return shardGroups.computeIfAbsent(
        groupId,
        id ->
            new ShardGroup(
                this,
                RaftGroupId.valueOf(id),
                stateMachine,
                newClient(groupOf(RaftGroupId.valueOf(id))),
                producerId,
                storageConfig,
                consensusConfig));
  }

  /**
   * Adds the group of a new shard with the given schema and peers, and returns once it has a
   * leader. The schema file is written first, so a crash leaves no group the registry cannot open.
   */
  ShardGroup createShardGroup(UUID groupId, TableSchema schema, List<PeerAddress> peers) {
    Path directory = registry.shardDirectory(groupId);
    RaftGroupId raftGroupId = RaftGroupId.valueOf(groupId);
    try {
      Files.createDirectories(directory);
      ShardStateMachine.writeSchemaFile(directory.resolve(ShardStateMachine.SCHEMA_FILE), schema);
      addGroup(RaftGroup.valueOf(raftGroupId, raftPeers(peers)));
      if (peers.size() == 1) {
        awaitRecovered(raftGroupId);
      }
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Cannot create shard group[" + groupId + "]: " + e, e);
    }
    log.info("Created shard group[{}] on node[{}]", groupId, self.id());
    return requireNonNull(shardGroup(groupId), "registered shard group");
  }

  /** Removes a shard group with its Raft directory and its shard's files. */
  void removeShardGroup(UUID groupId) {
    ShardGroup group = shardGroups.remove(groupId);
    if (group != null) {
      group.closeClient();
    }
    RaftGroupId raftGroupId = RaftGroupId.valueOf(groupId);
    try {
      if (isHosted(raftGroupId)) {
        RaftClientReply reply =
            server.groupManagement(
                GroupManagementRequest.newRemove(
                    adminClientId,
                    server.getId(),
                    adminCallId.incrementAndGet(),
                    raftGroupId,
                    true,
                    false));
        if (!reply.isSuccess()) {
          throw new IOException("Removing group[" + groupId + "] failed", reply.getException());
        }
      }
      registry.shards.remove(groupId);
      Directories.deleteRecursively(registry.shardDirectory(groupId));
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Cannot remove shard group[" + groupId + "]: " + e, e);
    }
    log.info("Removed shard group[{}] from node[{}]", groupId, self.id());
  }

  /**
   * The group as this node's server knows it (its current peers), with this node's entry at the
   * address it is bound to now: a single node started on port 0 gets a new port at every start.
   */
  private RaftGroup groupOf(RaftGroupId groupId) {
    RaftGroup group;
    try {
      group = server.getDivision(groupId).getGroup();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ShardPlacement placed =
        group.getPeers().isEmpty() ? catalog().placement(groupId.getUuid()) : null;
    if (placed != null) {
      // A division still loading its configuration at the start of the node: the catalog places
      // the group on the same peers.
      return RaftGroup.valueOf(groupId, raftPeers(placed.peers()));
    }
    List<RaftPeer> peers = new ArrayList<>();
    for (RaftPeer peer : group.getPeers()) {
      peers.add(
          peer.getId().equals(server.getId())
              ? RaftPeer.newBuilder(peer).setAddress(self.address()).build()
              : peer);
    }
    return RaftGroup.valueOf(groupId, peers);
  }

  /**
   * A client of the group that tries this node first when it is a peer, and gives up after {@code
   * consensus.request-timeout} (single nodes: after about a minute without a leader).
   */
  private RaftClient newClient(RaftGroup group) {
    RaftPeerId leader = server.getId();
    boolean isPeer = false;
    for (RaftPeer peer : group.getPeers()) {
      isPeer |= peer.getId().equals(server.getId());
    }
    if (!isPeer) {
      leader = group.getPeers().iterator().next().getId();
    }
    int retries =
        membership.isCluster()
            ? (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) / 100)
            : CLIENT_RETRIES;
    return RaftClient.newBuilder()
        .setProperties(properties)
        .setRaftGroup(group)
        .setLeaderId(leader)
        .setRetryPolicy(
            RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                retries, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
        .build();
  }

  /**
   * A client of a shard group this node may not be a peer of (writes to a shard without a local
   * replica). The caller closes it.
   */
  RaftClient newShardClient(UUID groupId, List<PeerAddress> peers) {
    return newClient(RaftGroup.valueOf(RaftGroupId.valueOf(groupId), raftPeers(peers)));
  }

  /**
   * Ratis peers for catalog peers; this node's entry gets its current address. The first peer of a
   * group of several gets a higher priority, so Ratis hands it the leadership once it is caught up:
   * placement spreads first peers, and so leaders, evenly over the nodes.
   */
  private List<RaftPeer> raftPeers(List<PeerAddress> peers) {
    List<RaftPeer> raftPeers = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      PeerAddress peer = peers.get(i);
      String address = peer.id().equals(self.id()) ? self.address() : peer.address();
      raftPeers.add(
          RaftPeer.newBuilder()
              .setId(RaftPeerId.valueOf(peer.id()))
              .setAddress(address)
              .setPriority(i == 0 && peers.size() > 1 ? 1 : 0)
              .build());
    }
    return raftPeers;
  }

  /**
   * Steps down from leading any group with a follower stuck behind an inflated match index ({@link
   * StuckFollowers}), so that the next leader replicates to it from fresh follower state.
   */
  private void checkFollowers() {
    try {
      long now = System.nanoTime();
      Set<String> led = new HashSet<>();
      for (RaftGroupId groupId : server.getGroupIds()) {
        RaftServer.Division division;
        try {
          division = server.getDivision(groupId);
        } catch (IOException e) {
          continue; // removed meanwhile
        }
        if (!division.getInfo().isLeader()) {
          continue;
        }
        String group = groupId.getUuid().toString();
        led.add(group);
        List<StuckFollowers.Follower> stuck =
            stuckFollowers.check(
                group, division.getRaftLog().getLastCommittedIndex(), followers(division), now);
        if (!stuck.isEmpty()) {
          stuckFollowers.forget(group);
          stepDown(groupId, stuck);
        }
      }
      stuckFollowers.retain(led);
    } catch (RuntimeException e) {
      log.warn("Checking the followers of node[{}]'s groups failed; retrying", self.id(), e);
    }
  }

  /** What this leader knows of its followers: match index, reported commit index, last reply. */
  private static List<StuckFollowers.Follower> followers(RaftServer.Division division) {
    DivisionInfo info = division.getInfo();
    // Both lists come from the leader's log appenders, in their order.
    long[] matchIndices = info.getFollowerMatchIndices();
    if (matchIndices == null) {
      // Ratis answers null for a leader that is not ready yet (its first entry of the term is not
      // committed) or no longer leads: nothing to judge this time.
      return List.of();
    }
    List<RaftProtos.ServerRpcProto> replies =
        info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
    if (matchIndices.length != replies.size()) {
      return List.of(); // the configuration changed between the two calls: next time
    }
    Map<ByteString, Long> commitIndices = new HashMap<>();
    for (RaftProtos.CommitInfoProto commit : division.getCommitInfos()) {
      commitIndices.put(commit.getServer().getId(), commit.getCommitIndex());
    }
    List<StuckFollowers.Follower> followers = new ArrayList<>(replies.size());
    for (int i = 0; i < matchIndices.length; i++) {
      RaftProtos.ServerRpcProto reply = replies.get(i);
      Long commitIndex = commitIndices.get(reply.getId().getId());
      if (commitIndex != null) {
        followers.add(
            new StuckFollowers.Follower(
                reply.getId().getId().toStringUtf8(),
                matchIndices[i],
                commitIndex,
                reply.getLastRpcElapsedTimeMs()));
      }
    }
    return followers;
  }

  void stepDown(RaftGroupId groupId, List<StuckFollowers.Follower> stuck) {
    for (StuckFollowers.Follower follower : stuck) {
      log.warn(
          "Group[{}] on node[{}]: follower[{}] has answered every request for {} s but its log"
              + " stays at commit index[{}] below the leader's match index[{}] for it"
              + " (RATIS-2605); the leader steps down so that the next one replicates to it"
              + " afresh",
          groupId.getUuid(),
          self.id(),
          follower.id(),
          TimeUnit.NANOSECONDS.toSeconds(STUCK_FOLLOWER_NANOS),
          follower.commitIndex(),
          follower.matchIndex());
    }
    try {
      server
          .transferLeadershipAsync(
              new TransferLeadershipRequest(
                  adminClientId,
                  server.getId(),
                  groupId,
                  adminCallId.incrementAndGet(),
                  null, // no new leader named: step down and let an election choose
                  requestTimeoutNanos / 1_000_000))
          .whenComplete(
              (reply, failure) -> {
                if (failure != null || (reply != null && !reply.isSuccess())) {
                  log.warn(
                      "Group[{}] on node[{}]: stepping down failed",
                      groupId.getUuid(),
                      self.id(),
                      failure != null ? failure : reply.getException());
                }
              });
    } catch (IOException e) {
      log.warn("Group[{}] on node[{}]: stepping down failed", groupId.getUuid(), self.id(), e);
    }
  }

  /** Stops every group's client and the Raft server; unsnapshotted state is in the Raft logs. */
  @Override
  public void close() {
    watchdog.shutdownNow();
    submitExecutor.shutdown();
    snapshotExecutor.shutdown();
    try {
      if (!snapshotExecutor.awaitTermination(SNAPSHOT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        log.warn("A snapshot on node[{}] is still running at close", self.id());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ShardGroup group : shardGroups.values()) {
      group.closeClient();
    }
    shardGroups.clear();
    try {
      catalogClient.close();
    } catch (IOException e) {
      log.warn("Closing the catalog client of node[{}] failed", self.id(), e);
    }
    closeQuietly(server);
    log.info("Stopped Raft node[{}]", self.id());
  }

  private static void closeQuietly(RaftServer server) {
    try {
      server.close();
    } catch (IOException e) {
      log.warn("Closing Raft server[{}] failed", server.getId(), e);
    }
  }

  /**
   * The storage settings with sealing thresholds that never trigger: a replicated shard seals
   * through Raft snapshots only, because a segment sealed at any other time would hold rows that
   * the log replays again after a restart. {@link ShardGroup} applies the real thresholds by taking
   * snapshots.
   */
  static StorageConfig sealOnlyInSnapshots(StorageConfig config) {
    return new StorageConfig(
        Integer.MAX_VALUE - 1,
        Long.MAX_VALUE,
        Duration.ofDays(36_500),
        config.writeOptions(),
        config.compactionTargetRows(),
        config.compactionMinSegments(),
        config.maintenanceInterval(),
        config.blocksPerSplit(),
        config.blockCacheBytes());
  }

  /** The cache of decoded blocks every shard replica of this node reads through. */
  public BlockCache blockCache() {
    return registry.cache;
  }

  /** What this node's shard replicas sealed, compacted and snapshotted since it started. */
  public StorageWork storageWork() {
    return registry.work;
  }

  /** Creates the state machine of each group Ratis opens: see the class documentation. */
  private static final class Registry implements StateMachine.Registry {
    private final Path shardsDirectory;
    private final StorageConfig shardConfig;
    private final BlockCache cache;
    private final StorageWork work = new StorageWork();
    private final CatalogStateMachine catalog;
    private final UUID catalogGroupId;
    private final Map<UUID, ShardStateMachine> shards = new ConcurrentHashMap<>();
    // Set once the node can reach its peers (useSnapshotFetcher); until then copies fail and are
    // retried when the leader asks again.
    private volatile ShardStateMachine.@Nullable SnapshotCopier copier;

    Registry(Path shardsDirectory, StorageConfig storageConfig, String clusterId) {
      this.catalog = new CatalogStateMachine(clusterId);
      this.catalogGroupId = catalogGroupId(clusterId);
      this.shardsDirectory = shardsDirectory;
      this.shardConfig = sealOnlyInSnapshots(storageConfig);
      this.cache = new BlockCache(storageConfig.blockCacheBytes());
    }

    Path shardDirectory(UUID groupId) {
      return shardsDirectory.resolve(groupId.toString());
    }

    /**
     * Deletes shard directories without a Raft group: left by a crash after a group's schema file
     * was written but before the group was added, or after the group was removed but before its
     * shard's files were. The catalog adds the group again if its table still exists.
     */
    void deleteUnusedShardDirectories() throws IOException {
      try (Stream<Path> directories = Files.list(shardsDirectory)) {
        for (Path directory : directories.toList()) {
          UUID groupId;
          try {
            groupId = UUID.fromString(directory.getFileName().toString());
          } catch (IllegalArgumentException e) {
            continue;
          }
          if (!shards.containsKey(groupId)) {
            log.info("Deleting the files of shard group[{}], which has no Raft group", groupId);
            Directories.deleteRecursively(directory);
          }
        }
      }
    }

    private void copySnapshot(UUID groupId, String peerId, long minIndex, Path directory) {
      ShardStateMachine.SnapshotCopier current = copier;
      if (current == null) {
        throw new AuroraException(
            ErrorCode.UNAVAILABLE, "This node cannot reach its peers' snapshots yet");
      }
      current.copy(groupId, peerId, minIndex, directory);
    }

    void closeShards() {
      for (ShardStateMachine stateMachine : shards.values()) {
        stateMachine.shard().close();
      }
    }

    @Override
    public StateMachine apply(RaftGroupId groupId) {
      UUID id = groupId.getUuid();
      if (id.equals(catalogGroupId)) {
        return catalog;
      }
      Path directory = shardDirectory(id);
      Path schemaFile = directory.resolve(ShardStateMachine.SCHEMA_FILE);
      TableSchema schema;
      try {
        schema = ShardStateMachine.readSchemaFile(schemaFile);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the schema of shard group[" + id + "]", e);
      }
      Shard shard = Shard.open(directory.resolve("segments"), schema, shardConfig, cache, work);
      ShardStateMachine stateMachine =
          new ShardStateMachine(shard, schema, schemaFile, this::copySnapshot);
      shards.put(id, stateMachine);
      return stateMachine;
    }
  }
}
