package io.aurora.sql.engine;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.ApiToken;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.Role;
import io.aurora.sql.access.RowPolicy;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.SessionActivity;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.ddl.DdlStatement;
import io.aurora.sql.execution.ListStream;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.rel.RelNode;
import org.jspecify.annotations.Nullable;

/**
 * Who may run what: the checks the engine makes before a statement touches anything, and the role
 * and privilege statements themselves. The session's user is the one its protocol server entered
 * ({@link CurrentSession#client()}); a statement with no client (the node's own work, tests) is not
 * checked. Every check reads the catalog's current {@link AccessState}, so a REVOKE holds from the
 * next statement of every session on every node that applied it.
 *
 * <p>The rules are PostgreSQL's for the objects Aurora has: reading a table needs SELECT, INSERT
 * and COPY FROM need INSERT, DELETE needs DELETE (and SELECT when it has a condition), TRUNCATE
 * needs TRUNCATE; CREATE TABLE, VIEW and ENDPOINT need CREATE on the schema; changing or dropping a
 * table needs its ownership; roles need CREATEROLE (superusers for superusers and the predefined
 * {@code pg_} roles); CHECKPOINT and schema grants need a superuser. A pipeline runs as the role
 * that created it, which needs CREATE on the schema (for its dead-letter table) and may load the
 * target table as a COPY would; only roles with its owner's privileges may stop, start or drop it.
 * Views and endpoints have no owner: a view is read with the privileges of whoever queries it on
 * the tables it reads, and any role with CREATE on the schema may drop one.
 */
final class AccessStatements {
  private static final String CURRENT_USER = "CURRENT_USER";

  private final Catalog catalog;
  private final Function<String, RelNode> planner;

  /**
   * @param planner plans a query's text, to check a policy's conditions
   */
  AccessStatements(Catalog catalog, Function<String, RelNode> planner) {
    this.catalog = catalog;
    this.planner = planner;
  }

  /** The user the calling thread runs a statement for, or null for the node's own statements. */
  static @Nullable String sessionUser() {
    CurrentSession.Client client = CurrentSession.client();
    return client == null ? null : client.user();
  }

  /** Fails with 42501 unless the session holds {@code privilege} on {@code table}. */
  void checkTable(Table table, Privilege privilege) {
    String user = sessionUser();
    if (user != null && !SystemSchemas.isSystemTable(table)) {
      catalog.access().checkTable(user, table.name(), privilege);
    }
  }

  /**
   * Fails with 42501 unless the session may read what a query reads: SELECT on each of its tables,
   * or, where it has only column privileges, on each column {@code plan} reads of that table.
   */
  void checkRead(List<Table> tables, RelNode plan) {
    String user = sessionUser();
    if (user == null) {
      return;
    }
    AccessState access = catalog.access();
    if (access.isSuperuser(user)) {
      return;
    }
    Map<Table, Set<String>> columns = null;
    for (Table table : tables) {
      if (SystemSchemas.isSystemTable(table)
          || access.hasTablePrivilege(user, table.name(), Privilege.SELECT)) {
        continue;
      }
      if (columns == null) {
        columns = ColumnsRead.of(plan);
      }
      access.checkColumns(
          user, table.name(), columns.getOrDefault(table, Set.of()), Privilege.SELECT);
    }
  }

  /** Fails with 42501 unless the session may insert into {@code columns} of {@code table}. */
  void checkInsert(Table table, Collection<String> columns) {
    checkColumns(table, columns, Privilege.INSERT);
  }

  /**
   * Fails with 42501 unless the session holds {@code privilege} on the table or on each of {@code
   * columns} (see {@link AccessState#checkColumns}).
   */
  void checkColumns(Table table, Collection<String> columns, Privilege privilege) {
    String user = sessionUser();
    if (user != null && !SystemSchemas.isSystemTable(table)) {
      catalog.access().checkColumns(user, table.name(), columns, privilege);
    }
  }

  /**
   * Fails with 42501 unless the session may run {@code ddl}; statements of roles and privileges are
   * checked when they run ({@link #execute}), as they need the state they change.
   */
  void authorize(DdlStatement ddl) {
    String user = sessionUser();
    if (user == null) {
      return;
    }
    AccessState access = catalog.access();
    if (access.isSuperuser(user)) {
      return;
    }
    if (ddl instanceof DdlStatement.CreateTable
        || ddl instanceof DdlStatement.CreateView
        || ddl instanceof DdlStatement.CreateEndpoint
        || ddl instanceof DdlStatement.DropView
        || ddl instanceof DdlStatement.DropEndpoint) {
      if (!access.hasSchemaPrivilege(user, Privilege.CREATE)) {
        throw denied("permission denied for schema public");
      }
    } else if (ddl instanceof DdlStatement.DropTable drop) {
      checkOwner(access, user, drop.name());
    } else if (ddl instanceof DdlStatement.AddColumn add) {
      checkOwner(access, user, add.table());
    } else if (ddl instanceof DdlStatement.SetRetention retention) {
      checkOwner(access, user, retention.table());
    } else if (ddl instanceof DdlStatement.CreateIndex index) {
      checkOwner(access, user, index.table());
    } else if (ddl instanceof DdlStatement.CreatePipeline create) {
      // The pipeline runs as its creator, who also owns its dead-letter table.
      if (!access.hasSchemaPrivilege(user, Privilege.CREATE)) {
        throw denied("permission denied for schema public");
      }
      Table target = catalog.table(create.pipeline().table());
      if (target != null) {
        create.pipeline().withOwner(user).checkOwnerMayLoad(access, target.schema());
      }
    } else if (ddl instanceof DdlStatement.DropPipeline drop) {
      checkPipelineOwner(access, user, drop.name());
    } else if (ddl instanceof DdlStatement.SetPipelineRunning set) {
      checkPipelineOwner(access, user, set.name());
    } else if (ddl instanceof DdlStatement.Checkpoint) {
      throw denied("must be superuser to run CHECKPOINT");
    }
  }

  /** Fails with 42501 unless {@code user} has the privileges of the pipeline's owner. */
  private void checkPipelineOwner(AccessState access, String user, String name) {
    for (PipelineDefinition pipeline : catalog.pipelines()) {
      if (pipeline.name().equals(name)
          && (pipeline.owner() == null
              || !access.effectiveRoles(user).contains(pipeline.owner()))) {
        throw denied("must be owner of pipeline " + name);
      }
    }
  }

  /**
   * The owner a new object of the session gets: its user when that is a catalog role, else null (a
   * bootstrap identity, or no authentication): such objects belong to the superusers.
   */
  @Nullable String ownerOfNewObject() {
    String user = sessionUser();
    return user != null && catalog.access().role(user) != null ? user : null;
  }

  private void checkOwner(AccessState access, String user, String table) {
    if (catalog.table(table) != null) {
      access.checkOwner(user, table);
    }
  }

  /**
   * The sessions as the statement compiling now may signal them: {@code pg_cancel_backend} and
   * {@code pg_terminate_backend} of another role's session fail with 42501 unless the session's
   * user is a superuser or has the privileges of {@code pg_signal_backend} or of that role.
   */
  SessionDirectory guard(SessionDirectory sessions) {
    String user = sessionUser();
    AccessState access = catalog.access();
    if (user == null || access.hasPrivilegesOf(user, "pg_signal_backend")) {
      return sessions;
    }
    return new SessionDirectory() {
      @Override
      public List<SessionActivity> sessions() {
        return sessions.sessions();
      }

      @Override
      public boolean cancel(int pid) {
        checkSignal(pid, "cancel query");
        return sessions.cancel(pid);
      }

      @Override
      public boolean terminate(int pid) {
        checkSignal(pid, "terminate process");
        return sessions.terminate(pid);
      }

      private void checkSignal(int pid, String what) {
        for (SessionActivity session : sessions.sessions()) {
          if (session.pid() == pid) {
            AccessStatements.checkSignal(access, user, session.user(), what);
          }
        }
      }
    };
  }

  /**
   * Fails with 42501 unless {@code user} may signal a session or statement of {@code target}: its
   * own, a role whose privileges it has, or any with {@code pg_signal_backend}.
   */
  static void checkSignal(AccessState access, String user, String target, String what) {
    if (access.hasPrivilegesOf(user, "pg_signal_backend")
        || access.effectiveRoles(user).contains(target)) {
      return;
    }
    throw denied(
        "permission denied to "
            + what
            + ": only roles with the privileges of the role whose session it is, or of"
            + " pg_signal_backend, may");
  }

  /**
   * After CREATE TABLE: a role that creates a table owns it (a bootstrap identity does not), and
   * the creator's default privileges ({@code ALTER DEFAULT PRIVILEGES}) are granted on it.
   */
  void recordOwner(String table) {
    String user = sessionUser();
    if (user == null) {
      return;
    }
    AccessState access = catalog.access();
    String owner = ownerOfNewObject();
    if (owner != null) {
      catalog.changeAccess(new AccessChange.SetOwner(table, owner));
    }
    access
        .defaultGrants(user)
        .forEach(
            (grantee, bits) ->
                catalog.changeAccess(
                    new AccessChange.GrantOnTables(true, bits, List.of(table), List.of(grantee))));
  }

  /** Runs a statement of roles, privileges or tokens; null when {@code ddl} is not one. */
  @Nullable StatementResult execute(DdlStatement ddl) {
    if (ddl instanceof DdlStatement.CreateToken create) {
      return createToken(create);
    }
    if (ddl instanceof DdlStatement.DropToken drop) {
      return dropToken(drop);
    }
    if (ddl instanceof DdlStatement.CreateRole create) {
      return createRole(create);
    }
    if (ddl instanceof DdlStatement.AlterRole alter) {
      return alterRole(alter);
    }
    if (ddl instanceof DdlStatement.DropRoles drop) {
      return dropRoles(drop);
    }
    if (ddl instanceof DdlStatement.GrantRoles grant) {
      return grantRoles(grant);
    }
    if (ddl instanceof DdlStatement.GrantPrivileges grant) {
      return grantPrivileges(grant);
    }
    if (ddl instanceof DdlStatement.AlterTableOwner owner) {
      return alterOwner(owner);
    }
    if (ddl instanceof DdlStatement.AlterDefaultPrivileges defaults) {
      String creator = resolve(defaults.creator());
      String user = sessionUser();
      if (user != null && !creator.equals(user)) {
        AccessState access = catalog.access();
        if (!access.isSuperuser(user) && !access.effectiveRoles(user).contains(creator)) {
          throw denied(
              "must be a member of role \"" + creator + "\" to change its default privileges");
        }
      }
      List<String> grantees = new ArrayList<>();
      for (String grantee : defaults.grantees()) {
        grantees.add(resolve(grantee));
      }
      catalog.changeAccess(
          new AccessChange.DefaultPrivileges(
              defaults.isGrant(), creator, defaults.inSchema(), defaults.bits(), grantees));
      return new CommandResult("ALTER DEFAULT PRIVILEGES", 0);
    }
    if (ddl instanceof DdlStatement.SetRowSecurity security) {
      requireOwnedTable(security.table());
      catalog.changeAccess(new AccessChange.SetRowSecurity(security.table(), security.isEnabled()));
      return new CommandResult("ALTER TABLE", 0);
    }
    if (ddl instanceof DdlStatement.CreatePolicy create) {
      return createPolicy(create.policy());
    }
    if (ddl instanceof DdlStatement.DropPolicy drop) {
      requireOwnedTable(drop.table());
      catalog.changeAccess(new AccessChange.DropPolicy(drop.table(), drop.name(), drop.ifExists()));
      return new CommandResult("DROP POLICY", 0);
    }
    return null;
  }

  private CommandResult createRole(DdlStatement.CreateRole create) {
    Role role = Role.of(create.name()).with(create.options());
    String user = sessionUser();
    if (user != null) {
      AccessState access = catalog.access();
      requireCreateRole(access, user, role.isSuperuser() ? "create superusers" : null);
      for (String granted : create.inRoles()) {
        requireGrantable(access, user, granted);
      }
    }
    AccessState.checkNotReserved(role.name());
    catalog.changeAccess(new AccessChange.CreateRole(role));
    if (!create.inRoles().isEmpty()) {
      catalog.changeAccess(
          new AccessChange.GrantRoles(true, create.inRoles(), List.of(role.name())));
    }
    if (!create.members().isEmpty()) {
      catalog.changeAccess(
          new AccessChange.GrantRoles(true, List.of(role.name()), create.members()));
    }
    return new CommandResult("CREATE ROLE", 0);
  }

  private CommandResult alterRole(DdlStatement.AlterRole alter) {
    String user = sessionUser();
    String name = resolve(alter.name());
    if (user != null) {
      AccessState access = catalog.access();
      Role target = access.role(name);
      boolean isOwnPassword = name.equals(user) && !alter.options().setsAttributes();
      if (!isOwnPassword) {
        boolean touchesSuperuser =
            target != null && target.isSuperuser() || alter.options().superuser() != null;
        requireCreateRole(
            access, user, touchesSuperuser ? "alter superuser roles or change superuser" : null);
      }
    }
    catalog.changeAccess(new AccessChange.AlterRole(name, alter.options()));
    return new CommandResult("ALTER ROLE", 0);
  }

  private CommandResult dropRoles(DdlStatement.DropRoles drop) {
    String user = sessionUser();
    AccessState access = catalog.access();
    List<String> missing = new ArrayList<>();
    for (String name : drop.names()) {
      Role role = access.role(name);
      if (role == null) {
        missing.add(name);
        continue;
      }
      if (name.equals(user)) {
        throw new AuroraException(ErrorCode.OBJECT_IN_USE, "current user cannot be dropped");
      }
      if (user != null) {
        requireCreateRole(access, user, role.isSuperuser() ? "drop superusers" : null);
      }
      for (PipelineDefinition pipeline : catalog.pipelines()) {
        if (name.equals(pipeline.owner())) {
          throw new AuroraException(
              ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST,
              "role \""
                  + name
                  + "\" cannot be dropped because some objects depend on it: owner of pipeline "
                  + pipeline.name()
                  + " (DROP PIPELINE first)");
        }
      }
    }
    catalog.changeAccess(new AccessChange.DropRoles(drop.names(), drop.ifExists()));
    CommandResult.Notice notice =
        missing.isEmpty()
            ? null
            : new CommandResult.Notice(
                "00000", "role \"" + missing.get(0) + "\" does not exist, skipping");
    return new CommandResult("DROP ROLE", 0, notice);
  }

  private CommandResult grantRoles(DdlStatement.GrantRoles grant) {
    String user = sessionUser();
    List<String> members = new ArrayList<>();
    for (String member : grant.members()) {
      members.add(resolve(member));
    }
    if (user != null) {
      AccessState access = catalog.access();
      for (String role : grant.roles()) {
        requireGrantable(access, user, role);
      }
    }
    catalog.changeAccess(new AccessChange.GrantRoles(grant.isGrant(), grant.roles(), members));
    return new CommandResult(grant.isGrant() ? "GRANT ROLE" : "REVOKE ROLE", 0);
  }

  private CommandResult grantPrivileges(DdlStatement.GrantPrivileges grant) {
    String user = sessionUser();
    AccessState access = catalog.access();
    boolean isSuperuser = user == null || access.isSuperuser(user);
    List<String> grantees = new ArrayList<>();
    for (String grantee : grant.grantees()) {
      grantees.add(resolve(grantee));
    }
    String tag = grant.isGrant() ? "GRANT" : "REVOKE";
    switch (grant.target()) {
      case DATABASE -> {
        if (!isSuperuser) {
          throw denied("permission denied for database");
        }
        return new CommandResult(tag, 0);
      }
      case SCHEMA -> {
        if (!isSuperuser) {
          throw denied("permission denied for schema public");
        }
        catalog.changeAccess(
            new AccessChange.GrantOnSchema(grant.isGrant(), grant.bits(), grantees));
        return new CommandResult(tag, 0);
      }
      default -> {}
    }
    List<String> tables = new ArrayList<>();
    if (grant.target() == DdlStatement.GrantTarget.ALL_TABLES_IN_SCHEMA) {
      for (String name : catalog.tableNames()) {
        if (!Catalog.isInternal(name)) {
          tables.add(name);
        }
      }
    } else {
      for (String name : grant.tables()) {
        if (catalog.table(name) == null) {
          if (catalog.view(name) != null) {
            throw new AuroraException(
                ErrorCode.FEATURE_NOT_SUPPORTED,
                "Privileges on views are not supported: a view is read with its reader's"
                    + " privileges on the tables it reads; grant those instead");
          }
          throw new AuroraException(
              ErrorCode.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        tables.add(name);
      }
    }
    CommandResult.Notice notice = null;
    if (!isSuperuser) {
      // As in PostgreSQL: a role that holds a privilege on a table it does not own (Aurora has no
      // grant options) is told that nothing was granted; one that holds none is refused.
      List<String> owned = new ArrayList<>();
      for (String table : tables) {
        if (access.isOwner(user, table)) {
          owned.add(table);
          continue;
        }
        if (!holdsAny(access, user, table)) {
          throw denied("permission denied for table " + table);
        }
        if (notice == null) {
          notice =
              grant.isGrant()
                  ? new CommandResult.Notice(
                      "WARNING", "01007", "no privileges were granted for \"" + table + "\"")
                  : new CommandResult.Notice(
                      "WARNING", "01006", "no privileges could be revoked for \"" + table + "\"");
        }
      }
      tables = owned;
    }
    for (DdlStatement.ColumnGrant columns : grant.columnGrants()) {
      for (String table : tables) {
        Table target = catalog.table(table);
        for (String column : columns.columns()) {
          if (target != null && target.schema().indexOf(column) < 0) {
            throw new AuroraException(
                ErrorCode.UNDEFINED_COLUMN,
                "column \"" + column + "\" of relation \"" + table + "\" does not exist");
          }
        }
      }
    }
    if (!tables.isEmpty() && grant.bits() != 0) {
      catalog.changeAccess(
          new AccessChange.GrantOnTables(grant.isGrant(), grant.bits(), tables, grantees));
    }
    for (DdlStatement.ColumnGrant columns : grant.columnGrants()) {
      for (String table : tables) {
        catalog.changeAccess(
            new AccessChange.GrantOnColumns(
                grant.isGrant(), columns.bit(), table, columns.columns(), grantees));
      }
    }
    return new CommandResult(tag, 0, notice);
  }

  private static boolean holdsAny(AccessState access, String user, String table) {
    for (Privilege privilege : Privilege.values()) {
      if (privilege.isTablePrivilege() && access.hasAnyColumnPrivilege(user, table, privilege)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Issues a token and answers it, once, as the one row of column {@code token}. A role may give
   * itself tokens; tokens for another role need what changing that role needs.
   */
  private QueryResult createToken(DdlStatement.CreateToken create) {
    String role = resolve(create.role());
    String user = sessionUser();
    AccessState access = catalog.access();
    if (user != null && !role.equals(user)) {
      Role target = access.role(role);
      requireCreateRole(
          access, user, target != null && target.isSuperuser() ? "give superusers tokens" : null);
    }
    if (access.role(role) == null && !AccessState.PREDEFINED_ROLES.contains(role)) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_OBJECT,
          "role \""
              + role
              + "\" does not exist: a token belongs to a role of the catalog (CREATE ROLE ..."
              + " LOGIN first)");
    }
    for (String endpoint : create.endpoints()) {
      if (catalog.endpoint(endpoint) == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_OBJECT, "endpoint \"" + endpoint + "\" does not exist");
      }
    }
    long nowMicros = System.currentTimeMillis() * 1000;
    ApiToken.Issued issued =
        ApiToken.issue(
            create.name(),
            role,
            nowMicros,
            create.validUntilMicros(),
            create.requestsPerSecond(),
            create.endpoints());
    catalog.changeAccess(new AccessChange.CreateToken(issued.token()));
    return new QueryResult(
        List.of("token"),
        List.of(DataType.VARCHAR),
        new ListStream(List.of(Page.of(VarcharBlock.of(new String[] {issued.text()})))),
        () -> {});
  }

  private CommandResult dropToken(DdlStatement.DropToken drop) {
    String user = sessionUser();
    AccessState access = catalog.access();
    ApiToken token = null;
    for (ApiToken candidate : access.tokens()) {
      if (candidate.name().equals(drop.name())) {
        token = candidate;
      }
    }
    if (user != null && token != null && !access.effectiveRoles(user).contains(token.role())) {
      Role target = access.role(token.role());
      requireCreateRole(
          access, user, target != null && target.isSuperuser() ? "drop superusers' tokens" : null);
    }
    catalog.changeAccess(new AccessChange.DropToken(drop.name(), drop.ifExists()));
    CommandResult.Notice notice =
        token == null
            ? new CommandResult.Notice(
                "00000", "token \"" + drop.name() + "\" does not exist, skipping")
            : null;
    return new CommandResult("DROP TOKEN", 0, notice);
  }

  /** Policies are made by the table's owner; their conditions are planned now to check them. */
  private CommandResult createPolicy(RowPolicy given) {
    requireOwnedTable(given.table());
    List<String> roles = new ArrayList<>();
    for (String role : given.roles()) {
      roles.add(resolve(role));
    }
    RowPolicy policy =
        new RowPolicy(
            given.name(), given.table(), given.command(), roles, given.using(), given.withCheck());
    for (String condition : new String[] {policy.using(), policy.withCheck()}) {
      if (condition != null) {
        planner.apply(
            "SELECT * FROM \""
                + policy.table().replace("\"", "\"\"")
                + "\" WHERE ("
                + condition
                + ")");
      }
    }
    catalog.changeAccess(new AccessChange.CreatePolicy(policy));
    return new CommandResult("CREATE POLICY", 0);
  }

  private void requireOwnedTable(String table) {
    if (catalog.table(table) == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
    }
    String user = sessionUser();
    if (user != null) {
      catalog.access().checkOwner(user, table);
    }
  }

  private CommandResult alterOwner(DdlStatement.AlterTableOwner owner) {
    if (catalog.table(owner.table()) == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE, "relation \"" + owner.table() + "\" does not exist");
    }
    String newOwner = resolve(owner.owner());
    String user = sessionUser();
    if (user != null) {
      AccessState access = catalog.access();
      if (!access.isSuperuser(user)) {
        access.checkOwner(user, owner.table());
        if (!access.effectiveRoles(user).contains(newOwner)) {
          throw denied("must be able to SET ROLE \"" + newOwner + "\"");
        }
      }
    }
    catalog.changeAccess(new AccessChange.SetOwner(owner.table(), newOwner));
    return new CommandResult("ALTER TABLE", 0);
  }

  /** Superusers pass; CREATEROLE passes unless {@code superuserAction} names what it may not do. */
  private static void requireCreateRole(
      AccessState access, String user, @Nullable String superuserAction) {
    if (access.isSuperuser(user)) {
      return;
    }
    if (superuserAction != null) {
      throw denied("must be superuser to " + superuserAction);
    }
    Role role = access.role(user);
    if (role == null || !role.canCreateRole()) {
      throw denied("permission denied to create, alter or drop roles: CREATEROLE is needed");
    }
  }

  /** Who may grant membership in {@code role}: CREATEROLE, or a superuser for superuser roles. */
  private static void requireGrantable(AccessState access, String user, String role) {
    Role granted = access.role(role);
    boolean needsSuperuser =
        AccessState.PREDEFINED_ROLES.contains(role) || granted != null && granted.isSuperuser();
    requireCreateRole(access, user, needsSuperuser ? "grant role \"" + role + "\"" : null);
  }

  /** {@code CURRENT_USER} as the session's user. */
  private static String resolve(String name) {
    if (!name.equals(CURRENT_USER)) {
      return name;
    }
    String user = sessionUser();
    if (user == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_OBJECT, "CURRENT_USER has no role outside a client session");
    }
    return user;
  }

  private static AuroraException denied(String message) {
    return new AuroraException(ErrorCode.INSUFFICIENT_PRIVILEGE, message);
  }
}
