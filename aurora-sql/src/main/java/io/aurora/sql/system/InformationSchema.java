package io.aurora.sql.system;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The SQL standard's {@code information_schema}: {@code schemata}, {@code tables} and {@code
 * columns}, listing Aurora's tables (in schema {@code public}) with PostgreSQL's type names. System
 * tables are not listed here; they are in {@code pg_class}.
 */
final class InformationSchema {
  static final int FIRST_OID = 13001;

  private InformationSchema() {}

  static Map<String, Table> tables(SystemSchemas schemas) {
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put(
        "schemata",
        SystemTable.of(
            "schemata",
            "catalog_name text, schema_name text, schema_owner text,"
                + " default_character_set_catalog text, default_character_set_schema text,"
                + " default_character_set_name text, sql_path text",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              for (String schema :
                  List.of(
                      SystemSchemas.INFORMATION_SCHEMA,
                      SystemSchemas.PG_CATALOG,
                      SystemSchemas.PUBLIC)) {
                rows.add(
                    PgCatalog.row(
                        SystemSchemas.DATABASE,
                        schema,
                        SystemSchemas.USER,
                        null,
                        null,
                        null,
                        null));
              }
              return rows;
            }));
    tables.put(
        "tables",
        SystemTable.of(
            "tables",
            "table_catalog text, table_schema text, table_name text, table_type text,"
                + " self_referencing_column_name text, reference_generation text,"
                + " user_defined_type_catalog text, user_defined_type_schema text,"
                + " user_defined_type_name text, is_insertable_into text, is_typed text,"
                + " commit_action text",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              for (SystemSchemas.UserRelation table : schemas.userRelations()) {
                rows.add(
                    PgCatalog.row(
                        SystemSchemas.DATABASE,
                        SystemSchemas.PUBLIC,
                        table.name(),
                        table.isView() ? "VIEW" : "BASE TABLE",
                        null,
                        null,
                        null,
                        null,
                        null,
                        table.isView() ? "NO" : "YES",
                        "NO",
                        null));
              }
              return rows;
            }));
    tables.put(
        "views",
        SystemTable.of(
            "views",
            "table_catalog text, table_schema text, table_name text, view_definition text,"
                + " check_option text, is_updatable text, is_insertable_into text,"
                + " is_trigger_updatable text, is_trigger_deletable text,"
                + " is_trigger_insertable_into text",
            () -> {
              List<@Nullable Object[]> rows = new ArrayList<>();
              for (SystemSchemas.UserRelation table : schemas.userRelations()) {
                if (table.isView()) {
                  rows.add(
                      PgCatalog.row(
                          SystemSchemas.DATABASE,
                          SystemSchemas.PUBLIC,
                          table.name(),
                          table.viewQuery(),
                          "NONE",
                          "NO",
                          "NO",
                          "NO",
                          "NO",
                          "NO"));
                }
              }
              return rows;
            }));
    tables.put(
        "columns",
        SystemTable.of(
            "columns",
            "table_catalog text, table_schema text, table_name text, column_name text,"
                + " ordinal_position int4, column_default text, is_nullable text,"
                + " data_type text, character_maximum_length int4,"
                + " character_octet_length int4, numeric_precision int4,"
                + " numeric_precision_radix int4, numeric_scale int4, datetime_precision int4,"
                + " udt_catalog text, udt_schema text, udt_name text, is_identity text,"
                + " is_generated text, is_updatable text",
            () -> columnRows(schemas)));
    return tables;
  }

  private static List<@Nullable Object[]> columnRows(SystemSchemas schemas) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (SystemSchemas.UserRelation table : schemas.userRelations()) {
      List<ColumnSchema> columns = table.columns();
      for (int c = 0; c < columns.size(); c++) {
        ColumnSchema column = columns.get(c);
        DataType type = column.type();
        SystemTypes.PgType pgType = SystemTypes.byOid(SystemTypes.oid(type));
        Integer precision =
            switch (type.kind()) {
              case SMALLINT -> 16;
              case INTEGER -> 32;
              case BIGINT -> 64;
              case REAL -> 24;
              case DOUBLE -> 53;
              case DECIMAL -> type.precision();
              case BOOLEAN, VARCHAR, DATE, TIMESTAMP -> null;
            };
        Integer radix = precision == null ? null : type.kind() == TypeKind.DECIMAL ? 10 : 2;
        Integer scale =
            switch (type.kind()) {
              case SMALLINT, INTEGER, BIGINT -> 0;
              case DECIMAL -> type.scale();
              case BOOLEAN, REAL, DOUBLE, VARCHAR, DATE, TIMESTAMP -> null;
            };
        Integer datetimePrecision =
            switch (type.kind()) {
              case DATE -> 0;
              case TIMESTAMP -> 6;
              case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR -> null;
            };
        rows.add(
            PgCatalog.row(
                SystemSchemas.DATABASE,
                SystemSchemas.PUBLIC,
                table.name(),
                column.name(),
                c + 1,
                null,
                column.nullable() ? "YES" : "NO",
                pgType == null ? null : pgType.displayName(),
                null,
                type.kind() == TypeKind.VARCHAR ? 1_073_741_824 : null,
                precision,
                radix,
                scale,
                datetimePrecision,
                SystemSchemas.DATABASE,
                SystemSchemas.PG_CATALOG,
                pgType == null ? null : pgType.name(),
                "NO",
                "NEVER",
                table.isView() ? "NO" : "YES"));
      }
    }
    return rows;
  }
}
