package io.aurora.storage.type;

/**
 * How values are held in memory: the primitive array behind a block. Several SQL types share one
 * physical type (SMALLINT, INTEGER and DATE are ints; BIGINT, DECIMAL and TIMESTAMP are longs), so
 * kernels are written once per physical type.
 */
public enum PhysicalType {
  BOOLEAN,
  INT,
  LONG,
  FLOAT,
  DOUBLE,
  VARCHAR
}
