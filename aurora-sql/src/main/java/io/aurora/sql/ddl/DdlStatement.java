package io.aurora.sql.ddl;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.RoleOptions;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.List;

/** A parsed data definition or catalog statement. */
public sealed interface DdlStatement {
  /**
   * {@code CREATE TABLE [IF NOT EXISTS] name (...) [PARTITION BY ...] [SORT BY ...] [DISTRIBUTED BY
   * ...] [WITH ...]}: the storage schema (with the shard count) and the cluster options
   * (replication factor, distribution columns), which the catalog applies.
   */
  record CreateTable(String name, TableSchema schema, TableOptions options, boolean ifNotExists)
      implements DdlStatement {
    public CreateTable {
      requireNonNull(name, "name is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(options, "options is null");
    }
  }

  /** {@code DROP TABLE [IF EXISTS] name}. */
  record DropTable(String name, boolean ifExists) implements DdlStatement {
    public DropTable {
      requireNonNull(name, "name is null");
    }
  }

  /** {@code ALTER TABLE name ADD [COLUMN] column type}. */
  record AddColumn(String table, ColumnSchema column) implements DdlStatement {
    public AddColumn {
      requireNonNull(table, "table is null");
      requireNonNull(column, "column is null");
    }
  }

  /**
   * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column, ...)}: accepted for
   * compatibility and checked, but builds nothing, because every segment already carries min/max
   * statistics, dictionaries, inverted indexes and Bloom filters for its columns.
   */
  record CreateIndex(String table, List<String> columns) implements DdlStatement {
    public CreateIndex {
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
    }
  }

  /** {@code DROP INDEX [IF EXISTS] name}: accepted for compatibility; there is nothing to drop. */
  record DropIndex(String name) implements DdlStatement {
    public DropIndex {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * {@code CHECKPOINT}: makes everything written so far compact on disk (see {@code
   * Catalog#checkpoint}).
   */
  record Checkpoint() implements DdlStatement {}

  /** {@code ALTER TABLE ... SET (retention = ...)} or {@code RESET (retention)} (0). */
  record SetRetention(String table, long retentionMicros) implements DdlStatement {}

  /** {@code TRUNCATE}: deletes every row of the tables, at once. */
  record Truncate(List<String> tables) implements DdlStatement {
    public Truncate {
      tables = List.copyOf(tables);
    }
  }

  /** {@code CREATE [OR REPLACE] VIEW name [(column, ...)] AS query}. */
  record CreateView(String name, List<String> columnNames, String query, boolean orReplace)
      implements DdlStatement {
    public CreateView {
      requireNonNull(name, "name is null");
      columnNames = List.copyOf(columnNames);
      requireNonNull(query, "query is null");
    }
  }

  /** {@code DROP VIEW [IF EXISTS] name}. */
  record DropView(String name, boolean ifExists) implements DdlStatement {
    public DropView {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * {@code CREATE [OR REPLACE] ENDPOINT name AS query}: a query published over HTTP, its parameters
   * written {@code {name:TYPE}} (see {@link io.aurora.sql.catalog.EndpointDefinition}).
   */
  record CreateEndpoint(String name, String query, boolean orReplace) implements DdlStatement {
    public CreateEndpoint {
      requireNonNull(name, "name is null");
      requireNonNull(query, "query is null");
    }
  }

  /** {@code DROP ENDPOINT [IF EXISTS] name}. */
  record DropEndpoint(String name, boolean ifExists) implements DdlStatement {
    public DropEndpoint {
      requireNonNull(name, "name is null");
    }
  }

  /** {@code SHOW TABLES}. */
  record ShowTables() implements DdlStatement {}

  /** {@code DESCRIBE name} or {@code SHOW COLUMNS FROM name}. */
  record DescribeTable(String name) implements DdlStatement {
    public DescribeTable {
      requireNonNull(name, "name is null");
    }
  }

  /** {@code CREATE PIPELINE}: the pipeline (id 0 until the catalog assigns one), to run at once. */
  record CreatePipeline(PipelineDefinition pipeline, boolean ifNotExists) implements DdlStatement {
    public CreatePipeline {
      requireNonNull(pipeline, "pipeline is null");
    }
  }

  /** {@code DROP PIPELINE [IF EXISTS] name}. */
  record DropPipeline(String name, boolean ifExists) implements DdlStatement {
    public DropPipeline {
      requireNonNull(name, "name is null");
    }
  }

  /** {@code START PIPELINE name} or {@code STOP PIPELINE name}. */
  record SetPipelineRunning(String name, boolean running) implements DdlStatement {
    public SetPipelineRunning {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * {@code CREATE ROLE | USER name [[WITH] option ...]}: the options (a USER logs in unless told
   * NOLOGIN; a password is already its SCRAM-SHA-256 verifier), the roles it joins ({@code IN
   * ROLE}) and the roles that join it ({@code ROLE}).
   */
  record CreateRole(String name, RoleOptions options, List<String> inRoles, List<String> members)
      implements DdlStatement {
    public CreateRole {
      requireNonNull(name, "name is null");
      requireNonNull(options, "options is null");
      inRoles = List.copyOf(inRoles);
      members = List.copyOf(members);
    }
  }

  /** {@code ALTER ROLE | USER name [WITH] option ...}. */
  record AlterRole(String name, RoleOptions options) implements DdlStatement {
    public AlterRole {
      requireNonNull(name, "name is null");
      requireNonNull(options, "options is null");
    }
  }

  /** {@code DROP ROLE | USER [IF EXISTS] name [, ...]}. */
  record DropRoles(List<String> names, boolean ifExists) implements DdlStatement {
    public DropRoles {
      names = List.copyOf(names);
    }
  }

  /**
   * {@code GRANT role [, ...] TO member [, ...]} or {@code REVOKE role [, ...] FROM member [,
   * ...]}; a member may be {@code CURRENT_USER}, which the engine resolves.
   */
  record GrantRoles(boolean isGrant, List<String> roles, List<String> members)
      implements DdlStatement {
    public GrantRoles {
      roles = List.copyOf(roles);
      members = List.copyOf(members);
    }
  }

  /** What a GRANT of privileges is on. */
  enum GrantTarget {
    /** {@code ON [TABLE] name [, ...]}. */
    TABLES,
    /** {@code ON ALL TABLES IN SCHEMA public}: the tables that exist when it runs. */
    ALL_TABLES_IN_SCHEMA,
    /** {@code ON SCHEMA public}. */
    SCHEMA,
    /** {@code ON DATABASE name}: CONNECT and TEMPORARY, which every role already has. */
    DATABASE
  }

  /**
   * {@code GRANT privilege [, ...] ON target TO grantee [, ...]} or the REVOKE ({@code isGrant}
   * false) {@code FROM} them; {@code bits} are {@link io.aurora.sql.access.Privilege} bits on the
   * tables, {@code columnGrants} privileges on columns of the one table ({@code SELECT (a, b)}),
   * and a grantee is a role, {@code public}, or {@code CURRENT_USER}.
   */
  record GrantPrivileges(
      boolean isGrant,
      int bits,
      GrantTarget target,
      List<String> tables,
      List<String> grantees,
      List<ColumnGrant> columnGrants)
      implements DdlStatement {
    public GrantPrivileges {
      requireNonNull(target, "target is null");
      tables = List.copyOf(tables);
      grantees = List.copyOf(grantees);
      columnGrants = List.copyOf(columnGrants);
    }
  }

  /** {@code SELECT (a, b)} in a GRANT: a privilege bit on some columns of the one table. */
  record ColumnGrant(int bit, List<String> columns) {
    public ColumnGrant {
      columns = List.copyOf(columns);
    }
  }

  /**
   * {@code CREATE TOKEN name [FOR ROLE role] [VALID UNTIL 'timestamp']}: the role is the session's
   * when not named ({@code CURRENT_USER}); {@code validUntilMicros} 0 for never; {@code WITH
   * (requests_per_second = n)} limits the requests each node serves with it, 0 for no limit.
   */
  record CreateToken(
      String name,
      String role,
      long validUntilMicros,
      int requestsPerSecond,
      List<String> endpoints)
      implements DdlStatement {
    public CreateToken {
      requireNonNull(name, "name is null");
      requireNonNull(role, "role is null");
      endpoints = List.copyOf(endpoints);
    }
  }

  /** {@code DROP TOKEN [IF EXISTS] name}. */
  record DropToken(String name, boolean ifExists) implements DdlStatement {
    public DropToken {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * {@code ALTER DEFAULT PRIVILEGES [FOR ROLE creator] [IN SCHEMA public] GRANT ... ON TABLES TO
   * ...} or its REVOKE; the creator is {@code CURRENT_USER} when not named.
   */
  record AlterDefaultPrivileges(
      boolean isGrant, String creator, boolean inSchema, int bits, List<String> grantees)
      implements DdlStatement {
    public AlterDefaultPrivileges {
      requireNonNull(creator, "creator is null");
      grantees = List.copyOf(grantees);
    }
  }

  /** {@code ALTER TABLE name ENABLE | DISABLE ROW LEVEL SECURITY}. */
  record SetRowSecurity(String table, boolean isEnabled) implements DdlStatement {
    public SetRowSecurity {
      requireNonNull(table, "table is null");
    }
  }

  /**
   * {@code CREATE POLICY name ON table [FOR command] [TO role, ...] [USING (condition)] [WITH CHECK
   * (condition)]}; a role may be {@code CURRENT_USER}, resolved by the engine.
   */
  record CreatePolicy(io.aurora.sql.access.RowPolicy policy) implements DdlStatement {
    public CreatePolicy {
      requireNonNull(policy, "policy is null");
    }
  }

  /** {@code DROP POLICY [IF EXISTS] name ON table}. */
  record DropPolicy(String table, String name, boolean ifExists) implements DdlStatement {
    public DropPolicy {
      requireNonNull(table, "table is null");
      requireNonNull(name, "name is null");
    }
  }

  /** {@code ALTER TABLE name OWNER TO role}. */
  record AlterTableOwner(String table, String owner) implements DdlStatement {
    public AlterTableOwner {
      requireNonNull(table, "table is null");
      requireNonNull(owner, "owner is null");
    }
  }
}
