package io.aurora.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configurations of single test nodes: ephemeral ports, data under a test's directory. */
public final class TestNodes {
  private TestNodes() {}

  /** A node with its data in {@code directory/data} and every port ephemeral. */
  public static NodeConfig config(Path directory) {
    return config(directory, Map.of());
  }

  /** As {@link #config(Path)}, with {@code settings} as the config file's lines. */
  public static NodeConfig config(Path directory, Map<String, String> settings) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("data").toString());
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", "0");
    flags.put("raft-port", "0");
    return NodeConfig.resolve(flags, Map.of(), configFile(settings));
  }

  /** A config file whose lines are {@code settings}. */
  public static NodeConfig.ConfigFile configFile(Map<String, String> settings) {
    StringBuilder file = new StringBuilder();
    settings.forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
    return new NodeConfig.ConfigFile(
        "aurora.properties", file.toString().getBytes(StandardCharsets.UTF_8));
  }
}
