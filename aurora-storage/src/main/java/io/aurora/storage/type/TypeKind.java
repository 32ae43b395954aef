package io.aurora.storage.type;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;

/**
 * The SQL types Aurora stores. Each kind has a stable id written into segment files: ids are never
 * reused or renumbered. Ids 1-63 are SQL types; 64-127 are reserved for nested types.
 */
public enum TypeKind {
  BOOLEAN(1, PhysicalType.BOOLEAN),
  SMALLINT(2, PhysicalType.INT),
  INTEGER(3, PhysicalType.INT),
  BIGINT(4, PhysicalType.LONG),
  REAL(5, PhysicalType.FLOAT),
  DOUBLE(6, PhysicalType.DOUBLE),
  /** A decimal with precision at most 18, stored as the unscaled value in a long. */
  DECIMAL(7, PhysicalType.LONG),
  /** UTF-8 text. */
  VARCHAR(8, PhysicalType.VARCHAR),
  /** Days since 1970-01-01. */
  DATE(9, PhysicalType.INT),
  /** Microseconds since 1970-01-01T00:00:00Z. */
  TIMESTAMP(10, PhysicalType.LONG);

  private static final TypeKind[] BY_ID = new TypeKind[64];

  static {
    for (TypeKind kind : values()) {
      if (BY_ID[kind.id] != null) {
        throw new ExceptionInInitializerError("duplicate type id " + kind.id);
      }
      BY_ID[kind.id] = kind;
    }
  }

  private final int id;
  private final PhysicalType physicalType;

  TypeKind(int id, PhysicalType physicalType) {
    this.id = id;
    this.physicalType = physicalType;
  }

  /** The stable id written to disk. */
  public int id() {
    return id;
  }

  /** The primitive representation of values of this kind in blocks. */
  public PhysicalType physicalType() {
    return physicalType;
  }

  /** The kind with the given stable id; an unknown id means a corrupt or newer file. */
  public static TypeKind fromId(int id) {
    TypeKind kind = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    if (kind == null) {
      throw new AuroraException(ErrorCode.DATA_CORRUPTED, "Unknown type id[" + id + "]");
    }
    return kind;
  }
}
