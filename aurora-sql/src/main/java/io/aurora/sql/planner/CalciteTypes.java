package io.aurora.sql.planner;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Aurora's storage types as Calcite types. */
public final class CalciteTypes {
  private CalciteTypes() {}

  public static RelDataType toRelDataType(
      RelDataTypeFactory factory, DataType type, boolean nullable) {
    RelDataType relType =
        switch (type.kind()) {
          case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
          case SMALLINT -> factory.createSqlType(SqlTypeName.SMALLINT);
          case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
          case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
          case REAL -> factory.createSqlType(SqlTypeName.REAL);
          case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL ->
              factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
          case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
          case DATE -> factory.createSqlType(SqlTypeName.DATE);
          case TIMESTAMP -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
        };
    return factory.createTypeWithNullability(relType, nullable);
  }

  public static RelDataType toRelDataType(RelDataTypeFactory factory, ColumnSchema column) {
    return toRelDataType(factory, column.type(), column.nullable());
  }
}
