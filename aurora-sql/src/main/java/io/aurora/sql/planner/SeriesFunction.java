package io.aurora.sql.planner;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.jspecify.annotations.Nullable;

/**
 * {@code generate_series(start, stop)} as a table function that psql's catalog queries name, so
 * that they validate. Aurora's executor does not run table functions: a plan that still reads one
 * after empty catalogs are pruned fails with FEATURE_NOT_SUPPORTED.
 */
public final class SeriesFunction {
  private SeriesFunction() {}

  /** The table {@code generate_series(start, stop)} describes; Calcite calls this reflectively. */
  public static ScannableTable generateSeries(@Nullable Object start, @Nullable Object stop) {
    return new Series();
  }

  private static final class Series extends AbstractTable implements ScannableTable {
    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return typeFactory.builder().add("generate_series", SqlTypeName.INTEGER).build();
    }

    @Override
    public Enumerable<@Nullable Object[]> scan(DataContext root) {
      throw new UnsupportedOperationException("generate_series is planned, never scanned");
    }
  }
}
