package io.aurora.sql.planner;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's {@code generate_series(start, stop [, step])} in FROM: integers from {@code start}
 * to {@code stop} by {@code step} (1 by default), or timestamps by an interval (a date is taken at
 * midnight, as PostgreSQL casts it). Its one column is named {@code generate_series} and has the
 * type of {@code start} and {@code stop}. The executor's {@code SeriesStream} produces the rows.
 */
public final class SeriesFunction extends SqlFunction implements SqlTableFunction {
  public static final SeriesFunction INSTANCE = new SeriesFunction();

  private SeriesFunction() {
    super(
        "GENERATE_SERIES",
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.CURSOR,
        null,
        new Operands(),
        SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return binding -> {
      RelDataTypeFactory types = binding.getTypeFactory();
      RelDataType element =
          elementType(types, binding.getOperandType(0), binding.getOperandType(1));
      return types.builder().add("generate_series", element).build();
    };
  }

  private static RelDataType elementType(
      RelDataTypeFactory types, RelDataType start, RelDataType stop) {
    if (SqlTypeUtil.isDatetime(start) || SqlTypeUtil.isDatetime(stop)) {
      return types.createSqlType(SqlTypeName.TIMESTAMP);
    }
    RelDataType common = types.leastRestrictive(List.of(start, stop));
    RelDataType element = common == null ? start : common;
    return types.createTypeWithNullability(element, false);
  }

  /** Two or three integers, or two dates or timestamps and an interval. */
  private static final class Operands implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      RelDataType start = binding.getOperandType(0);
      RelDataType stop = binding.getOperandType(1);
      boolean isValid;
      if (SqlTypeUtil.isDatetime(start) && SqlTypeUtil.isDatetime(stop)) {
        isValid =
            binding.getOperandCount() == 3 && SqlTypeUtil.isInterval(binding.getOperandType(2));
      } else {
        isValid =
            SqlTypeUtil.isExactNumeric(start)
                && SqlTypeUtil.isExactNumeric(stop)
                && (binding.getOperandCount() == 2
                    || SqlTypeUtil.isExactNumeric(binding.getOperandType(2)));
      }
      if (!isValid && throwOnFailure) {
        throw binding.newValidationSignatureError();
      }
      return isValid;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.between(2, 3);
    }

    @Override
    public String getAllowedSignatures(SqlOperator operator, String name) {
      return "generate_series(<INTEGER>, <INTEGER> [, <INTEGER>])\n"
          + "generate_series(<TIMESTAMP>, <TIMESTAMP>, <INTERVAL>)";
    }

    @Override
    public @Nullable String toString() {
      return "generate_series operands";
    }
  }
}
