package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Roles, role memberships, privileges on tables and on the schema, and table owners: an immutable
 * value that every node holds the same, changed only by {@link #apply} in the catalog's log order.
 *
 * <p>PostgreSQL's rules, as far as Aurora has the objects: a superuser passes every check; a
 * table's owner, and every role that inherits the owner's privileges, holds every privilege on it;
 * otherwise a role holds what was granted to it, to a role it inherits from (its memberships,
 * followed through roles with INHERIT), or to {@link #PUBLIC}. Superuser status is not inherited.
 *
 * <p>A name that is not a role of this state is a <em>bootstrap identity</em>: a user of the
 * server's users file, or any user a node admits with trust authentication. It acts as a superuser,
 * as every user did before roles existed, so a node without roles behaves as before. A role created
 * with the same name takes its place.
 */
public final class AccessState {
  /** The suffix of a creator's key for default privileges given {@code IN SCHEMA public}. */
  private static final String IN_SCHEMA = "\u0000public";

  /** The grantee that stands for every role. */
  public static final String PUBLIC = "public";

  public static final AccessState EMPTY =
      of(
          Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Map.of(),
          Map.of());

  /**
   * PostgreSQL's predefined roles that mean something in Aurora: members of {@code
   * pg_read_server_files} and {@code pg_write_server_files} may {@code COPY} from and to files on
   * the server; {@code pg_read_all_data} reads every table, {@code pg_write_all_data} inserts into
   * and deletes from every table; {@code pg_signal_backend} cancels and ends other roles' sessions
   * and statements. They exist without being created and cannot be dropped.
   */
  public static final Set<String> PREDEFINED_ROLES =
      Set.of(
          "pg_read_all_data",
          "pg_write_all_data",
          "pg_read_server_files",
          "pg_write_server_files",
          "pg_signal_backend");

  private static final Set<String> RESERVED =
      Set.of(PUBLIC, "none", "current_user", "session_user", "current_role");

  private final Map<String, Role> roles;
  private final Map<String, Set<String>> memberOf;
  private final Map<String, Map<String, Integer>> tableGrants;
  private final Map<String, String> owners;
  private final Map<String, Integer> schemaGrants;
  private final Map<String, ApiToken> tokens;

  /** By table, by column, by grantee: privilege bits. */
  private final Map<String, Map<String, Map<String, Integer>>> columnGrants;

  private final Set<String> rowSecurity;

  /** By creator, by grantee: the bits its new tables are granted. */
  private final Map<String, Map<String, Integer>> defaultGrants;

  /** By table, by name. */
  private final Map<String, Map<String, RowPolicy>> policies;

  /** The parts of a state, copied to make the next one. */
  private static final class Parts {
    Map<String, Role> roles;
    Map<String, Set<String>> memberOf;
    Map<String, Map<String, Integer>> tableGrants;
    Map<String, String> owners;
    Map<String, Integer> schemaGrants;
    Map<String, ApiToken> tokens;
    Map<String, Map<String, Map<String, Integer>>> columnGrants;
    Set<String> rowSecurity;
    Map<String, Map<String, RowPolicy>> policies;
    Map<String, Map<String, Integer>> defaultGrants;

    Parts(AccessState state) {
      roles = state.roles;
      memberOf = state.memberOf;
      tableGrants = state.tableGrants;
      owners = state.owners;
      schemaGrants = state.schemaGrants;
      tokens = state.tokens;
      columnGrants = state.columnGrants;
      rowSecurity = state.rowSecurity;
      policies = state.policies;
      defaultGrants = state.defaultGrants;
    }

    Parts() {}
  }

  private AccessState(Parts parts) {
    this.roles = Map.copyOf(parts.roles);
    this.memberOf = nested(parts.memberOf, Set::copyOf, Set::isEmpty);
    this.tableGrants = nested(parts.tableGrants, AccessState::nonZero, Map::isEmpty);
    this.owners = Map.copyOf(parts.owners);
    this.schemaGrants = nonZero(parts.schemaGrants);
    this.tokens = Map.copyOf(parts.tokens);
    this.columnGrants =
        nested(
            parts.columnGrants,
            columns -> nested(columns, AccessState::nonZero, Map::isEmpty),
            Map::isEmpty);
    this.rowSecurity = Set.copyOf(parts.rowSecurity);
    this.policies = nested(parts.policies, Map::copyOf, Map::isEmpty);
    this.defaultGrants = nested(parts.defaultGrants, AccessState::nonZero, Map::isEmpty);
  }

  /** The state as the codec reads it. */
  static AccessState of(
      Map<String, Role> roles,
      Map<String, Set<String>> memberOf,
      Map<String, Map<String, Integer>> tableGrants,
      Map<String, String> owners,
      Map<String, Integer> schemaGrants,
      Map<String, ApiToken> tokens,
      Map<String, Map<String, Map<String, Integer>>> columnGrants,
      Set<String> rowSecurity,
      Map<String, Map<String, RowPolicy>> policies,
      Map<String, Map<String, Integer>> defaultGrants) {
    Parts parts = new Parts();
    parts.roles = roles;
    parts.memberOf = memberOf;
    parts.tableGrants = tableGrants;
    parts.owners = owners;
    parts.schemaGrants = schemaGrants;
    parts.tokens = tokens;
    parts.columnGrants = columnGrants;
    parts.rowSecurity = rowSecurity;
    parts.policies = policies;
    parts.defaultGrants = defaultGrants;
    return new AccessState(parts);
  }

  /** This state with {@code change} made to a copy of its parts. */
  private AccessState with(Consumer<Parts> change) {
    Parts parts = new Parts(this);
    change.accept(parts);
    return new AccessState(parts);
  }

  /** The bits that are not zero, immutable. */
  private static Map<String, Integer> nonZero(Map<String, Integer> bits) {
    Map<String, Integer> kept = new HashMap<>();
    bits.forEach(
        (key, value) -> {
          if (value != 0) {
            kept.put(key, value);
          }
        });
    return Map.copyOf(kept);
  }

  /** An immutable copy of a map of maps, each inner value copied, the empty ones left out. */
  private static <V, W> Map<String, W> nested(
      Map<String, V> map, Function<V, W> copy, Predicate<W> isEmpty) {
    Map<String, W> kept = new HashMap<>();
    map.forEach(
        (key, value) -> {
          W copied = copy.apply(value);
          if (!isEmpty.test(copied)) {
            kept.put(key, copied);
          }
        });
    return Map.copyOf(kept);
  }

  /** The API tokens, by name. */
  public Collection<ApiToken> tokens() {
    return new TreeMap<>(tokens).values();
  }

  /**
   * The role an API token's text authenticates: a token of this state, with its secret, not past
   * its validity, of a role that may log in; otherwise null.
   */
  public @Nullable String authenticateToken(String text, long nowMicros) {
    ApiToken token = validToken(text, nowMicros);
    return token == null ? null : token.role();
  }

  /** The token {@code text} authenticates with (see {@link #authenticateToken}), or null. */
  public @Nullable ApiToken validToken(String text, long nowMicros) {
    String name = ApiToken.nameOf(text);
    ApiToken token = name == null ? null : tokens.get(name);
    if (token == null || !token.accepts(text, nowMicros)) {
      return null;
    }
    Role role = roles.get(token.role());
    return role != null && role.canLogin() ? token : null;
  }

  /** The role of that name, or null. */
  public @Nullable Role role(String name) {
    return roles.get(name);
  }

  /** Every role, by name. */
  public Collection<Role> roles() {
    return new TreeMap<>(roles).values();
  }

  /** The roles {@code member} was granted directly ({@code GRANT role TO member}), by name. */
  public Set<String> memberOf(String member) {
    return new TreeSet<>(memberOf.getOrDefault(member, Set.of()));
  }

  /** The privileges granted on {@code table}, as bits of {@link Privilege} by grantee. */
  public Map<String, Integer> grantsOn(String table) {
    return new TreeMap<>(tableGrants.getOrDefault(table, Map.of()));
  }

  /** The tables with an owner or a grant, by name. */
  public Set<String> tablesWithAccess() {
    Set<String> tables = new TreeSet<>(owners.keySet());
    tables.addAll(tableGrants.keySet());
    return tables;
  }

  /** The privileges granted on the schema {@code public}, by grantee. */
  public Map<String, Integer> schemaGrants() {
    return new TreeMap<>(schemaGrants);
  }

  /**
   * The owner of {@code table}, or null when it has none: a table created before roles existed, or
   * by a bootstrap identity; only superusers own those.
   */
  public @Nullable String owner(String table) {
    return owners.get(table);
  }

  /** Whether {@code user} passes every check: a superuser role or a bootstrap identity. */
  public boolean isSuperuser(String user) {
    Role role = roles.get(user);
    return role == null || role.isSuperuser();
  }

  /**
   * {@code user} and every role whose privileges it uses: its memberships, followed transitively
   * through roles that inherit (PostgreSQL's {@code has_privs_of_role}).
   */
  public Set<String> effectiveRoles(String user) {
    Set<String> found = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>();
    found.add(user);
    pending.add(user);
    while (!pending.isEmpty()) {
      String role = pending.poll();
      Role definition = roles.get(role);
      if (definition != null && !definition.inherits()) {
        continue;
      }
      for (String granted : memberOf.getOrDefault(role, Set.of())) {
        if (found.add(granted)) {
          pending.add(granted);
        }
      }
    }
    return found;
  }

  /** Whether {@code user} owns {@code table}: a superuser, or has the owner's privileges. */
  public boolean isOwner(String user, String table) {
    if (isSuperuser(user)) {
      return true;
    }
    String owner = owners.get(table);
    return owner != null && effectiveRoles(user).contains(owner);
  }

  /**
   * Whether {@code user} holds {@code privilege} on {@code column} of {@code table}: on the table,
   * or on the column ({@code GRANT SELECT (column) ON table}).
   */
  public boolean hasColumnPrivilege(String user, String table, String column, Privilege privilege) {
    if (hasTablePrivilege(user, table, privilege)) {
      return true;
    }
    Map<String, Integer> grants = columnGrants.getOrDefault(table, Map.of()).get(column);
    return grants != null && holds(grants, user, privilege);
  }

  /** Whether {@code user} holds {@code privilege} on the table or on any of its columns. */
  public boolean hasAnyColumnPrivilege(String user, String table, Privilege privilege) {
    if (hasTablePrivilege(user, table, privilege)) {
      return true;
    }
    for (Map<String, Integer> grants : columnGrants.getOrDefault(table, Map.of()).values()) {
      if (holds(grants, user, privilege)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails with 42501 unless {@code user} holds {@code privilege} on every one of {@code columns},
   * or, when there are none (a {@code count(*)}), on the table or any of its columns, as PostgreSQL
   * checks a statement's columns.
   */
  public void checkColumns(
      String user, String table, Collection<String> columns, Privilege privilege) {
    if (hasTablePrivilege(user, table, privilege)) {
      return;
    }
    boolean isAllowed = columns.isEmpty() && hasAnyColumnPrivilege(user, table, privilege);
    if (!columns.isEmpty()) {
      isAllowed = true;
      for (String column : columns) {
        isAllowed &= hasColumnPrivilege(user, table, column, privilege);
      }
    }
    if (!isAllowed) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE, "permission denied for table " + table);
    }
  }

  /**
   * The privileges the tables {@code creator} creates are granted ({@code ALTER DEFAULT
   * PRIVILEGES}), by grantee.
   */
  public Map<String, Integer> defaultGrants(String creator) {
    Map<String, Integer> merged = new TreeMap<>(defaultGrants.getOrDefault(creator, Map.of()));
    defaultGrants
        .getOrDefault(creator + IN_SCHEMA, Map.of())
        .forEach((grantee, bits) -> merged.merge(grantee, bits, (a, b) -> a | b));
    return merged;
  }

  /** The default privileges as kept: by creator, with a suffix for those given in the schema. */
  Map<String, Map<String, Integer>> defaultGrantsByKey() {
    return new TreeMap<>(defaultGrants);
  }

  /** Whether row-level security is enabled on any table. */
  public boolean hasRowSecurity() {
    return !rowSecurity.isEmpty();
  }

  /** Whether row-level security is enabled on {@code table}. */
  public boolean isRowSecurityEnabled(String table) {
    return rowSecurity.contains(table);
  }

  /** The tables with row-level security enabled. */
  public Set<String> rowSecurityTables() {
    return new TreeSet<>(rowSecurity);
  }

  /** The policies of {@code table}, by name. */
  public Collection<RowPolicy> policiesOf(String table) {
    return new TreeMap<>(policies.getOrDefault(table, Map.of())).values();
  }

  /** The tables with policies, by name. */
  public Set<String> tablesWithPolicies() {
    return new TreeSet<>(policies.keySet());
  }

  /**
   * The policies that limit {@code user}'s {@code command} ({@code SELECT}, {@code INSERT}, {@code
   * DELETE}) on {@code table}: null when row security does not apply (it is off, or the user owns
   * the table or is a superuser), else the applicable ones, none meaning no row at all.
   */
  public @Nullable List<RowPolicy> rowPolicies(String user, String table, String command) {
    if (!rowSecurity.contains(table) || isOwner(user, table)) {
      return null;
    }
    Set<String> effective = effectiveRoles(user);
    List<RowPolicy> applicable = new ArrayList<>();
    for (RowPolicy policy : policiesOf(table)) {
      if (!policy.covers(command)) {
        continue;
      }
      boolean applies = policy.roles().isEmpty();
      for (String role : policy.roles()) {
        applies |= effective.contains(role);
      }
      if (applies) {
        applicable.add(policy);
      }
    }
    return applicable;
  }

  /**
   * Fails with 42501 unless {@code user} may bulk-load {@code columns} of {@code table} (COPY,
   * gRPC, HTTP events, a pipeline's batches): INSERT on each column, and no row security limiting
   * its inserts.
   */
  public void checkBulkLoad(String user, String table, Collection<String> columns) {
    checkColumns(user, table, columns, Privilege.INSERT);
    checkBulkInsert(user, table);
  }

  /**
   * Fails with 42501 when row security limits {@code user}'s inserts into {@code table}: bulk loads
   * (COPY, gRPC, HTTP events) are not checked row by row against policies; INSERT is.
   */
  private void checkBulkInsert(String user, String table) {
    if (rowPolicies(user, table, "INSERT") != null) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "table \""
              + table
              + "\" has row-level security: load it with INSERT, whose rows its policies check");
    }
  }

  /** The column privileges granted on {@code table}: by column, by grantee, the bits. */
  public Map<String, Map<String, Integer>> columnGrantsOn(String table) {
    Map<String, Map<String, Integer>> grants = new TreeMap<>();
    columnGrants
        .getOrDefault(table, Map.of())
        .forEach((column, byGrantee) -> grants.put(column, new TreeMap<>(byGrantee)));
    return grants;
  }

  /** The tables with column privileges, by name. */
  public Set<String> tablesWithColumnGrants() {
    return new TreeSet<>(columnGrants.keySet());
  }

  private boolean holds(Map<String, Integer> grants, String user, Privilege privilege) {
    if ((grants.getOrDefault(PUBLIC, 0) & privilege.bit()) != 0) {
      return true;
    }
    for (String role : effectiveRoles(user)) {
      if ((grants.getOrDefault(role, 0) & privilege.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Map<String, Integer>> changeColumnGrants(
      Map<String, Map<String, Integer>> current,
      Collection<String> columns,
      List<String> grantees,
      int bits,
      boolean isGrant) {
    Map<String, Map<String, Integer>> next = new HashMap<>(current);
    for (String column : List.copyOf(columns)) {
      Map<String, Integer> byGrantee = new HashMap<>(next.getOrDefault(column, Map.of()));
      for (String grantee : grantees) {
        int held = byGrantee.getOrDefault(grantee, 0);
        byGrantee.put(grantee, isGrant ? held | bits : held & ~bits);
      }
      next.put(column, byGrantee);
    }
    return next;
  }

  /** Whether {@code user} holds {@code privilege} on {@code table}. */
  public boolean hasTablePrivilege(String user, String table, Privilege privilege) {
    if (isOwner(user, table)) {
      return true;
    }
    Set<String> effective = effectiveRoles(user);
    if (privilege == Privilege.SELECT && effective.contains("pg_read_all_data")
        || (privilege == Privilege.INSERT || privilege == Privilege.DELETE)
            && effective.contains("pg_write_all_data")) {
      return true;
    }
    Map<String, Integer> grants = tableGrants.get(table);
    if (grants == null) {
      return false;
    }
    if ((grants.getOrDefault(PUBLIC, 0) & privilege.bit()) != 0) {
      return true;
    }
    for (String role : effective) {
      if ((grants.getOrDefault(role, 0) & privilege.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code user} holds {@code privilege} on the schema {@code public}: USAGE always (as
   * PostgreSQL grants it to PUBLIC), CREATE when granted (PostgreSQL 15 no longer grants it to
   * PUBLIC).
   */
  public boolean hasSchemaPrivilege(String user, Privilege privilege) {
    if (privilege == Privilege.USAGE || isSuperuser(user)) {
      return true;
    }
    if ((schemaGrants.getOrDefault(PUBLIC, 0) & privilege.bit()) != 0) {
      return true;
    }
    for (String role : effectiveRoles(user)) {
      if ((schemaGrants.getOrDefault(role, 0) & privilege.bit()) != 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails with INSUFFICIENT_PRIVILEGE (42501, PostgreSQL's message) unless {@code user} holds
   * {@code privilege} on {@code table}.
   */
  public void checkTable(String user, String table, Privilege privilege) {
    if (!hasTablePrivilege(user, table, privilege)) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE, "permission denied for table " + table);
    }
  }

  /** Fails with 42501 unless {@code user} owns {@code table} ({@code must be owner of table}). */
  public void checkOwner(String user, String table) {
    if (!isOwner(user, table)) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE, "must be owner of table " + table);
    }
  }

  /** This state without the owner and grants of a table that was dropped. */
  public AccessState withoutTable(String table) {
    if (!owners.containsKey(table)
        && !tableGrants.containsKey(table)
        && !columnGrants.containsKey(table)
        && !rowSecurity.contains(table)
        && !policies.containsKey(table)) {
      return this;
    }
    Set<String> keptSecurity = new HashSet<>(rowSecurity);
    keptSecurity.remove(table);
    Map<String, Map<String, RowPolicy>> keptPolicies = new HashMap<>(policies);
    keptPolicies.remove(table);
    Map<String, String> keptOwners = new HashMap<>(owners);
    keptOwners.remove(table);
    Map<String, Map<String, Integer>> keptGrants = new HashMap<>(tableGrants);
    keptGrants.remove(table);
    Map<String, Map<String, Map<String, Integer>>> keptColumns = new HashMap<>(columnGrants);
    keptColumns.remove(table);
    return with(
        parts -> {
          parts.tableGrants = keptGrants;
          parts.owners = keptOwners;
          parts.columnGrants = keptColumns;
          parts.rowSecurity = keptSecurity;
          parts.policies = keptPolicies;
        });
  }

  /**
   * The state after {@code change}; fails, changing nothing, with PostgreSQL's SQLSTATE: 42710 for
   * a role that exists, 42704 for one that does not, 42939 for a reserved name, 2BP01 for a role
   * that still owns or holds something, 0LP01 for a membership that would make a cycle.
   */
  public AccessState apply(AccessChange change) {
    requireNonNull(change, "change is null");
    if (change instanceof AccessChange.CreateRole create) {
      String name = create.role().name();
      checkNotReserved(name);
      if (roles.containsKey(name)) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_OBJECT, "role \"" + name + "\" already exists");
      }
      Map<String, Role> next = new HashMap<>(roles);
      next.put(name, create.role());
      return with(
          parts -> {
            parts.roles = next;
          });
    }
    if (change instanceof AccessChange.AlterRole alter) {
      checkNotPredefined(alter.name(), "altered");
      Role role = requireRole(alter.name());
      Map<String, Role> next = new HashMap<>(roles);
      next.put(role.name(), role.with(alter.options()));
      return with(
          parts -> {
            parts.roles = next;
          });
    }
    if (change instanceof AccessChange.DropRoles drop) {
      return dropRoles(drop);
    }
    if (change instanceof AccessChange.GrantRoles grant) {
      return grantRoles(grant);
    }
    if (change instanceof AccessChange.GrantOnTables grant) {
      for (String grantee : grant.grantees()) {
        requireGrantee(grantee);
      }
      Map<String, Map<String, Integer>> next = new HashMap<>(tableGrants);
      for (String table : grant.tables()) {
        Map<String, Integer> byGrantee = new HashMap<>(next.getOrDefault(table, Map.of()));
        for (String grantee : grant.grantees()) {
          int bits = byGrantee.getOrDefault(grantee, 0);
          byGrantee.put(grantee, grant.isGrant() ? bits | grant.bits() : bits & ~grant.bits());
        }
        next.put(table, byGrantee);
      }
      // As in PostgreSQL, revoking a privilege on a table revokes it on its columns too.
      Map<String, Map<String, Map<String, Integer>>> columns = new HashMap<>(columnGrants);
      if (!grant.isGrant()) {
        for (String table : grant.tables()) {
          columns.put(
              table,
              changeColumnGrants(
                  columns.getOrDefault(table, Map.of()),
                  columns.getOrDefault(table, Map.of()).keySet(),
                  grant.grantees(),
                  grant.bits(),
                  false));
        }
      }
      return with(
          parts -> {
            parts.tableGrants = next;
            parts.columnGrants = columns;
          });
    }
    if (change instanceof AccessChange.GrantOnColumns grant) {
      for (String grantee : grant.grantees()) {
        requireGrantee(grantee);
      }
      Map<String, Map<String, Map<String, Integer>>> columns = new HashMap<>(columnGrants);
      columns.put(
          grant.table(),
          changeColumnGrants(
              columns.getOrDefault(grant.table(), Map.of()),
              grant.columns(),
              grant.grantees(),
              grant.bits(),
              grant.isGrant()));
      return with(
          parts -> {
            parts.columnGrants = columns;
          });
    }
    if (change instanceof AccessChange.GrantOnSchema grant) {
      Map<String, Integer> next = new HashMap<>(schemaGrants);
      for (String grantee : grant.grantees()) {
        requireGrantee(grantee);
        int bits = next.getOrDefault(grantee, 0);
        next.put(grantee, grant.isGrant() ? bits | grant.bits() : bits & ~grant.bits());
      }
      return with(
          parts -> {
            parts.schemaGrants = next;
          });
    }
    if (change instanceof AccessChange.CreateToken create) {
      ApiToken token = create.token();
      if (tokens.containsKey(token.name())) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_OBJECT, "token \"" + token.name() + "\" already exists");
      }
      checkNotPredefined(token.role(), "given a token");
      requireRole(token.role());
      Map<String, ApiToken> next = new HashMap<>(tokens);
      next.put(token.name(), token);
      return with(
          parts -> {
            parts.tokens = next;
          });
    }
    if (change instanceof AccessChange.DropToken drop) {
      if (!tokens.containsKey(drop.name())) {
        if (drop.ifExists()) {
          return this;
        }
        throw new AuroraException(
            ErrorCode.UNDEFINED_OBJECT, "token \"" + drop.name() + "\" does not exist");
      }
      Map<String, ApiToken> next = new HashMap<>(tokens);
      next.remove(drop.name());
      return with(
          parts -> {
            parts.tokens = next;
          });
    }
    if (change instanceof AccessChange.DefaultPrivileges defaults) {
      for (String grantee : defaults.grantees()) {
        requireGrantee(grantee);
      }
      String key = defaults.inSchema() ? defaults.creator() + IN_SCHEMA : defaults.creator();
      Map<String, Integer> byGrantee = new HashMap<>(defaultGrants.getOrDefault(key, Map.of()));
      for (String grantee : defaults.grantees()) {
        int bits = byGrantee.getOrDefault(grantee, 0);
        byGrantee.put(
            grantee, defaults.isGrant() ? bits | defaults.bits() : bits & ~defaults.bits());
      }
      Map<String, Map<String, Integer>> next = new HashMap<>(defaultGrants);
      next.put(key, byGrantee);
      return with(
          parts -> {
            parts.defaultGrants = next;
          });
    }
    if (change instanceof AccessChange.SetRowSecurity security) {
      Set<String> next = new HashSet<>(rowSecurity);
      if (security.isEnabled()) {
        next.add(security.table());
      } else {
        next.remove(security.table());
      }
      return with(
          parts -> {
            parts.rowSecurity = next;
          });
    }
    if (change instanceof AccessChange.CreatePolicy create) {
      RowPolicy policy = create.policy();
      Map<String, RowPolicy> byName =
          new HashMap<>(policies.getOrDefault(policy.table(), Map.of()));
      if (byName.containsKey(policy.name())) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_OBJECT,
            "policy \"" + policy.name() + "\" for table \"" + policy.table() + "\" already exists");
      }
      for (String role : policy.roles()) {
        requireRole(role);
      }
      byName.put(policy.name(), policy);
      Map<String, Map<String, RowPolicy>> next = new HashMap<>(policies);
      next.put(policy.table(), byName);
      return with(
          parts -> {
            parts.policies = next;
          });
    }
    if (change instanceof AccessChange.DropPolicy drop) {
      Map<String, RowPolicy> byName = new HashMap<>(policies.getOrDefault(drop.table(), Map.of()));
      if (byName.remove(drop.name()) == null) {
        if (drop.ifExists()) {
          return this;
        }
        throw new AuroraException(
            ErrorCode.UNDEFINED_OBJECT,
            "policy \"" + drop.name() + "\" for table \"" + drop.table() + "\" does not exist");
      }
      Map<String, Map<String, RowPolicy>> next = new HashMap<>(policies);
      next.put(drop.table(), byName);
      return with(
          parts -> {
            parts.policies = next;
          });
    }
    AccessChange.SetOwner owner = (AccessChange.SetOwner) change;
    checkNotPredefined(owner.owner(), "made an owner");
    requireRole(owner.owner());
    Map<String, String> next = new HashMap<>(owners);
    next.put(owner.table(), owner.owner());
    return with(
        parts -> {
          parts.owners = next;
        });
  }

  private AccessState dropRoles(AccessChange.DropRoles drop) {
    Set<String> dropped = new HashSet<>();
    for (String name : drop.names()) {
      checkNotPredefined(name, "dropped");
      if (!roles.containsKey(name)) {
        if (drop.ifExists()) {
          continue;
        }
        throw undefinedRole(name);
      }
      List<String> depending = dependencies(name);
      if (!depending.isEmpty()) {
        throw new AuroraException(
            ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST,
            "role \""
                + name
                + "\" cannot be dropped because some objects depend on it: "
                + String.join(", ", depending)
                + " (REVOKE them and ALTER TABLE ... OWNER TO another role first)");
      }
      dropped.add(name);
    }
    if (dropped.isEmpty()) {
      return this;
    }
    Map<String, Role> nextRoles = new HashMap<>(roles);
    nextRoles.keySet().removeAll(dropped);
    Map<String, Set<String>> nextMembers = new HashMap<>();
    memberOf.forEach(
        (member, granted) -> {
          if (!dropped.contains(member)) {
            Set<String> kept = new HashSet<>(granted);
            kept.removeAll(dropped);
            nextMembers.put(member, kept);
          }
        });
    Map<String, ApiToken> nextTokens = new HashMap<>(tokens);
    nextTokens.values().removeIf(token -> dropped.contains(token.role()));
    return with(
        parts -> {
          parts.roles = nextRoles;
          parts.memberOf = nextMembers;
          parts.tokens = nextTokens;
        });
  }

  /** What keeps a role from being dropped, in PostgreSQL's words. */
  private List<String> dependencies(String role) {
    Set<String> found = new TreeSet<>();
    owners.forEach(
        (table, owner) -> {
          if (owner.equals(role)) {
            found.add("owner of table " + table);
          }
        });
    tableGrants.forEach(
        (table, grants) -> {
          if (grants.containsKey(role)) {
            found.add("privileges for table " + table);
          }
        });
    if (schemaGrants.containsKey(role)) {
      found.add("privileges for schema public");
    }
    defaultGrants.forEach(
        (key, byGrantee) -> {
          String creator = key.endsWith(IN_SCHEMA) ? key.substring(0, key.length() - 7) : key;
          if (creator.equals(role) || byGrantee.containsKey(role)) {
            found.add("default privileges of role " + creator);
          }
        });
    policies.forEach(
        (table, byName) ->
            byName.forEach(
                (name, policy) -> {
                  if (policy.roles().contains(role)) {
                    found.add("target of policy " + name + " on table " + table);
                  }
                }));
    columnGrants.forEach(
        (table, columns) ->
            columns.forEach(
                (column, grants) -> {
                  if (grants.containsKey(role)) {
                    found.add("privileges for column " + column + " of table " + table);
                  }
                }));
    return List.copyOf(found);
  }

  private AccessState grantRoles(AccessChange.GrantRoles grant) {
    for (String role : grant.roles()) {
      requireRole(role);
    }
    for (String member : grant.members()) {
      checkNotPredefined(member, "made a member of another role");
      requireRole(member);
    }
    Map<String, Set<String>> next = new HashMap<>();
    memberOf.forEach((member, granted) -> next.put(member, new HashSet<>(granted)));
    for (String member : grant.members()) {
      for (String role : grant.roles()) {
        if (!grant.isGrant()) {
          next.getOrDefault(member, new HashSet<>()).remove(role);
          continue;
        }
        if (member.equals(role) || reachable(next, role, member)) {
          throw new AuroraException(
              ErrorCode.INVALID_GRANT_OPERATION,
              "role \"" + member + "\" is a member of role \"" + role + "\"");
        }
        next.computeIfAbsent(member, key -> new HashSet<>()).add(role);
      }
    }
    return with(
        parts -> {
          parts.memberOf = next;
        });
  }

  /** Whether {@code to} is {@code from} or a role {@code from} is a member of, transitively. */
  private static boolean reachable(Map<String, Set<String>> memberOf, String from, String to) {
    Deque<String> pending = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>(pending);
    while (!pending.isEmpty()) {
      String role = pending.poll();
      if (role.equals(to)) {
        return true;
      }
      for (String granted : memberOf.getOrDefault(role, Set.of())) {
        if (seen.add(granted)) {
          pending.add(granted);
        }
      }
    }
    return false;
  }

  /** Whether {@code user} is a superuser or a member of a predefined role, such as those above. */
  public boolean hasPrivilegesOf(String user, String predefinedRole) {
    return isSuperuser(user) || effectiveRoles(user).contains(predefinedRole);
  }

  private static void checkNotPredefined(String name, String what) {
    if (PREDEFINED_ROLES.contains(name)) {
      throw new AuroraException(
          ErrorCode.RESERVED_NAME, "role \"" + name + "\" is predefined and cannot be " + what);
    }
  }

  private Role requireRole(String name) {
    if (PREDEFINED_ROLES.contains(name)) {
      return Role.of(name);
    }
    Role role = roles.get(name);
    if (role == null) {
      throw undefinedRole(name);
    }
    return role;
  }

  private void requireGrantee(String grantee) {
    if (!grantee.equals(PUBLIC)) {
      requireRole(grantee);
    }
  }

  /** Fails with RESERVED_NAME (42939) for the names PostgreSQL reserves for roles. */
  public static void checkNotReserved(String name) {
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT)) || name.startsWith("pg_")) {
      throw new AuroraException(
          ErrorCode.RESERVED_NAME,
          name.startsWith("pg_")
              ? "role name \"" + name + "\" is reserved: the prefix \"pg_\" is for system roles"
              : "role name \"" + name + "\" is reserved");
    }
  }

  private static AuroraException undefinedRole(String name) {
    return new AuroraException(ErrorCode.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
  }

  // Package-private views of the maps for the codec.
  Map<String, Set<String>> memberships() {
    return memberOf;
  }

  Map<String, Map<String, Integer>> tableGrants() {
    return tableGrants;
  }

  Map<String, String> owners() {
    return owners;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessState that
        && roles.equals(that.roles)
        && memberOf.equals(that.memberOf)
        && tableGrants.equals(that.tableGrants)
        && owners.equals(that.owners)
        && schemaGrants.equals(that.schemaGrants)
        && tokens.equals(that.tokens)
        && columnGrants.equals(that.columnGrants)
        && rowSecurity.equals(that.rowSecurity)
        && policies.equals(that.policies)
        && defaultGrants.equals(that.defaultGrants);
  }

  @Override
  public int hashCode() {
    return roles.hashCode() * 31 + tableGrants.hashCode();
  }

  @Override
  public String toString() {
    return "AccessState[roles=" + roles.size() + ", tables=" + tablesWithAccess().size() + "]";
  }
}
