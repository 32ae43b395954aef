package io.aurora.sql.system;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Role;
import io.aurora.sql.access.RowPolicy;
import io.aurora.sql.catalog.SessionActivity;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableActivity;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.type.ColumnSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tables of {@code pg_catalog}, with PostgreSQL 15's column names. Columns of types Aurora has
 * no counterpart for are declared with the closest one: {@code oid} and {@code regproc} as INTEGER
 * or text, {@code name} and {@code "char"} as text, arrays ({@code relacl}, {@code indkey}) as text
 * that is always NULL or empty. Catalogs of features Aurora does not have (inheritance, policies,
 * triggers, publications, rules, extended statistics, enums, materialized views, comments) are
 * empty tables that clients may join with.
 */
final class PgCatalog {
  static final int FIRST_OID = 12000;
  private static final int FIRST_MEMBERSHIP_OID = 4000;
  private static final int FIRST_POLICY_OID = 5000;

  private static final String CLASS_COLUMNS =
      "oid oid, relname text, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid,"
          + " relfilenode oid, reltablespace oid, relpages int4, reltuples float4,"
          + " relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool,"
          + " relpersistence text, relkind text, relnatts int2, relchecks int2, relhasrules bool,"
          + " relhastriggers bool, relhassubclass bool, relrowsecurity bool,"
          + " relforcerowsecurity bool, relispopulated bool, relreplident text,"
          + " relispartition bool, relrewrite oid, relfrozenxid int4, relminmxid int4, relacl text,"
          + " reloptions text, relpartbound text";

  private static final String ATTRIBUTE_COLUMNS =
      "attrelid oid, attname text, atttypid oid, attstattarget int4, attlen int2, attnum int2,"
          + " attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign text,"
          + " attstorage text, attcompression text, attnotnull bool, atthasdef bool,"
          + " atthasmissing bool, attidentity text, attgenerated text, attisdropped bool,"
          + " attislocal bool, attinhcount int4, attcollation oid, attacl text, attoptions text,"
          + " attfdwoptions text, attmissingval text";

  private static final String TYPE_COLUMNS =
      "oid oid, typname text, typnamespace oid, typowner oid, typlen int2, typbyval bool,"
          + " typtype text, typcategory text, typispreferred bool, typisdefined bool,"
          + " typdelim text, typrelid oid, typsubscript text, typelem oid, typarray oid,"
          + " typinput text, typoutput text, typreceive text, typsend text, typmodin text,"
          + " typmodout text, typanalyze text, typalign text, typstorage text, typnotnull bool,"
          + " typbasetype oid, typtypmod int4, typndims int4, typcollation oid,"
          + " typdefaultbin text, typdefault text, typacl text";

  /** The settings {@code pg_settings} shows, with their values; the session may override some. */
  static final String[][] SETTINGS = {
    {"server_version", "16.0"},
    {"server_version_num", "160000"},
    {"server_encoding", "UTF8"},
    {"client_encoding", "UTF8"},
    {"DateStyle", "ISO, MDY"},
    {"TimeZone", "UTC"},
    {"integer_datetimes", "on"},
    {"standard_conforming_strings", "on"},
    {"max_identifier_length", "63"},
    {"max_index_keys", "32"},
    {"search_path", "\"$user\", public"},
    {"default_transaction_isolation", "read committed"},
    {"transaction_isolation", "read committed"}
  };

  private PgCatalog() {}

  static Map<String, Table> tables(SystemSchemas schemas) {
    List<SystemTable> tables = new ArrayList<>();
    tables.add(
        SystemTable.of(
            "pg_namespace",
            "oid oid, nspname text, nspowner oid, nspacl text",
            () ->
                List.<@Nullable Object[]>of(
                    row(SystemSchemas.PG_CATALOG_OID, SystemSchemas.PG_CATALOG, 10, null),
                    row(SystemSchemas.PUBLIC_OID, SystemSchemas.PUBLIC, 10, null),
                    row(
                        SystemSchemas.INFORMATION_SCHEMA_OID,
                        SystemSchemas.INFORMATION_SCHEMA,
                        10,
                        null))));
    tables.add(SystemTable.of("pg_class", CLASS_COLUMNS, () -> classRows(schemas)));
    tables.add(SystemTable.of("pg_attribute", ATTRIBUTE_COLUMNS, () -> attributeRows(schemas)));
    tables.add(SystemTable.of("pg_type", TYPE_COLUMNS, PgCatalog::typeRows));
    tables.add(
        SystemTable.of(
            "pg_database",
            "oid oid, datname text, datdba oid, encoding int4, datlocprovider text,"
                + " datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid int4,"
                + " datminmxid int4, dattablespace oid, datcollate text, datctype text,"
                + " daticulocale text, datcollversion text, datacl text",
            () ->
                List.<@Nullable Object[]>of(
                    row(
                        SystemSchemas.DATABASE_OID,
                        SystemSchemas.DATABASE,
                        SystemSchemas.OWNER_OID,
                        6,
                        "c",
                        false,
                        true,
                        -1,
                        0,
                        1,
                        1663,
                        "C.UTF-8",
                        "C.UTF-8",
                        null,
                        null,
                        null))));
    tables.add(
        SystemTable.of(
            "pg_stat_activity",
            "datid oid, datname text, pid int4, leader_pid int4, usesysid oid, usename text,"
                + " application_name text, client_addr text, client_hostname text,"
                + " client_port int4, backend_start timestamp, xact_start timestamp,"
                + " query_start timestamp, state_change timestamp, wait_event_type text,"
                + " wait_event text, state text, backend_xid text, backend_xmin text,"
                + " query_id int8, query text, backend_type text",
            () -> activityRows(schemas)));
    String tableStatistics =
        "relid oid, schemaname text, relname text, seq_scan int8, last_seq_scan timestamp,"
            + " seq_tup_read int8, idx_scan int8, last_idx_scan timestamp, idx_tup_fetch int8,"
            + " n_tup_ins int8, n_tup_upd int8, n_tup_del int8, n_tup_hot_upd int8,"
            + " n_tup_newpage_upd int8, n_live_tup int8, n_dead_tup int8,"
            + " n_mod_since_analyze int8, n_ins_since_vacuum int8, last_vacuum timestamp,"
            + " last_autovacuum timestamp, last_analyze timestamp, last_autoanalyze timestamp,"
            + " vacuum_count int8, autovacuum_count int8, analyze_count int8,"
            + " autoanalyze_count int8";
    tables.add(
        SystemTable.of("pg_stat_user_tables", tableStatistics, () -> tableStatisticsRows(schemas)));
    tables.add(
        SystemTable.of("pg_stat_all_tables", tableStatistics, () -> tableStatisticsRows(schemas)));
    tables.add(
        SystemTable.of(
            "pg_settings",
            "name text, setting text, unit text, category text, short_desc text,"
                + " extra_desc text, context text, vartype text, source text, min_val text,"
                + " max_val text, enumvals text, boot_val text, reset_val text,"
                + " sourcefile text, sourceline int4, pending_restart bool",
            PgCatalog::settingRows));
    tables.add(
        SystemTable.empty(
            "pg_index",
            "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,"
                + " indnullsnotdistinct bool, indisprimary bool, indisexclusion bool,"
                + " indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool,"
                + " indisready bool, indislive bool, indisreplident bool, indkey text,"
                + " indcollation text, indclass text, indoption text, indexprs text,"
                + " indpred text"));
    tables.add(
        SystemTable.empty(
            "pg_description", "objoid oid, classoid oid, objsubid int4, description text"));
    tables.add(SystemTable.empty("pg_attrdef", "oid oid, adrelid oid, adnum int2, adbin text"));
    tables.add(
        SystemTable.empty(
            "pg_constraint",
            "oid oid, conname text, connamespace oid, contype text, condeferrable bool,"
                + " condeferred bool, convalidated bool, conrelid oid, contypid oid,"
                + " conindid oid, conparentid oid, confrelid oid, confupdtype text,"
                + " confdeltype text, confmatchtype text, conislocal bool, coninhcount int4,"
                + " connoinherit bool, conkey text, confkey text, conpfeqop text,"
                + " conppeqop text, conffeqop text, confdelsetcols text, conexclop text,"
                + " conbin text"));
    tables.add(
        SystemTable.of(
            "pg_am",
            "oid oid, amname text, amhandler text, amtype text",
            () ->
                List.<@Nullable Object[]>of(
                    row(2, "heap", "heap_tableam_handler", "t"),
                    row(403, "btree", "bthandler", "i"))));
    tables.add(
        SystemTable.of(
            "pg_roles",
            "rolname text, rolsuper bool, rolinherit bool, rolcreaterole bool,"
                + " rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolconnlimit int4,"
                + " rolpassword text, rolvaliduntil timestamp, rolbypassrls bool,"
                + " rolconfig text, oid oid",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              schemas
                  .roleOids()
                  .forEach(
                      (name, oid) -> {
                        Role role = roleOf(schemas, name);
                        rows.add(
                            row(
                                name,
                                role.isSuperuser(),
                                role.inherits(),
                                role.canCreateRole(),
                                role.canCreateDb(),
                                role.canLogin(),
                                false,
                                -1,
                                "********",
                                role.validUntilMicros() == 0 ? null : role.validUntilMicros(),
                                false,
                                null,
                                oid));
                      });
              return rows;
            }));
    tables.add(
        SystemTable.of(
            "pg_user",
            "usename text, usesysid oid, usecreatedb bool, usesuper bool, userepl bool,"
                + " usebypassrls bool, passwd text, valuntil timestamp, useconfig text",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              schemas
                  .roleOids()
                  .forEach(
                      (name, oid) -> {
                        Role role = roleOf(schemas, name);
                        if (role.canLogin()) {
                          rows.add(
                              row(
                                  name,
                                  oid,
                                  role.canCreateDb(),
                                  role.isSuperuser(),
                                  false,
                                  false,
                                  "********",
                                  role.validUntilMicros() == 0 ? null : role.validUntilMicros(),
                                  null));
                        }
                      });
              return rows;
            }));
    tables.add(
        SystemTable.of(
            "pg_auth_members",
            "oid oid, roleid oid, member oid, grantor oid, admin_option bool,"
                + " inherit_option bool, set_option bool",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              Map<String, Integer> oids = schemas.roleOids();
              int next = 0;
              for (Map.Entry<String, Integer> member : oids.entrySet()) {
                for (String granted : schemas.access().memberOf(member.getKey())) {
                  Integer roleOid = oids.get(granted);
                  if (roleOid != null) {
                    rows.add(
                        row(
                            FIRST_MEMBERSHIP_OID + next++,
                            roleOid,
                            member.getValue(),
                            SystemSchemas.OWNER_OID,
                            false,
                            roleOf(schemas, member.getKey()).inherits(),
                            true));
                  }
                }
              }
              return rows;
            }));
    tables.add(
        SystemTable.of(
            "pg_tables",
            "schemaname text, tablename text, tableowner text, tablespace text,"
                + " hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              for (Table table : schemas.userTables()) {
                rows.add(
                    row(
                        SystemSchemas.PUBLIC,
                        table.name(),
                        schemas.ownerOf(table.name()),
                        null,
                        false,
                        false,
                        false,
                        schemas.access().isRowSecurityEnabled(table.name())));
              }
              return rows;
            }));
    tables.add(
        SystemTable.of(
            "pg_views",
            "schemaname text, viewname text, viewowner text, definition text",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              for (SystemSchemas.UserRelation relation : schemas.userRelations()) {
                if (relation.isView()) {
                  rows.add(
                      row(
                          SystemSchemas.PUBLIC,
                          relation.name(),
                          SystemSchemas.USER,
                          relation.viewQuery()));
                }
              }
              return rows;
            }));
    tables.add(
        SystemTable.of(
            "pg_tablespace",
            "oid oid, spcname text, spcowner oid, spcacl text, spcoptions text",
            () ->
                List.<@Nullable Object[]>of(
                    row(1663, "pg_default", SystemSchemas.OWNER_OID, null, null),
                    row(1664, "pg_global", SystemSchemas.OWNER_OID, null, null))));
    tables.add(
        SystemTable.empty(
            "pg_proc",
            "oid oid, proname text, pronamespace oid, proowner oid, prolang oid,"
                + " procost float4, prorows float4, provariadic oid, prosupport text,"
                + " prokind text, prosecdef bool, proleakproof bool, proisstrict bool,"
                + " proretset bool, provolatile text, proparallel text, pronargs int2,"
                + " pronargdefaults int2, prorettype oid, proargtypes text,"
                + " proallargtypes text, proargmodes text, proargnames text,"
                + " proargdefaults text, protrftypes text, prosrc text, probin text,"
                + " prosqlbody text, proconfig text, proacl text"));
    tables.add(
        SystemTable.empty(
            "pg_inherits", "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool"));
    tables.add(
        SystemTable.empty(
            "pg_enum", "oid oid, enumtypid oid, enumsortorder float4, enumlabel text"));
    tables.add(
        SystemTable.of(
            "pg_policy",
            "oid oid, polname text, polrelid oid, polcmd text, polpermissive bool,"
                + " polroles text, polqual text, polwithcheck text",
            () -> {
              // polroles lists role names ({} for PUBLIC) and polqual/polwithcheck the conditions
              // as written, where PostgreSQL keeps oids and expression trees.
              List<@Nullable Object[]> rows = new ArrayList<>();
              int next = 0;
              for (String table : schemas.access().tablesWithPolicies()) {
                Integer relation = schemas.userOidsByName().get(table);
                for (RowPolicy policy : schemas.access().policiesOf(table)) {
                  rows.add(
                      row(
                          FIRST_POLICY_OID + next++,
                          policy.name(),
                          relation,
                          switch (policy.command()) {
                            case "SELECT" -> "r";
                            case "INSERT" -> "a";
                            case "DELETE" -> "d";
                            default -> "*";
                          },
                          true,
                          "{" + String.join(",", policy.roles()) + "}",
                          policy.using(),
                          policy.withCheck()));
                }
              }
              return rows;
            }));
    tables.add(
        SystemTable.empty(
            "pg_trigger",
            "oid oid, tgrelid oid, tgparentid oid, tgname text, tgfoid oid, tgtype int2,"
                + " tgenabled text, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid,"
                + " tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2,"
                + " tgattr text, tgargs text, tgqual text, tgoldtable text, tgnewtable text"));
    tables.add(
        SystemTable.empty(
            "pg_statistic_ext",
            "oid oid, stxrelid oid, stxname text, stxnamespace oid, stxowner oid,"
                + " stxstattarget int4, stxkeys text, stxkind text, stxexprs text"));
    // Objects Aurora does not have: their catalogs are empty, so that psql's \dc, \dy, \do,
    // \dC, \dF, \dL, \des, \drds and \dl list nothing instead of failing.
    tables.add(
        SystemTable.empty(
            "pg_conversion",
            "oid oid, conname text, connamespace oid, conowner oid, conforencoding int4,"
                + " contoencoding int4, conproc oid, condefault bool"));
    tables.add(
        SystemTable.empty(
            "pg_event_trigger",
            "oid oid, evtname text, evtevent text, evtowner oid, evtfoid oid, evtenabled text,"
                + " evttags text"));
    tables.add(
        SystemTable.empty(
            "pg_operator",
            "oid oid, oprname text, oprnamespace oid, oprowner oid, oprkind text,"
                + " oprcanmerge bool, oprcanhash bool, oprleft oid, oprright oid, oprresult oid,"
                + " oprcom oid, oprnegate oid, oprcode oid, oprrest oid, oprjoin oid"));
    tables.add(
        SystemTable.empty(
            "pg_cast",
            "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext text,"
                + " castmethod text"));
    tables.add(
        SystemTable.empty(
            "pg_ts_config",
            "oid oid, cfgname text, cfgnamespace oid, cfgowner oid, cfgparser oid"));
    tables.add(
        SystemTable.empty(
            "pg_language",
            "oid oid, lanname text, lanowner oid, lanispl bool, lanpltrusted bool,"
                + " lanplcallfoid oid, laninline oid, lanvalidator oid, lanacl text,"
                + " tableoid oid"));
    tables.add(
        SystemTable.empty(
            "pg_foreign_data_wrapper",
            "oid oid, fdwname text, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl text,"
                + " fdwoptions text"));
    tables.add(
        SystemTable.empty(
            "pg_foreign_server",
            "oid oid, srvname text, srvowner oid, srvfdw oid, srvtype text, srvversion text,"
                + " srvacl text, srvoptions text"));
    tables.add(
        SystemTable.empty("pg_db_role_setting", "setdatabase oid, setrole oid, setconfig text"));
    tables.add(SystemTable.empty("pg_largeobject_metadata", "oid oid, lomowner oid, lomacl text"));
    tables.add(
        SystemTable.empty(
            "pg_publication",
            "oid oid, pubname text, pubowner oid, puballtables bool, pubinsert bool,"
                + " pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool"));
    tables.add(
        SystemTable.empty(
            "pg_publication_rel", "oid oid, prpubid oid, prrelid oid, prqual text, prattrs text"));
    tables.add(SystemTable.empty("pg_publication_namespace", "oid oid, pnpubid oid, pnnspid oid"));
    tables.add(
        SystemTable.empty(
            "pg_rewrite",
            "oid oid, rulename text, ev_class oid, ev_type text, ev_enabled text,"
                + " is_instead bool, ev_qual text, ev_action text"));
    tables.add(SystemTable.empty("pg_foreign_table", "ftrelid oid, ftserver oid, ftoptions text"));
    tables.add(
        SystemTable.empty(
            "pg_partitioned_table",
            "partrelid oid, partstrat text, partnatts int2, partdefid oid, partattrs text,"
                + " partclass text, partcollation text, partexprs text"));
    tables.add(
        SystemTable.empty(
            "pg_collation",
            "oid oid, collname text, collnamespace oid, collowner oid, collprovider text,"
                + " collisdeterministic bool, collencoding int4, collcollate text,"
                + " collctype text, colliculocale text, collversion text"));
    tables.add(
        SystemTable.empty(
            "pg_depend",
            "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid,"
                + " refobjsubid int4, deptype text"));
    tables.add(
        SystemTable.empty(
            "pg_extension",
            "oid oid, extname text, extowner oid, extnamespace oid, extrelocatable bool,"
                + " extversion text, extconfig text, extcondition text"));
    tables.add(
        SystemTable.empty(
            "pg_sequence",
            "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8,"
                + " seqmin int8, seqcache int8, seqcycle bool"));
    tables.add(SystemTable.empty("pg_shdescription", "objoid oid, classoid oid, description text"));
    tables.add(
        SystemTable.empty(
            "pg_enum", "oid oid, enumtypid oid, enumsortorder float4, enumlabel text"));
    tables.add(
        SystemTable.empty(
            "pg_matviews",
            "schemaname text, matviewname text, matviewowner text, tablespace text,"
                + " hasindexes bool, ispopulated bool, definition text"));
    Map<String, Table> byName = new LinkedHashMap<>();
    for (SystemTable table : tables) {
      byName.put(table.name(), table);
    }
    return byName;
  }

  /** The oid of system table {@code name} in {@code tables}, numbered from {@code firstOid}. */
  static @Nullable Integer systemOid(Map<String, Table> tables, String name, int firstOid) {
    int i = 0;
    for (String table : tables.keySet()) {
      if (table.equals(name)) {
        return firstOid + i;
      }
      i++;
    }
    return null;
  }

  /**
   * One row per user table, as PostgreSQL's {@code pg_stat_user_tables}: scans, rows read, inserted
   * and deleted by this node's statements since it started ({@link TableActivity}), the table's
   * rows, and the deleted rows its segment files on this node still hold until compaction ({@code
   * n_dead_tup}). Aurora has no index scans, updates or vacuum: those columns are NULL or 0.
   */
  private static List<@Nullable Object[]> tableStatisticsRows(SystemSchemas schemas) {
    Map<String, TableActivity> activity = schemas.activity().tableActivity();
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (Table table : schemas.userTables()) {
      TableActivity counts = activity.get(table.name());
      long scans = counts == null ? 0 : counts.sequentialScans();
      long inserted = counts == null ? 0 : counts.rowsInserted();
      long deleted = counts == null ? 0 : counts.rowsDeleted();
      long dead = 0;
      for (List<SegmentStatistics> shard : table.localSegments().values()) {
        for (SegmentStatistics segment : shard) {
          dead += segment.deletedRows();
        }
      }
      rows.add(
          row(
              schemas.userOid(table.name()),
              SystemSchemas.PUBLIC,
              table.name(),
              scans,
              counts == null ? null : micros(counts.lastScanMicros()),
              counts == null ? 0L : counts.rowsRead(),
              null,
              null,
              null,
              inserted,
              0L,
              deleted,
              0L,
              0L,
              table.rowCount(),
              dead,
              inserted + deleted,
              inserted,
              null,
              null,
              null,
              null,
              0L,
              0L,
              0L,
              0L));
    }
    return rows;
  }

  /** One row per client session of this node, as PostgreSQL's {@code pg_stat_activity}. */
  private static List<@Nullable Object[]> activityRows(SystemSchemas schemas) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (SessionActivity session : schemas.sessions().sessions()) {
      rows.add(
          row(
              SystemSchemas.DATABASE_OID,
              SystemSchemas.DATABASE,
              session.pid(),
              null,
              SystemSchemas.OWNER_OID,
              session.user(),
              session.applicationName(),
              session.clientAddress(),
              null,
              session.clientAddress() == null ? null : session.clientPort(),
              session.backendStartMicros(),
              micros(session.transactionStartMicros()),
              micros(session.queryStartMicros()),
              session.stateChangeMicros(),
              null,
              null,
              session.state(),
              null,
              null,
              null,
              session.query(),
              "client backend"));
    }
    return rows;
  }

  private static @Nullable Long micros(long micros) {
    return micros < 0 ? null : micros;
  }

  /** A role as the catalog shows it: the bootstrap user is a superuser that logs in. */
  private static Role roleOf(SystemSchemas schemas, String name) {
    Role role = schemas.access().role(name);
    if (role != null) {
      return role;
    }
    return AccessState.PREDEFINED_ROLES.contains(name)
        ? Role.of(name)
        : new Role(name, true, true, true, true, true, null, 0);
  }

  static @Nullable Object[] row(@Nullable Object... values) {
    return values;
  }

  private static List<@Nullable Object[]> classRows(SystemSchemas schemas) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (SystemSchemas.UserRelation relation : schemas.userRelations()) {
      rows.add(
          classRow(
              schemas.userOid(relation.name()),
              relation.name(),
              SystemSchemas.PUBLIC_OID,
              relation.columns().size(),
              relation.rowCount(),
              relation.isView() ? "v" : "r",
              schemas.roleOids().getOrDefault(schemas.ownerOf(relation.name()), 10),
              schemas.aclOf(relation.name()),
              schemas.access().isRowSecurityEnabled(relation.name())));
    }
    addSystemClassRows(rows, schemas.pgCatalog(), FIRST_OID, SystemSchemas.PG_CATALOG_OID);
    addSystemClassRows(
        rows,
        schemas.informationSchema(),
        InformationSchema.FIRST_OID,
        SystemSchemas.INFORMATION_SCHEMA_OID);
    return rows;
  }

  private static void addSystemClassRows(
      List<@Nullable Object[]> rows, Map<String, Table> tables, int firstOid, int namespace) {
    int i = 0;
    for (Table table : tables.values()) {
      rows.add(
          classRow(firstOid + i++, table.name(), namespace, table.schema().columnCount(), 0, "r"));
    }
  }

  private static @Nullable Object[] classRow(
      int oid, String name, int namespace, int columns, long rowCount, String kind) {
    return classRow(
        oid, name, namespace, columns, rowCount, kind, SystemSchemas.OWNER_OID, null, false);
  }

  private static @Nullable Object[] classRow(
      int oid,
      String name,
      int namespace,
      int columns,
      long rowCount,
      String kind,
      int owner,
      @Nullable String acl,
      boolean hasRowSecurity) {
    return row(
        oid,
        name,
        namespace,
        0,
        0,
        owner,
        2,
        oid,
        0,
        0,
        (float) rowCount,
        0,
        0,
        false,
        false,
        "p",
        kind,
        columns,
        0,
        false,
        false,
        false,
        hasRowSecurity,
        false,
        true,
        "d",
        false,
        0,
        0,
        1,
        acl,
        null,
        null);
  }

  private static List<@Nullable Object[]> attributeRows(SystemSchemas schemas) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (SystemSchemas.UserRelation relation : schemas.userRelations()) {
      addAttributeRows(rows, schemas.userOid(relation.name()), relation.columns());
    }
    int i = 0;
    for (Table table : schemas.pgCatalog().values()) {
      addAttributeRows(rows, FIRST_OID + i++, table.schema().columns());
    }
    i = 0;
    for (Table table : schemas.informationSchema().values()) {
      addAttributeRows(rows, InformationSchema.FIRST_OID + i++, table.schema().columns());
    }
    return rows;
  }

  private static void addAttributeRows(
      List<@Nullable Object[]> rows, int oid, List<ColumnSchema> columns) {
    for (int c = 0; c < columns.size(); c++) {
      ColumnSchema column = columns.get(c);
      int typeOid = SystemTypes.oid(column.type());
      SystemTypes.PgType type = SystemTypes.byOid(typeOid);
      int length = type == null ? -1 : type.length();
      rows.add(
          row(
              oid,
              column.name(),
              typeOid,
              -1,
              length,
              c + 1,
              0,
              -1,
              SystemTypes.typeModifier(column.type()),
              length > 0 && length <= 8,
              "i",
              length > 0 ? "p" : "x",
              "",
              !column.nullable(),
              false,
              false,
              "",
              "",
              false,
              true,
              0,
              0,
              null,
              null,
              null,
              null));
    }
  }

  private static List<@Nullable Object[]> typeRows() {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (SystemTypes.PgType type : SystemTypes.TYPES) {
      rows.add(
          row(
              type.oid(),
              type.name(),
              SystemSchemas.PG_CATALOG_OID,
              SystemSchemas.OWNER_OID,
              type.length(),
              type.length() > 0 && type.length() <= 8,
              type.category().equals("P") ? "p" : "b",
              type.category(),
              false,
              true,
              ",",
              0,
              "-",
              0,
              type.arrayOid(),
              type.name() + "in",
              type.name() + "out",
              type.name() + "recv",
              type.name() + "send",
              "-",
              "-",
              "-",
              "i",
              type.length() > 0 ? "p" : "x",
              false,
              0,
              -1,
              0,
              0,
              null,
              null,
              null));
    }
    return rows;
  }

  private static List<@Nullable Object[]> settingRows() {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (String[] setting : SETTINGS) {
      rows.add(
          row(
              setting[0],
              setting[1],
              null,
              "Preset Options",
              setting[0],
              null,
              "internal",
              "string",
              "default",
              null,
              null,
              null,
              setting[1],
              setting[1],
              null,
              null,
              false));
    }
    return rows;
  }
}
