package io.aurora.server;

import static java.util.Objects.requireNonNull;

import io.aurora.consensus.ClusterMembership;
import io.aurora.consensus.ConsensusConfig;
import io.aurora.server.grpc.GrpcConfig;
import io.aurora.server.pgwire.PgWireConfig;
import io.aurora.server.pgwire.TransactionConfig;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one node, resolved from command-line flags, environment variables, a config file
 * and the defaults, in that order of precedence, and validated. A pure function of its inputs:
 * {@link #resolve} reads no file, environment or system property itself, so the precedence rules
 * are tested without a process.
 *
 * <p>Node settings ({@code data-dir}, {@code pg-port}, {@code grpc-port}, {@code http-port}, {@code
 * raft-port}, {@code bind}, {@code node-id}, {@code seeds}, {@code advertise-host}) can come from
 * all three sources: the flag {@code --pg-port}, the variable {@code AURORA_PG_PORT}, the file key
 * {@code pg-port}. Subsystem settings ({@code storage.*}, {@code consensus.*}, {@code query.*},
 * {@code pgwire.*}, {@code transaction.*}, {@code shutdown.*}) come from the file only. The file is
 * a Java properties file in UTF-8; every setting, its default and why one would change it are
 * listed in {@code docs/configuration.md}. Anything unknown or malformed is an {@link
 * AuroraException} with {@link ErrorCode#INVALID_PARAMETER_VALUE} whose message names the setting
 * and where its value came from.
 *
 * @param grpcPort the port of the gRPC API ({@link io.aurora.server.grpc.GrpcServer})
 * @param advertiseHost the host other nodes and clients reach this node on: {@code advertise-host},
 *     else the bind host
 * @param membership {@link ClusterMembership#SINGLE} without {@code seeds}; else this node's {@code
 *     node-id}, advertised host and the seeds, checked to include this node's Raft address
 */
public record NodeConfig(
    Path dataDirectory,
    String bindHost,
    int pgPort,
    int grpcPort,
    int httpPort,
    int raftPort,
    String advertiseHost,
    ClusterMembership membership,
    StorageConfig storage,
    ConsensusConfig consensus,
    EngineConfig engine,
    PgWireConfig pgwire,
    TransactionConfig transaction,
    GrpcConfig grpc,
    QueryLog.Config queryLog,
    Duration shutdownGracePeriod) {

  /** The flag and file key that names the config file; its variable is {@code AURORA_CONFIG}. */
  public static final String CONFIG = "config";

  public static final String DATA_DIR = "data-dir";
  public static final String BIND = "bind";
  public static final String PG_PORT = "pg-port";
  public static final String GRPC_PORT = "grpc-port";
  public static final String HTTP_PORT = "http-port";
  public static final String RAFT_PORT = "raft-port";
  public static final String NODE_ID = "node-id";
  public static final String SEEDS = "seeds";
  public static final String ADVERTISE_HOST = "advertise-host";

  /** The node settings and their defaults, in the order they are documented. */
  private static final Map<String, String> NODE_DEFAULTS = nodeDefaults();

  private static final Set<String> SUBSYSTEM_PREFIXES =
      Set.of(
          "storage.",
          "consensus.",
          "query.",
          "pgwire.",
          "transaction.",
          "grpc.",
          "auth.",
          "shutdown.");

  private static final Set<String> SERVER_SETTINGS =
      Set.of(
          "query.max-memory",
          "query.statement-timeout",
          "query.parallelism",
          "query.plan-cache-size",
          "query.remote-fragments",
          QueryLog.RETENTION,
          QueryLog.SLOW_THRESHOLD,
          QueryLog.FLUSH_INTERVAL,
          "pgwire.database",
          "pgwire.user",
          "pgwire.tls.cert-file",
          "pgwire.tls.key-file",
          "pgwire.tls.required",
          "auth.users-file",
          PgWireConfig.AUTHENTICATION_TIMEOUT,
          PgWireConfig.MAX_FAILED_LOGINS,
          GrpcConfig.MAX_MESSAGE_BYTES,
          GrpcConfig.TOKENS_FILE,
          TransactionConfig.MAX_BYTES,
          "shutdown.grace-period");

  public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(10);

  public NodeConfig {
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(bindHost, "bindHost is null");
    requireNonNull(advertiseHost, "advertiseHost is null");
    requireNonNull(membership, "membership is null");
    requireNonNull(storage, "storage is null");
    requireNonNull(consensus, "consensus is null");
    requireNonNull(engine, "engine is null");
    requireNonNull(pgwire, "pgwire is null");
    requireNonNull(queryLog, "queryLog is null");
    requireNonNull(transaction, "transaction is null");
    requireNonNull(grpc, "grpc is null");
    requireNonNull(shutdownGracePeriod, "shutdownGracePeriod is null");
  }

  private static Map<String, String> nodeDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put(DATA_DIR, "aurora-data");
    defaults.put(BIND, "127.0.0.1");
    defaults.put(PG_PORT, "5433");
    defaults.put(GRPC_PORT, "9090");
    defaults.put(HTTP_PORT, "8080");
    defaults.put(RAFT_PORT, "9091");
    defaults.put(NODE_ID, "");
    defaults.put(SEEDS, "");
    defaults.put(ADVERTISE_HOST, "");
    return defaults;
  }

  /** The names of the node settings, which flags and environment variables can also set. */
  public static Set<String> nodeSettings() {
    return NODE_DEFAULTS.keySet();
  }

  /** The environment variable of a node setting: {@code pg-port} is {@code AURORA_PG_PORT}. */
  public static String environmentVariable(String setting) {
    return "AURORA_" + setting.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The config file named by the {@code --config} flag, else by {@code AURORA_CONFIG}, or null. */
  public static @Nullable String configFileName(
      Map<String, String> flags, Map<String, String> environment) {
    String flag = flags.get(CONFIG);
    if (flag != null) {
      return flag;
    }
    return environment.get(environmentVariable(CONFIG));
  }

  /** The settings of the default node: no flags, no environment, no file. */
  public static NodeConfig defaults() {
    return resolve(Map.of(), Map.of(), null);
  }

  /**
   * Resolves the node's settings.
   *
   * @param flags setting name (such as {@code pg-port}) to the value given on the command line, for
   *     the flags that were given; {@code config} is ignored here
   * @param environment the process environment; only {@code AURORA_*} variables of node settings
   *     are read, others are ignored (the launcher has its own, such as {@code AURORA_HEAP})
   * @param file the config file, or null when none is named
   */
  public static NodeConfig resolve(
      Map<String, String> flags, Map<String, String> environment, @Nullable ConfigFile file) {
    requireNonNull(flags, "flags is null");
    requireNonNull(environment, "environment is null");
    for (String flag : flags.keySet()) {
      if (!NODE_DEFAULTS.containsKey(flag) && !flag.equals(CONFIG)) {
        throw invalid("Flag[--" + flag + "] is unknown");
      }
    }
    Map<String, String> fileValues = file == null ? Map.of() : file.settings();
    Map<String, Value> node = new LinkedHashMap<>();
    for (Map.Entry<String, String> setting : NODE_DEFAULTS.entrySet()) {
      String name = setting.getKey();
      String variable = environmentVariable(name);
      if (flags.containsKey(name)) {
        node.put(name, new Value(name, flags.get(name), "flag --" + name));
      } else if (environment.containsKey(variable)) {
        node.put(name, new Value(name, environment.get(variable), "environment " + variable));
      } else if (fileValues.containsKey(name)) {
        node.put(name, new Value(name, fileValues.get(name), "config file " + file.name()));
      } else {
        node.put(name, new Value(name, setting.getValue(), "default"));
      }
    }
    Map<String, String> subsystem = new TreeMap<>();
    for (Map.Entry<String, String> entry : fileValues.entrySet()) {
      String name = entry.getKey();
      if (NODE_DEFAULTS.containsKey(name)) {
        continue;
      }
      if (SUBSYSTEM_PREFIXES.stream().noneMatch(name::startsWith)
          || (isServerNamespace(name) && !SERVER_SETTINGS.contains(name))) {
        throw invalid(
            "Setting[" + name + "] in config file[" + file.name() + "] is unknown" + hint(name));
      }
      subsystem.put(name, entry.getValue().trim());
    }
    String source = file == null ? "" : "config file " + file.name();

    Path dataDirectory = node.get(DATA_DIR).path();
    String bind = node.get(BIND).host();
    int pgPort = node.get(PG_PORT).port();
    int grpcPort = node.get(GRPC_PORT).port();
    int httpPort = node.get(HTTP_PORT).port();
    int raftPort = node.get(RAFT_PORT).port();
    checkDistinctPorts(node);
    String advertiseHost =
        node.get(ADVERTISE_HOST).value().isBlank() ? bind : node.get(ADVERTISE_HOST).host();
    ClusterMembership membership = membership(node, bind, advertiseHost, raftPort);

    StorageConfig storage;
    ConsensusConfig consensus;
    try {
      storage = StorageConfig.fromProperties(subsystem);
      consensus = ConsensusConfig.fromProperties(subsystem);
    } catch (AuroraException e) {
      throw invalid(e.getMessage() + " (" + source + ")");
    }
    EngineConfig defaults = EngineConfig.DEFAULT;
    EngineConfig engine =
        new EngineConfig(
            positiveLong(subsystem, "query.max-memory", defaults.queryMaxMemoryBytes(), source),
            duration(subsystem, "query.statement-timeout", defaults.statementTimeout(), source),
            (int)
                positiveLong(
                    subsystem, "query.parallelism", defaults.queryParallelism(), 4096, source),
            planCacheSize(subsystem, defaults.planCacheSize(), source),
            bool(subsystem, "query.remote-fragments", defaults.remoteFragments(), source));
    Map<String, String> pgwireSettings = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : subsystem.entrySet()) {
      String name = entry.getKey();
      if (name.startsWith("pgwire.")
          || (name.startsWith("auth.") && !name.equals(GrpcConfig.TOKENS_FILE))) {
        pgwireSettings.put(name, entry.getValue());
      }
    }
    PgWireConfig pgwire;
    try {
      pgwire = PgWireConfig.fromProperties(pgwireSettings);
    } catch (AuroraException e) {
      throw invalid(e.getMessage() + " (" + source + ")");
    }
    TransactionConfig transaction =
        new TransactionConfig(
            positiveLong(
                subsystem,
                TransactionConfig.MAX_BYTES,
                TransactionConfig.DEFAULT.maxBytes(),
                source));
    GrpcConfig grpc;
    try {
      grpc = GrpcConfig.fromProperties(subsystem);
    } catch (AuroraException e) {
      throw invalid(e.getMessage() + " (" + source + ")");
    }
    QueryLog.Config queryLog =
        new QueryLog.Config(
            duration(subsystem, QueryLog.RETENTION, QueryLog.Config.DEFAULT.retention(), source),
            duration(
                subsystem,
                QueryLog.SLOW_THRESHOLD,
                QueryLog.Config.DEFAULT.slowThreshold(),
                source),
            positiveDuration(
                subsystem,
                QueryLog.FLUSH_INTERVAL,
                QueryLog.Config.DEFAULT.flushInterval(),
                source));
    Duration gracePeriod =
        duration(subsystem, "shutdown.grace-period", DEFAULT_SHUTDOWN_GRACE_PERIOD, source);
    return new NodeConfig(
        dataDirectory,
        bind,
        pgPort,
        grpcPort,
        httpPort,
        raftPort,
        advertiseHost,
        membership,
        storage,
        consensus,
        engine,
        pgwire,
        transaction,
        grpc,
        queryLog,
        gracePeriod);
  }

  /**
   * The node's place in its cluster: {@link ClusterMembership#SINGLE} without seeds. With seeds the
   * node needs a name, an address the other nodes can reach (not a wildcard bind address), a fixed
   * Raft port, and its own Raft address among the seeds, since Raft knows a node by that address.
   */
  private static ClusterMembership membership(
      Map<String, Value> node, String bind, String advertiseHost, int raftPort) {
    Value seedsValue = node.get(SEEDS);
    List<String> seeds = ClusterMembership.parseSeeds(seedsValue.value());
    if (seeds.isEmpty()) {
      return ClusterMembership.SINGLE;
    }
    Value nodeId = node.get(NODE_ID);
    if (nodeId.value().isBlank()) {
      throw invalid(
          "Setting[node-id] is required with seeds ("
              + seedsValue.source()
              + "); give every node of the cluster its own name, such as node1");
    }
    Value advertise = node.get(ADVERTISE_HOST);
    if (advertise.value().isBlank() && isWildcard(bind)) {
      throw invalid(
          "Setting[advertise-host] is required with seeds when setting[bind] is ["
              + bind
              + "] ("
              + node.get(BIND).source()
              + "); set it to the address the other nodes reach this node on");
    }
    if (isWildcard(advertiseHost)) {
      throw invalid(
          "Setting[advertise-host] is ["
              + advertiseHost
              + "] ("
              + advertise.source()
              + ") but must be an address the other nodes can reach");
    }
    if (raftPort == 0) {
      throw invalid(
          "Setting[raft-port] is [0] ("
              + node.get(RAFT_PORT).source()
              + ") but a node of a cluster needs the fixed port its seed names");
    }
    ClusterMembership membership;
    try {
      membership = new ClusterMembership(nodeId.value().trim(), advertiseHost, seeds);
    } catch (AuroraException e) {
      String message = e.getMessage();
      Value setting = message.startsWith("Setting[node-id]") ? nodeId : seedsValue;
      if (message.startsWith("Setting[advertise-host]")) {
        setting = advertise;
      }
      throw invalid(message + " (" + setting.source() + ")");
    }
    String ownAddress = hostPort(advertiseHost, raftPort);
    String ownPeer = ClusterMembership.peerId(ownAddress);
    if (seeds.stream().map(ClusterMembership::peerId).noneMatch(ownPeer::equals)) {
      throw invalid(
          "Setting[seeds] ("
              + seedsValue.source()
              + ") does not name this node's Raft address["
              + ownAddress
              + "] (settings advertise-host, raft-port); every node lists all initial members,"
              + " itself included");
    }
    return membership;
  }

  /** Whether a bind address listens on every interface. */
  static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** {@code host:port}, with an IPv6 literal in brackets. */
  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  private static Path absolutePath(Map<String, String> values, String name, String source) {
    String value = values.get(name);
    Path path;
    try {
      path = Path.of(value);
    } catch (RuntimeException e) {
      throw invalid("Setting[" + name + "] is [" + value + "] (" + source + "), not a path");
    }
    if (!path.isAbsolute()) {
      throw invalid(
          "Setting[" + name + "] is [" + value + "] (" + source + ") but must be absolute");
    }
    return path;
  }

  private static boolean isServerNamespace(String name) {
    return name.startsWith("query.")
        || name.startsWith("pgwire.")
        || name.startsWith("transaction.")
        || name.startsWith("grpc.")
        || name.startsWith("auth.")
        || name.startsWith("shutdown.");
  }

  /** "; maybe you meant [pg-port]" for a name close to a known node or server setting. */
  private static String hint(String name) {
    String normalized = name.toLowerCase(Locale.ROOT).replace('_', '-');
    @Nullable String best = null;
    int bestDistance = 3;
    List<String> known = new ArrayList<>(NODE_DEFAULTS.keySet());
    known.addAll(SERVER_SETTINGS.stream().sorted().toList());
    for (String candidate : known) {
      int distance = editDistance(normalized, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : "; maybe you meant [" + best + "]";
  }

  private static int editDistance(String first, String second) {
    int[] previous = new int[second.length() + 1];
    int[] current = new int[second.length() + 1];
    for (int j = 0; j <= second.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= first.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= second.length(); j++) {
        int substitution = first.charAt(i - 1) == second.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[second.length()];
  }

  private static void checkDistinctPorts(Map<String, Value> node) {
    List<Value> all =
        List.of(node.get(PG_PORT), node.get(GRPC_PORT), node.get(HTTP_PORT), node.get(RAFT_PORT));
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Value first = all.get(i);
        Value second = all.get(j);
        if (first.port() != 0 && first.port() == second.port()) {
          throw invalid(
              "Settings["
                  + first.name()
                  + "] ("
                  + first.source()
                  + ") and ["
                  + second.name()
                  + "] ("
                  + second.source()
                  + ") are both ["
                  + first.port()
                  + "]; each port must be different (0 picks a free one)");
        }
      }
    }
  }

  private static long positiveLong(
      Map<String, String> values, String name, long defaultValue, String source) {
    return positiveLong(values, name, defaultValue, Long.MAX_VALUE, source);
  }

  /** A setting that is {@code true} or {@code false} (in any case). */
  private static boolean bool(
      Map<String, String> values, String key, boolean defaultValue, String source) {
    String value = values.get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(key + " must be true or false, not '" + value + "' (" + source + ")");
  }

  /** {@code query.plan-cache-size}: entries, 0 (no cache) to a million. */
  private static int planCacheSize(Map<String, String> values, int defaultValue, String source) {
    if ("0".equals(values.get("query.plan-cache-size"))) {
      return 0;
    }
    return (int) positiveLong(values, "query.plan-cache-size", defaultValue, 1_000_000, source);
  }

  /** A whole number from 1 to {@code max}; {@code _} may group digits. */
  private static long positiveLong(
      Map<String, String> values, String name, long defaultValue, long max, String source) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw invalid(
          "Setting[" + name + "] is [" + value + "] (" + source + "), not a whole number");
    }
    if (parsed < 1 || parsed > max) {
      throw invalid(
          "Setting["
              + name
              + "] is ["
              + value
              + "] ("
              + source
              + ") but must be "
              + (max == Long.MAX_VALUE ? "at least 1" : "from 1 to " + max));
    }
    return parsed;
  }

  private static Duration duration(
      Map<String, String> values, String name, Duration defaultValue, String source) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    Duration parsed;
    try {
      parsed = Duration.parse(value);
    } catch (RuntimeException e) {
      throw invalid(
          "Setting["
              + name
              + "] is ["
              + value
              + "] ("
              + source
              + "), not an ISO-8601 duration such as PT10S");
    }
    if (parsed.isNegative()) {
      throw invalid(
          "Setting[" + name + "] is [" + value + "] (" + source + ") but must not be negative");
    }
    return parsed;
  }

  private static Duration positiveDuration(
      Map<String, String> values, String name, Duration defaultValue, String source) {
    Duration parsed = duration(values, name, defaultValue, source);
    if (parsed.toMillis() < 1) {
      throw invalid(
          "Setting["
              + name
              + "] is ["
              + values.get(name)
              + "] ("
              + source
              + ") but must be at least 1 ms");
    }
    return parsed;
  }

  private static AuroraException invalid(String message) {
    return new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  /** A setting's raw value and where it came from, for error messages. */
  private record Value(String name, String value, String source) {
    int port() {
      String trimmed = value.trim();
      try {
        int port = Integer.parseInt(trimmed);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // Reported below, with the value and its source.
      }
      throw invalid(
          "Setting["
              + name
              + "] is ["
              + value
              + "] ("
              + source
              + ") but must be a port number from 0 to 65535 (0 picks a free one)");
    }

    Path path() {
      String trimmed = value.trim();
      if (trimmed.isEmpty()) {
        throw invalid("Setting[" + name + "] is empty (" + source + ")");
      }
      try {
        return Path.of(trimmed);
      } catch (InvalidPathException e) {
        throw invalid(
            "Setting[" + name + "] is [" + value + "] (" + source + "), not a valid path");
      }
    }

    String host() {
      String trimmed = value.trim();
      if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isWhitespace)) {
        throw invalid(
            "Setting["
                + name
                + "] is ["
                + value
                + "] ("
                + source
                + ") but must be a host name or an IP address");
      }
      return trimmed;
    }
  }

  /**
   * A config file's name (for messages) and its raw bytes: a Java properties file in UTF-8. Parsing
   * is strict where {@link Properties} is lenient: bytes that are not UTF-8, a malformed {@code
   * \}{@code u} escape and a key given twice are errors.
   */
  public record ConfigFile(String name, byte[] contents) {
    public ConfigFile {
      requireNonNull(name, "name is null");
      contents = contents.clone();
    }

    /** The file's settings, keys trimmed. */
    Map<String, String> settings() {
      String text;
      try {
        text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(contents))
                .toString();
      } catch (CharacterCodingException e) {
        throw invalid("Config file[" + name + "] is not UTF-8 text; is it a properties file?");
      }
      if (text.indexOf('\0') >= 0) {
        throw invalid("Config file[" + name + "] holds NUL bytes; is it a properties file?");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      List<String> duplicates = new ArrayList<>();
      @SuppressWarnings("serial")
      Properties properties =
          new Properties() {
            @Override
            public synchronized @Nullable Object put(Object key, Object value) {
              String name = ((String) key).trim();
              if (settings.put(name, (String) value) != null) {
                duplicates.add(name);
              }
              return super.put(key, value);
            }
          };
      try {
        properties.load(new StringReader(text));
      } catch (IOException | IllegalArgumentException e) {
        throw invalid("Config file[" + name + "] cannot be parsed: " + e.getMessage());
      }
      if (!duplicates.isEmpty()) {
        throw invalid(
            "Setting[" + duplicates.get(0) + "] is given twice in config file[" + name + "]");
      }
      return settings;
    }
  }
}
