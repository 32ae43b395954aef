package io.aurora.sql.access;

import org.jspecify.annotations.Nullable;

/**
 * The options of a {@code CREATE ROLE} or {@code ALTER ROLE}; null where the statement did not say.
 * {@code PASSWORD NULL} sets {@link #isPasswordSet} with a null verifier.
 */
public record RoleOptions(
    @Nullable Boolean superuser,
    @Nullable Boolean login,
    @Nullable Boolean createRole,
    @Nullable Boolean createDb,
    @Nullable Boolean inherit,
    boolean isPasswordSet,
    @Nullable String verifier,
    @Nullable Long validUntilMicros) {
  public static final RoleOptions NONE =
      new RoleOptions(null, null, null, null, null, false, null, null);

  /** Whether any option other than the password (which a role may change for itself) is set. */
  public boolean setsAttributes() {
    return superuser != null
        || login != null
        || createRole != null
        || createDb != null
        || inherit != null
        || validUntilMicros != null;
  }

  @Override
  public String toString() {
    return "RoleOptions[superuser="
        + superuser
        + ", login="
        + login
        + ", createrole="
        + createRole
        + ", createdb="
        + createDb
        + ", inherit="
        + inherit
        + ", password="
        + (isPasswordSet ? verifier == null ? "NULL" : "set" : "unchanged")
        + "]";
  }
}
