package io.aurora.sql.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestAccessCodec {
  private static final String VERIFIER =
      "SCRAM-SHA-256$4096:c2FsdDEyMzQ1Njc4OTAxMg==$c3RvcmVkS2V5:c2VydmVyS2V5";
  private static final int SELECT = Privilege.SELECT.bit();
  private static final int DELETE = Privilege.DELETE.bit();
  private static final int INSERT = Privilege.INSERT.bit();

  /**
   * Roles with and without a verifier, memberships three deep, grants to PUBLIC and to roles on two
   * tables, owners (one table with an owner and no grant) and schema grants.
   */
  private static final List<AccessChange> CHANGES =
      List.of(
          new AccessChange.CreateRole(
              new Role("alice", false, true, false, true, true, VERIFIER, 1_800_000_000_000_000L)),
          new AccessChange.CreateRole(Role.of("analysts")),
          new AccessChange.CreateRole(Role.of("readers")),
          new AccessChange.CreateRole(
              new Role("admin", true, true, true, true, false, VERIFIER + "x", 0)),
          new AccessChange.CreateRole(Role.of("Zürich 東京")),
          new AccessChange.AlterRole(
              "analysts", new RoleOptions(null, null, true, null, null, false, null, null)),
          new AccessChange.GrantRoles(true, List.of("analysts"), List.of("alice")),
          new AccessChange.GrantRoles(true, List.of("readers"), List.of("analysts", "Zürich 東京")),
          new AccessChange.GrantRoles(
              true, List.of("pg_read_all_data", "pg_write_server_files"), List.of("admin")),
          new AccessChange.GrantOnTables(
              true, SELECT | INSERT, List.of("events", "clicks"), List.of("readers")),
          new AccessChange.GrantOnTables(
              true, SELECT, List.of("events"), List.of(AccessState.PUBLIC, "alice")),
          new AccessChange.GrantOnTables(false, INSERT, List.of("clicks"), List.of("readers")),
          new AccessChange.SetOwner("events", "admin"),
          new AccessChange.SetOwner("orders", "alice"),
          new AccessChange.GrantOnSchema(true, Privilege.allSchemaBits(), List.of("analysts")),
          new AccessChange.GrantOnSchema(true, Privilege.USAGE.bit(), List.of(AccessState.PUBLIC)),
          new AccessChange.CreateToken(new ApiToken("ci", "alice", "ab12", 1_000, 0, 0)),
          new AccessChange.CreateToken(new ApiToken("old", "admin", "cd34", 2_000, 3_000, 50)),
          new AccessChange.CreateToken(
              new ApiToken("dash", "alice", "ef56", 3_000, 0, 5, List.of("top_pages", "daily"))),
          new AccessChange.DropToken("missing", true),
          new AccessChange.GrantOnColumns(
              true, SELECT | INSERT, "events", List.of("a", "b"), List.of("alice")),
          new AccessChange.GrantOnColumns(
              true, SELECT, "orders", List.of("c"), List.of(AccessState.PUBLIC)),
          new AccessChange.GrantOnColumns(false, INSERT, "events", List.of("b"), List.of("alice")),
          new AccessChange.SetRowSecurity("events", true),
          new AccessChange.CreatePolicy(
              new RowPolicy("own", "events", "all", List.of(), "owner = current_user", null)),
          new AccessChange.CreatePolicy(
              new RowPolicy("adds", "events", "INSERT", List.of("alice"), null, "n > 0")),
          new AccessChange.DefaultPrivileges(
              true, "aurora", false, SELECT | INSERT, List.of("readers")),
          new AccessChange.DefaultPrivileges(false, "aurora", false, INSERT, List.of("readers")),
          new AccessChange.DefaultPrivileges(true, "aurora", true, DELETE, List.of("readers")),
          new AccessChange.DefaultPrivileges(false, "aurora", true, SELECT, List.of("readers")));

  @Test
  void roundTripsAStateByteForByte() {
    AccessState state = apply(CHANGES);
    assertThat(state.roles()).hasSize(5);
    assertThat(state.effectiveRoles("alice")).containsExactly("alice", "analysts", "readers");
    assertThat(state.tablesWithAccess()).containsExactly("clicks", "events", "orders");
    assertThat(state.owner("orders")).isEqualTo("alice");
    assertThat(state.grantsOn("orders")).isEmpty();

    byte[] bytes = AccessCodec.encodeState(state);
    AccessState decoded = AccessCodec.decodeState(bytes);
    assertThat(decoded).isEqualTo(state);
    assertThat(AccessCodec.encodeState(decoded)).isEqualTo(bytes);
    assertThat(decoded.role("alice")).isEqualTo(state.role("alice"));
    assertThat(decoded.role("alice").verifier()).isEqualTo(VERIFIER);
    assertThat(decoded.role("readers").verifier()).isNull();
    assertThat(decoded.memberOf("admin"))
        .containsExactly("pg_read_all_data", "pg_write_server_files");
    assertThat(decoded.grantsOn("events"))
        .isEqualTo(Map.of("alice", SELECT, AccessState.PUBLIC, SELECT, "readers", SELECT | INSERT));
    assertThat(decoded.grantsOn("clicks")).isEqualTo(Map.of("readers", SELECT));
    assertThat(decoded.schemaGrants())
        .isEqualTo(
            Map.of(
                "analysts", Privilege.allSchemaBits(), AccessState.PUBLIC, Privilege.USAGE.bit()));
    assertThat(decoded.hasTablePrivilege("Zürich 東京", "clicks", Privilege.SELECT)).isTrue();
    assertThat(decoded.tokens())
        .containsExactly(
            new ApiToken("ci", "alice", "ab12", 1_000, 0, 0),
            new ApiToken("dash", "alice", "ef56", 3_000, 0, 5, List.of("top_pages", "daily")),
            new ApiToken("old", "admin", "cd34", 2_000, 3_000, 50));
    assertThat(decoded.isRowSecurityEnabled("events")).isTrue();
    assertThat(decoded.defaultGrants("aurora"))
        .as("a REVOKE in the schema does not take away a global default")
        .isEqualTo(Map.of("readers", SELECT | DELETE));
    assertThat(decoded.policiesOf("events"))
        .extracting(RowPolicy::name, RowPolicy::command)
        .containsExactly(tuple("adds", "INSERT"), tuple("own", "ALL"));
    assertThat(decoded.rowPolicies("alice", "events", "INSERT"))
        .extracting(RowPolicy::name)
        .containsExactly("adds", "own");
    assertThat(decoded.rowPolicies("admin", "events", "SELECT")).as("the owner").isNull();
    assertThat(decoded.columnGrantsOn("events"))
        .isEqualTo(Map.of("a", Map.of("alice", SELECT | INSERT), "b", Map.of("alice", SELECT)));
    assertThat(decoded.hasColumnPrivilege("readers", "orders", "c", Privilege.SELECT)).isTrue();
    assertThat(decoded.hasColumnPrivilege("readers", "orders", "d", Privilege.SELECT)).isFalse();

    assertThat(AccessCodec.decodeState(AccessCodec.encodeState(AccessState.EMPTY)))
        .isEqualTo(AccessState.EMPTY);
  }

  /** Equal states have equal bytes, whatever order their roles and grants came in. */
  @Test
  void writesEqualStatesAsEqualBytes() {
    List<AccessChange> creates = new ArrayList<>(CHANGES.subList(0, 5));
    Collections.reverse(creates);
    List<AccessChange> reordered = new ArrayList<>(creates);
    reordered.addAll(CHANGES.subList(5, CHANGES.size()));
    AccessState state = apply(reordered);
    assertThat(state).isEqualTo(apply(CHANGES));
    assertThat(AccessCodec.encodeState(state)).isEqualTo(AccessCodec.encodeState(apply(CHANGES)));
  }

  @Test
  void refusesTruncatedStatesAndTrailingBytes() {
    byte[] bytes = AccessCodec.encodeState(apply(CHANGES));
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertCorrupt(() -> AccessCodec.decodeState(truncated));
    }
    assertCorrupt(() -> AccessCodec.decodeState(Arrays.copyOf(bytes, bytes.length + 1)));
    byte[] otherVersion = bytes.clone();
    otherVersion[0] = 8;
    assertCorrupt(() -> AccessCodec.decodeState(otherVersion));
  }

  @Test
  void roundTripsEveryChangeAndRefusesDamagedOnes() {
    for (AccessChange change : CHANGES) {
      byte[] bytes = AccessCodec.encode(change);
      assertThat(AccessCodec.decode(bytes)).isEqualTo(change);
      for (int length = 0; length < bytes.length; length++) {
        byte[] truncated = Arrays.copyOf(bytes, length);
        assertCorrupt(() -> AccessCodec.decode(truncated));
      }
      assertCorrupt(() -> AccessCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
    }
    assertCorrupt(() -> AccessCodec.decode(new byte[] {10}));
  }

  /** A state written before tokens (version 1) reads as the same roles and grants, no tokens. */
  @Test
  void readsAStateOfVersionOne() {
    AccessState withoutTokens = apply(CHANGES.subList(0, CHANGES.size() - 14));
    byte[] current = AccessCodec.encodeState(withoutTokens);
    // The empty sections at the end: tokens (4 bytes), column grants (4), row security (2 + 4),
    // default privileges (4).
    // Versions 6 and 7 add to each token, and there are none.
    int[] lengthsOfLaterSections = {18, 14, 10, 4, 0, 0};
    for (int version = 1; version <= 6; version++) {
      byte[] older = Arrays.copyOf(current, current.length - lengthsOfLaterSections[version - 1]);
      older[0] = (byte) version;
      assertThat(AccessCodec.decodeState(older)).as("version %d", version).isEqualTo(withoutTokens);
    }
  }

  private static AccessState apply(List<AccessChange> changes) {
    AccessState state = AccessState.EMPTY;
    for (AccessChange change : changes) {
      state = state.apply(change);
    }
    return state;
  }

  private static void assertCorrupt(Runnable decode) {
    assertThatThrownBy(decode::run)
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATA_CORRUPTED));
  }
}
