package io.aurora.sql.operator;

/**
 * The joins the hash join implements. The probe side is the left input, the build side the right.
 * SEMI and ANTI output only probe columns: a probe row appears once if some build row matches
 * (SEMI) or if none does (ANTI).
 */
public enum JoinType {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  SEMI,
  ANTI
}
