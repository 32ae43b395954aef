package io.aurora.sql.planner;

import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeCoercionRule;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type rules adjusted to what Aurora stores and to PostgreSQL's results: decimals are
 * scaled longs of at most 18 digits (the limit is 19 here only so that literals up to
 * 9223372036854775807 validate; the executor narrows wider decimals), timestamps have microsecond
 * precision, SUM of integers is BIGINT and of decimals DECIMAL(18, s), and AVG of any number is
 * DOUBLE.
 */
public final class AuroraTypeSystem extends RelDataTypeSystemImpl {
  public static final AuroraTypeSystem INSTANCE = new AuroraTypeSystem();

  private static final int MAX_DECIMAL_PRECISION = 18;
  private static final int TIMESTAMP_PRECISION = 6;

  /**
   * Calcite's cast rules plus PostgreSQL's casts between booleans and integers ({@code CAST(flag AS
   * INTEGER)}, {@code CAST(1 AS BOOLEAN)}), which Calcite's validator rejects.
   */
  public static final SqlTypeCoercionRule CAST_RULES = castRules();

  private AuroraTypeSystem() {}

  private static SqlTypeCoercionRule castRules() {
    Map<SqlTypeName, ImmutableSet<SqlTypeName>> rules =
        new HashMap<>(SqlTypeCoercionRule.instance().getTypeMapping());
    List<SqlTypeName> integers =
        List.of(SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);
    for (SqlTypeName integer : integers) {
      rules.put(
          integer,
          ImmutableSet.<SqlTypeName>builder()
              .addAll(rules.get(integer))
              .add(SqlTypeName.BOOLEAN)
              .build());
    }
    rules.put(
        SqlTypeName.BOOLEAN,
        ImmutableSet.<SqlTypeName>builder()
            .addAll(rules.get(SqlTypeName.BOOLEAN))
            .addAll(integers)
            .build());
    return SqlTypeCoercionRule.instance(rules);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL ? MAX_DECIMAL_PRECISION : super.getMaxScale(typeName);
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case DECIMAL -> MAX_DECIMAL_PRECISION + 1;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> TIMESTAMP_PRECISION;
      default -> super.getMaxPrecision(typeName);
    };
  }

  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TIMESTAMP_PRECISION;
      default -> super.getDefaultPrecision(typeName);
    };
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    RelDataType sum =
        switch (argumentType.getSqlTypeName()) {
          case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
          case DECIMAL ->
              typeFactory.createSqlType(
                  SqlTypeName.DECIMAL, MAX_DECIMAL_PRECISION, argumentType.getScale());
          case REAL, FLOAT, DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
          default -> super.deriveSumType(typeFactory, argumentType);
        };
    return typeFactory.createTypeWithNullability(sum, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    RelDataType average = typeFactory.createSqlType(SqlTypeName.DOUBLE);
    return typeFactory.createTypeWithNullability(average, argumentType.isNullable());
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
