package io.aurora.sql.operator.aggregation;

/**
 * Which input value a value-keeping aggregate holds per group: MIN and BOOL_AND keep the minimum,
 * MAX and BOOL_OR the maximum (false sorts before true), ANY_VALUE the first non-null value.
 */
enum KeptValue {
  MINIMUM,
  MAXIMUM,
  FIRST
}
