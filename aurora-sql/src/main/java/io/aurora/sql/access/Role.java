package io.aurora.sql.access;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A role of the catalog, as {@code pg_authid} holds it: a user is a role that may log in. The
 * password is kept only as its SCRAM-SHA-256 verifier ({@code SCRAM-SHA-256$<iterations>:<salt>$
 * <StoredKey>:<ServerKey>}), never as text.
 *
 * @param validUntilMicros the end of the password's validity in microseconds since the epoch, 0 for
 *     none ({@code VALID UNTIL})
 */
public record Role(
    String name,
    boolean isSuperuser,
    boolean canLogin,
    boolean canCreateRole,
    boolean canCreateDb,
    boolean inherits,
    @Nullable String verifier,
    long validUntilMicros) {
  public Role {
    requireNonNull(name, "name is null");
  }

  /** What {@code CREATE ROLE name} makes: no login, inherits, nothing else. */
  public static Role of(String name) {
    return new Role(name, false, false, false, false, true, null, 0);
  }

  /** This role with {@code options} applied over it. */
  public Role with(RoleOptions options) {
    return new Role(
        name,
        options.superuser() != null ? options.superuser() : isSuperuser,
        options.login() != null ? options.login() : canLogin,
        options.createRole() != null ? options.createRole() : canCreateRole,
        options.createDb() != null ? options.createDb() : canCreateDb,
        options.inherit() != null ? options.inherit() : inherits,
        options.isPasswordSet() ? options.verifier() : verifier,
        options.validUntilMicros() != null ? options.validUntilMicros() : validUntilMicros);
  }

  /** The verifier is secret: {@code toString} says only whether there is one. */
  @Override
  public String toString() {
    return "Role[name="
        + name
        + ", superuser="
        + isSuperuser
        + ", login="
        + canLogin
        + ", createrole="
        + canCreateRole
        + ", createdb="
        + canCreateDb
        + ", inherit="
        + inherits
        + ", password="
        + (verifier != null)
        + "]";
  }
}
