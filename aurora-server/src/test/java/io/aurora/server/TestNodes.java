package io.aurora.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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

  /** A pgwire connection to {@code node} as {@code user}. */
  public static Connection connect(AuroraNode node, String user, String password)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/aurora", properties);
  }

  /** Runs one statement on {@code connection}. */
  public static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
