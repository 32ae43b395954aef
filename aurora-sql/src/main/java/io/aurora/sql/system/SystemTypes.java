package io.aurora.sql.system;

import io.aurora.storage.type.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL types that {@code pg_type} lists: those Aurora's columns map to, and those the
 * system tables' own columns use ({@code name}, {@code oid}, {@code "char"}), and the pseudo-type
 * {@code trigger}, which clients compare function result types with. Oids are PostgreSQL's, so that
 * drivers recognise them without asking.
 */
public final class SystemTypes {
  /**
   * One type: its oid and {@code typname}, the name {@code format_type} shows, {@code typlen},
   * {@code typcategory} and the oid of its array type.
   */
  record PgType(
      int oid, String name, String displayName, int length, String category, int arrayOid) {}

  static final List<PgType> TYPES =
      List.of(
          new PgType(16, "bool", "boolean", 1, "B", 1000),
          new PgType(18, "char", "\"char\"", 1, "Z", 1002),
          new PgType(19, "name", "name", 64, "S", 1003),
          new PgType(20, "int8", "bigint", 8, "N", 1016),
          new PgType(21, "int2", "smallint", 2, "N", 1005),
          new PgType(23, "int4", "integer", 4, "N", 1007),
          new PgType(25, "text", "text", -1, "S", 1009),
          new PgType(26, "oid", "oid", 4, "N", 1028),
          new PgType(700, "float4", "real", 4, "N", 1021),
          new PgType(701, "float8", "double precision", 8, "N", 1022),
          new PgType(1043, "varchar", "character varying", -1, "S", 1015),
          new PgType(1082, "date", "date", 4, "D", 1182),
          new PgType(1114, "timestamp", "timestamp without time zone", 8, "D", 1115),
          new PgType(1700, "numeric", "numeric", -1, "N", 1231),
          new PgType(2279, "trigger", "trigger", 4, "P", 0));

  private SystemTypes() {}

  /** The PostgreSQL type oid of an Aurora type, as the wire protocol reports it. */
  public static int oid(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> 16;
      case SMALLINT -> 21;
      case INTEGER -> 23;
      case BIGINT -> 20;
      case REAL -> 700;
      case DOUBLE -> 701;
      case DECIMAL -> 1700;
      case VARCHAR -> 1043;
      case DATE -> 1082;
      case TIMESTAMP -> 1114;
    };
  }

  /** The {@code atttypmod} of a column of that type: precision and scale for DECIMAL, else -1. */
  public static int typeModifier(DataType type) {
    return switch (type.kind()) {
      case DECIMAL -> ((type.precision() << 16) | type.scale()) + 4;
      case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, VARCHAR, DATE, TIMESTAMP -> -1;
    };
  }

  static @Nullable PgType byOid(int oid) {
    for (PgType type : TYPES) {
      if (type.oid() == oid) {
        return type;
      }
    }
    return null;
  }

  /** The oid of the type that PostgreSQL names {@code name} ({@code int4}, {@code integer}). */
  public static @Nullable Integer oidOf(String name) {
    for (PgType type : TYPES) {
      if (type.name().equals(name) || type.displayName().equals(name)) {
        return type.oid();
      }
    }
    return null;
  }

  /** Each type's oid and the name {@code format_type} and {@code ::regtype} show. */
  public static Map<Integer, String> displayNames() {
    Map<Integer, String> names = new LinkedHashMap<>();
    for (PgType type : TYPES) {
      names.put(type.oid(), type.displayName());
    }
    return names;
  }

  /**
   * PostgreSQL's {@code format_type(oid, typmod)}: the SQL name of a type, with its modifier
   * ({@code numeric(10,2)}); null for a null oid, {@code ???} for an unknown one, as PostgreSQL.
   */
  public static @Nullable String formatType(@Nullable Integer oid, @Nullable Integer modifier) {
    if (oid == null) {
      return null;
    }
    PgType type = byOid(oid);
    if (type == null) {
      return "???";
    }
    if (modifier != null && modifier >= 4) {
      if (type.oid() == 1700) {
        int value = modifier - 4;
        return "numeric(" + (value >> 16) + "," + (value & 0xffff) + ")";
      }
      if (type.oid() == 1043) {
        return "character varying(" + (modifier - 4) + ")";
      }
    }
    return type.displayName();
  }
}
