package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A row-level security policy ({@code CREATE POLICY}), permissive as PostgreSQL's default: on a
 * table with row security enabled, a role that is neither its owner nor a superuser sees the rows
 * for which one of its applicable policies' {@code using} is true, and may insert only rows for
 * which one of their {@code withCheck} (or {@code using}, when a policy has no check) is true.
 *
 * @param command {@code ALL}, {@code SELECT}, {@code INSERT} or {@code DELETE}
 * @param roles the roles it applies to; empty for PUBLIC
 * @param using the SQL condition on existing rows, or null
 * @param withCheck the SQL condition on new rows, or null
 */
public record RowPolicy(
    String name,
    String table,
    String command,
    List<String> roles,
    @Nullable String using,
    @Nullable String withCheck) {
  public static final List<String> COMMANDS = List.of("ALL", "SELECT", "INSERT", "DELETE");

  public RowPolicy {
    requireNonNull(name, "name is null");
    requireNonNull(table, "table is null");
    command = command.toUpperCase(Locale.ROOT);
    if (!COMMANDS.contains(command)) {
      throw new IllegalArgumentException("Unknown policy command " + command);
    }
    roles = List.copyOf(roles);
  }

  /**
   * Whether the policy governs {@code command} ({@code SELECT}, {@code INSERT}, {@code DELETE}).
   */
  public boolean covers(String command) {
    return this.command.equals("ALL") || this.command.equals(command);
  }
}
