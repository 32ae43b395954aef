package io.aurora.sql.system;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.Role;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.EngineActivity;
import io.aurora.sql.catalog.RunningQuery;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The system schemas of one statement: {@code pg_catalog} and {@code information_schema} over a
 * snapshot of the catalog's tables, which all live in schema {@code public}, and Aurora's {@code
 * system} with the cluster's nodes and shard replicas ({@link ClusterSchema}).
 *
 * <p>Oids: the schemas have PostgreSQL's ({@code pg_catalog} 11, {@code public} 2200) or a fixed
 * one ({@code information_schema} 13000); types have PostgreSQL's ({@link SystemTypes}). A user
 * table's oid is {@code 16384 + (hash of its name mod 2^30)}, so it stays the same across
 * statements, restarts and nodes while the table exists; when two current names collide, the one
 * later in alphabetical order takes the next free oid. System tables have {@code 12000 +} their
 * position in {@code pg_catalog} and {@code 13001 +} their position in {@code information_schema}.
 */
public final class SystemSchemas {
  public static final String PUBLIC = "public";
  public static final String PG_CATALOG = "pg_catalog";
  public static final String INFORMATION_SCHEMA = "information_schema";
  public static final String SYSTEM = "system";
  public static final String DATABASE = "aurora";
  public static final String USER = "aurora";

  /**
   * The catalog's name of the table behind {@code system.query_log}, which the node's query log
   * writes finished statements to.
   */
  public static final String QUERY_LOG_TABLE = Catalog.INTERNAL_PREFIX + "query_log";

  static final int PG_CATALOG_OID = 11;
  static final int PUBLIC_OID = 2200;
  static final int INFORMATION_SCHEMA_OID = 13000;
  static final int OWNER_OID = 10;
  static final int DATABASE_OID = 5;

  private static final int FIRST_USER_OID = 16384;
  private static final int FIRST_ROLE_OID = 3000;

  private final List<Table> userTables;
  private final List<ViewDefinition> userViews;
  private final List<UserRelation> userRelations;
  private final Map<String, Integer> userOids;
  private final Map<String, Table> pgCatalog;
  private final Map<String, Table> informationSchema;
  private final Map<String, Table> cluster;
  private final SessionDirectory sessions;
  private final EngineActivity activity;
  private final AccessState access;
  private final Map<String, Integer> roleOids;

  private SystemSchemas(Catalog catalog, SessionDirectory sessions, EngineActivity activity) {
    this.sessions = sessions;
    this.activity = activity;
    this.access = catalog.access();
    this.roleOids = assignRoleOids(access);
    List<Table> tables = new ArrayList<>();
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        tables.add(table);
      }
    }
    this.userTables = List.copyOf(tables);
    this.userViews = List.copyOf(catalog.views());
    List<UserRelation> relations = new ArrayList<>();
    for (Table table : userTables) {
      relations.add(
          new UserRelation(table.name(), table.schema().columns(), table.rowCount(), null));
    }
    for (ViewDefinition view : userViews) {
      relations.add(new UserRelation(view.name(), view.columns(), 0, view.query()));
    }
    this.userRelations = List.copyOf(relations);
    this.userOids = assignOids(userRelations);
    this.pgCatalog = PgCatalog.tables(this);
    this.informationSchema = InformationSchema.tables(this);
    Map<String, Table> system = new LinkedHashMap<>(ClusterSchema.tables(catalog));
    system.putAll(StorageTables.tables(catalog));
    Table queryLog = catalog.table(QUERY_LOG_TABLE);
    if (queryLog != null) {
      system.put("query_log", queryLog);
    }
    system.put(
        "queries",
        SystemTable.live(
            "queries",
            "query_id int8, query text, protocol text, pid int4, user_name text,"
                + " client_addr text, query_start timestamp, elapsed_ms float8, rows_read int8,"
                + " bytes_read int8, memory_bytes int8, peak_memory_bytes int8",
            () -> queryRows(activity.runningQueries())));
    this.cluster = system;
  }

  /** The system schemas over the catalog's tables as they are now. */
  public static SystemSchemas of(Catalog catalog) {
    return of(catalog, SessionDirectory.NONE, EngineActivity.NONE);
  }

  /**
   * The system schemas over the catalog's tables, this node's client sessions ({@code
   * pg_stat_activity}) and the statements its engine runs ({@code system.queries}).
   */
  public static SystemSchemas of(
      Catalog catalog, SessionDirectory sessions, EngineActivity activity) {
    return new SystemSchemas(
        requireNonNull(catalog, "catalog is null"),
        requireNonNull(sessions, "sessions is null"),
        requireNonNull(activity, "activity is null"));
  }

  private static List<@Nullable Object[]> queryRows(List<RunningQuery> queries) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (RunningQuery query : queries) {
      rows.add(
          PgCatalog.row(
              query.queryId(),
              query.query(),
              query.protocol(),
              query.pid(),
              query.user(),
              query.clientAddress(),
              query.startMicros(),
              query.elapsedNanos() / 1e6,
              query.rowsRead(),
              query.bytesRead(),
              query.memoryBytes(),
              query.peakMemoryBytes()));
    }
    return rows;
  }

  /** Roles, privileges and owners as of this statement. */
  public AccessState access() {
    return access;
  }

  /**
   * The roles {@code pg_roles} lists, by name, with their oids: the bootstrap user {@value #USER}
   * (10, as PostgreSQL's bootstrap superuser), then the catalog's roles and the predefined roles.
   */
  public Map<String, Integer> roleOids() {
    return roleOids;
  }

  /** The names of {@link #roleOids()} by oid. */
  public Map<Integer, String> roleNames() {
    Map<Integer, String> names = new LinkedHashMap<>();
    roleOids.forEach((name, oid) -> names.put(oid, name));
    return names;
  }

  /** The owner a catalog shows for a table: its owning role, or the bootstrap user. */
  public String ownerOf(String table) {
    String owner = access.owner(table);
    return owner == null ? USER : owner;
  }

  /**
   * A table's privileges as PostgreSQL's {@code relacl} text ({@code
   * {grantee=letters/grantor,...}}, PUBLIC as an empty grantee, the owner as grantor), or null when
   * nothing was granted.
   */
  public @Nullable String aclOf(String table) {
    Map<String, Integer> grants = access.grantsOn(table);
    if (grants.isEmpty()) {
      return null;
    }
    String owner = ownerOf(table);
    StringBuilder acl = new StringBuilder("{");
    acl.append(owner).append('=').append(Privilege.letters(Privilege.allTableBits()));
    acl.append('/').append(owner);
    grants.forEach(
        (grantee, bits) ->
            acl.append(',')
                .append(grantee.equals(AccessState.PUBLIC) ? "" : grantee)
                .append('=')
                .append(Privilege.letters(bits))
                .append('/')
                .append(owner));
    return acl.append('}').toString();
  }

  /** The user of the calling thread's session, or the bootstrap user outside one. */
  public static String sessionUser() {
    CurrentSession.Client client = CurrentSession.client();
    return client == null ? USER : client.user();
  }

  private static Map<String, Integer> assignRoleOids(AccessState access) {
    Map<String, Integer> oids = new LinkedHashMap<>();
    oids.put(USER, OWNER_OID);
    Set<String> names = new java.util.TreeSet<>(AccessState.PREDEFINED_ROLES);
    for (Role role : access.roles()) {
      names.add(role.name());
    }
    int next = FIRST_ROLE_OID;
    for (String name : names) {
      oids.putIfAbsent(name, next++);
    }
    return oids;
  }

  /** What this node's engine runs and did ({@code system.queries}, {@code pg_stat_user_tables}). */
  EngineActivity activity() {
    return activity;
  }

  /** This node's client sessions ({@code pg_stat_activity}). */
  public SessionDirectory sessions() {
    return sessions;
  }

  private static Map<String, Integer> assignOids(List<UserRelation> tables) {
    Map<String, Integer> oids = new LinkedHashMap<>();
    Set<Integer> used = new HashSet<>();
    for (UserRelation table : tables) {
      int oid = FIRST_USER_OID + Math.floorMod(table.name().hashCode(), 1 << 30);
      while (!used.add(oid)) {
        oid = oid == Integer.MAX_VALUE ? FIRST_USER_OID : oid + 1;
      }
      oids.put(table.name(), oid);
    }
    return oids;
  }

  /** The server setting's value as {@code pg_settings} shows it (name ignoring case), or null. */
  public static @Nullable String setting(String name) {
    for (String[] setting : PgCatalog.SETTINGS) {
      if (setting[0].equalsIgnoreCase(name)) {
        return setting[1];
      }
    }
    return null;
  }

  /** Whether {@code table} is one of the system schemas' tables, computed in memory. */
  public static boolean isSystemTable(Table table) {
    return table instanceof SystemTable || Catalog.isInternal(table.name());
  }

  /** The tables of {@code pg_catalog}, by name. */
  public Map<String, Table> pgCatalog() {
    return pgCatalog;
  }

  /** The tables of {@code information_schema}, by name. */
  public Map<String, Table> informationSchema() {
    return informationSchema;
  }

  /** The tables of schema {@code system} ({@code nodes}, {@code shards}), by name. */
  public Map<String, Table> cluster() {
    return cluster;
  }

  /**
   * A user table or view as the catalogs show it: its columns, its rows (0 for a view), and for a
   * view its query.
   */
  record UserRelation(
      String name, List<ColumnSchema> columns, long rowCount, @Nullable String viewQuery) {
    boolean isView() {
      return viewQuery != null;
    }
  }

  List<Table> userTables() {
    return userTables;
  }

  /** The user tables, then the views. */
  List<UserRelation> userRelations() {
    return userRelations;
  }

  /** The oids of the user tables and views, by name. */
  public Map<String, Integer> userOidsByName() {
    return userOids;
  }

  int userOid(String name) {
    return requireNonNull(userOids.get(name), "oid");
  }

  /**
   * Every user table's oid and the bytes its segment files take on this node, for {@code
   * pg_total_relation_size} and {@code pg_database_size}.
   */
  public Map<Integer, Long> relationSizes() {
    Map<Integer, Long> sizes = new LinkedHashMap<>();
    for (Table table : userTables) {
      long bytes = 0;
      for (List<SegmentStatistics> shard : table.localSegments().values()) {
        for (SegmentStatistics segment : shard) {
          if (segment.isSealed()) {
            bytes += segment.bytes();
          }
        }
      }
      sizes.put(userOid(table.name()), bytes);
    }
    return sizes;
  }

  /** Every view's oid and query, for {@code pg_get_viewdef(oid)}. */
  public Map<Integer, String> viewQueries() {
    Map<Integer, String> queries = new LinkedHashMap<>();
    for (ViewDefinition view : userViews) {
      queries.put(userOid(view.name()), view.query());
    }
    return queries;
  }

  /**
   * The oid of a relation named as {@code ::regclass} names it: {@code name}, {@code schema.name},
   * either part possibly double-quoted; null when there is none.
   */
  public @Nullable Integer relationOid(String name) {
    List<String> parts = RelationNames.split(name);
    String table = parts.get(parts.size() - 1);
    String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
    if (schema == null || schema.equals(PUBLIC)) {
      Integer oid = userOids.get(table);
      if (oid != null || schema != null) {
        return oid;
      }
    }
    if (schema == null || schema.equals(PG_CATALOG)) {
      Integer oid = PgCatalog.systemOid(pgCatalog, table, PgCatalog.FIRST_OID);
      if (oid != null || schema != null) {
        return oid;
      }
    }
    return PgCatalog.systemOid(informationSchema, table, InformationSchema.FIRST_OID);
  }

  /** The oid of schema {@code name}, or null. */
  public @Nullable Integer namespaceOid(String name) {
    List<String> parts = RelationNames.split(name);
    return namespaceNames().entrySet().stream()
        .filter(entry -> entry.getValue().equals(parts.get(0)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
  }

  /**
   * The oids of {@code information_schema}'s relations: from the first (inclusive) to the second
   * (exclusive).
   */
  public int[] informationSchemaOids() {
    return new int[] {
      InformationSchema.FIRST_OID, InformationSchema.FIRST_OID + informationSchema.size()
    };
  }

  /** Every schema's oid and name. */
  public Map<Integer, String> namespaceNames() {
    return Map.of(
        PG_CATALOG_OID, PG_CATALOG, PUBLIC_OID, PUBLIC, INFORMATION_SCHEMA_OID, INFORMATION_SCHEMA);
  }

  /** Every relation's oid and its name, as {@code regclass} prints it. */
  public Map<Integer, String> relationNames() {
    Map<Integer, String> names = new LinkedHashMap<>();
    userOids.forEach((name, oid) -> names.put(oid, name));
    int i = 0;
    for (String name : pgCatalog.keySet()) {
      names.put(PgCatalog.FIRST_OID + i++, name);
    }
    i = 0;
    for (String name : informationSchema.keySet()) {
      names.put(InformationSchema.FIRST_OID + i++, INFORMATION_SCHEMA + "." + name);
    }
    return names;
  }
}
