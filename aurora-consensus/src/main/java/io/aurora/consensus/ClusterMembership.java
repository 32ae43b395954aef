package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a node is in its cluster and who the initial members are.
 *
 * <ul>
 *   <li>{@code nodeId}: the operator's name for the node ({@code --node-id}), shown in {@code
 *       system.nodes}; two nodes of one cluster may not share it.
 *   <li>{@code advertisedHost}: the host other nodes reach this node's Raft server on; with the
 *       Raft port it forms the node's Raft address.
 *   <li>{@code seeds}: the Raft addresses ({@code host:port}) of the cluster's initial members,
 *       this node's among them, in the same order on every node. The first three (five when five or
 *       more are given) hold the catalog group; every seed holds shard replicas.
 * </ul>
 *
 * A node of a cluster is known to Raft by its Raft address ({@link #peerId(String)}), so the seeds
 * are all a node needs to form the catalog group, with no discovery round. A node started without
 * seeds ({@link #SINGLE}) is a cluster of one whose peer id is random and kept in its data
 * directory.
 */
public record ClusterMembership(String nodeId, String advertisedHost, List<String> seeds) {
  /** A node on its own: no seeds, the catalog and every shard on this node alone. */
  public static final ClusterMembership SINGLE = new ClusterMembership("", "", List.of());

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]:]+:[0-9]{1,5}");

  public ClusterMembership {
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(advertisedHost, "advertisedHost is null");
    seeds = List.copyOf(requireNonNull(seeds, "seeds is null"));
    if (!seeds.isEmpty()) {
      if (!NODE_ID.matcher(nodeId).matches()) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Setting[node-id] is ["
                + nodeId
                + "] but must be 1 to 64 letters, digits, '.', '_' or '-' (required with seeds)");
      }
      if (advertisedHost.isEmpty() || advertisedHost.equals("0.0.0.0")) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Setting[advertise-host] is ["
                + advertisedHost
                + "] but a node of a cluster needs an address the other nodes can reach");
      }
      Set<String> distinct = new LinkedHashSet<>();
      for (String seed : seeds) {
        if (!ADDRESS.matcher(seed).matches()) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE,
              "Setting[seeds] has [" + seed + "], which is not host:port");
        }
        if (!distinct.add(seed.toLowerCase(Locale.ROOT))) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "Setting[seeds] names [" + seed + "] twice");
        }
      }
    }
  }

  /** Parses a comma-separated seed list ({@code host:port,host:port,...}); blanks are ignored. */
  public static List<String> parseSeeds(String seeds) {
    List<String> parsed = new ArrayList<>();
    for (String seed : seeds.split(",")) {
      if (!seed.isBlank()) {
        parsed.add(seed.trim());
      }
    }
    return parsed;
  }

  /** Whether this node is part of a cluster given by seeds (rather than {@link #SINGLE}). */
  public boolean isCluster() {
    return !seeds.isEmpty();
  }

  /** How many seeds hold the catalog group: three, or five when five or more seeds are given. */
  public int catalogVoters() {
    return seeds.size() >= 5 ? 5 : Math.min(3, seeds.size());
  }

  /** The Raft peer id of the node whose Raft server listens on {@code address}. */
  public static String peerId(String address) {
    return address.toLowerCase(Locale.ROOT).replace(':', '_').replace("[", "").replace("]", "");
  }
}
