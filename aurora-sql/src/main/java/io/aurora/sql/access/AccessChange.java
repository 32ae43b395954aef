package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A change to roles, privileges or ownership: what {@link AccessState#apply} applies on every node
 * in the same order. The engine checks that the session may make it and that its tables exist
 * before it proposes one; {@code apply} checks what depends on the state itself (the roles named
 * exist, a membership makes no cycle). The grantee {@link AccessState#PUBLIC} is every role. {@link
 * AccessCodec} is the byte form.
 */
public sealed interface AccessChange {
  /** {@code CREATE ROLE / CREATE USER}. */
  record CreateRole(Role role) implements AccessChange {
    public CreateRole {
      requireNonNull(role, "role is null");
    }
  }

  /** {@code ALTER ROLE name [WITH] options}. */
  record AlterRole(String name, RoleOptions options) implements AccessChange {
    public AlterRole {
      requireNonNull(name, "name is null");
      requireNonNull(options, "options is null");
    }
  }

  /** {@code DROP ROLE [IF EXISTS] name, ...}. */
  record DropRoles(List<String> names, boolean ifExists) implements AccessChange {
    public DropRoles {
      names = List.copyOf(names);
    }
  }

  /** {@code GRANT role, ... TO member, ...} or, with {@code !isGrant}, {@code REVOKE ... FROM}. */
  record GrantRoles(boolean isGrant, List<String> roles, List<String> members)
      implements AccessChange {
    public GrantRoles {
      roles = List.copyOf(roles);
      members = List.copyOf(members);
    }
  }

  /** {@code GRANT privilege, ... ON [TABLE] table, ... TO grantee, ...} or its REVOKE. */
  record GrantOnTables(boolean isGrant, int bits, List<String> tables, List<String> grantees)
      implements AccessChange {
    public GrantOnTables {
      tables = List.copyOf(tables);
      grantees = List.copyOf(grantees);
    }
  }

  /**
   * {@code GRANT SELECT | INSERT (column, ...) ON table TO grantee, ...} or its REVOKE: privileges
   * on some columns of one table.
   */
  record GrantOnColumns(
      boolean isGrant, int bits, String table, List<String> columns, List<String> grantees)
      implements AccessChange {
    public GrantOnColumns {
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
      grantees = List.copyOf(grantees);
    }
  }

  /** {@code GRANT CREATE | USAGE ON SCHEMA public TO grantee, ...} or its REVOKE. */
  record GrantOnSchema(boolean isGrant, int bits, List<String> grantees) implements AccessChange {
    public GrantOnSchema {
      grantees = List.copyOf(grantees);
    }
  }

  /** {@code CREATE TOKEN}: the token as stored (its secret's hash). */
  record CreateToken(ApiToken token) implements AccessChange {
    public CreateToken {
      requireNonNull(token, "token is null");
    }
  }

  /** {@code DROP TOKEN [IF EXISTS] name}. */
  record DropToken(String name, boolean ifExists) implements AccessChange {
    public DropToken {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * {@code ALTER DEFAULT PRIVILEGES [FOR ROLE creator] GRANT privilege, ... ON TABLES TO grantee,
   * ...} or its REVOKE: what tables {@code creator} creates from now on are granted. As in
   * PostgreSQL, those given {@code IN SCHEMA} ({@code inSchema}) add to the global ones, and a
   * REVOKE in the schema cannot take away a global one.
   */
  record DefaultPrivileges(
      boolean isGrant, String creator, boolean inSchema, int bits, List<String> grantees)
      implements AccessChange {
    public DefaultPrivileges {
      requireNonNull(creator, "creator is null");
      grantees = List.copyOf(grantees);
    }
  }

  /** {@code ALTER TABLE table ENABLE | DISABLE ROW LEVEL SECURITY}. */
  record SetRowSecurity(String table, boolean isEnabled) implements AccessChange {
    public SetRowSecurity {
      requireNonNull(table, "table is null");
    }
  }

  /** {@code CREATE POLICY}. */
  record CreatePolicy(RowPolicy policy) implements AccessChange {
    public CreatePolicy {
      requireNonNull(policy, "policy is null");
    }
  }

  /** {@code DROP POLICY [IF EXISTS] name ON table}. */
  record DropPolicy(String table, String name, boolean ifExists) implements AccessChange {
    public DropPolicy {
      requireNonNull(table, "table is null");
      requireNonNull(name, "name is null");
    }
  }

  /** The table's owner: its creator, or {@code ALTER TABLE ... OWNER TO role}. */
  record SetOwner(String table, String owner) implements AccessChange {
    public SetOwner {
      requireNonNull(table, "table is null");
      requireNonNull(owner, "owner is null");
    }
  }
}
