package io.aurora.sql.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.RoleOptions;
import io.aurora.sql.access.ScramCredentials;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role and privilege statements as PostgreSQL writes them. */
class TestAccessParser {
  private static DdlStatement parse(String sql) {
    DdlStatement statement = DdlParser.tryParse(sql);
    assertThat(statement).as(sql).isNotNull();
    return statement;
  }

  private static void assertFails(String sql, ErrorCode code) {
    assertThatThrownBy(() -> DdlParser.tryParse(sql))
        .as(sql)
        .isInstanceOfSatisfying(
            AuroraException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }

  @Test
  void createRoleAndUserWithOptions() {
    DdlStatement.CreateRole role =
        (DdlStatement.CreateRole)
            parse(
                "CREATE ROLE Analyst WITH NOLOGIN CREATEROLE NOINHERIT IN ROLE readers, writers"
                    + " ROLE alice");
    assertThat(role.name()).isEqualTo("analyst");
    assertThat(role.options().login()).isFalse();
    assertThat(role.options().createRole()).isTrue();
    assertThat(role.options().inherit()).isFalse();
    assertThat(role.options().superuser()).isNull();
    assertThat(role.inRoles()).containsExactly("readers", "writers");
    assertThat(role.members()).containsExactly("alice");

    DdlStatement.CreateRole user =
        (DdlStatement.CreateRole) parse("create user \"Bob\" password 'hunter2';");
    assertThat(user.name()).isEqualTo("Bob");
    assertThat(user.options().login()).as("a USER logs in").isTrue();
    assertThat(user.options().isPasswordSet()).isTrue();
    ScramCredentials verifier = ScramCredentials.parse(user.options().verifier());
    assertThat(verifier)
        .usingRecursiveComparison()
        .isEqualTo(
            ScramCredentials.hash("hunter2".toCharArray(), verifier.salt(), verifier.iterations()));

    String given = ScramCredentials.hash("pw".toCharArray()).format();
    RoleOptions kept =
        ((DdlStatement.CreateRole) parse("CREATE ROLE c LOGIN PASSWORD '" + given + "'")).options();
    assertThat(kept.verifier()).as("a verifier is kept as given").isEqualTo(given);
    assertThat(((DdlStatement.CreateRole) parse("CREATE ROLE d PASSWORD ''")).options().verifier())
        .isNull();
  }

  @Test
  void alterAndDropRoles() {
    DdlStatement.AlterRole alter =
        (DdlStatement.AlterRole) parse("ALTER USER bob WITH SUPERUSER VALID UNTIL 'infinity'");
    assertThat(alter.options().superuser()).isTrue();
    assertThat(alter.options().validUntilMicros()).isEqualTo(0L);
    assertThat(((DdlStatement.AlterRole) parse("ALTER ROLE CURRENT_USER PASSWORD NULL")).name())
        .isEqualTo("CURRENT_USER");
    DdlStatement.DropRoles drop = (DdlStatement.DropRoles) parse("DROP ROLE IF EXISTS a, \"B\"");
    assertThat(drop.names()).containsExactly("a", "B");
    assertThat(drop.ifExists()).isTrue();
  }

  @Test
  void grantsOfPrivilegesAndOfRoles() {
    DdlStatement.GrantPrivileges tables =
        (DdlStatement.GrantPrivileges)
            parse("GRANT SELECT, insert ON TABLE public.t, u TO alice, PUBLIC");
    assertThat(tables.isGrant()).isTrue();
    assertThat(tables.bits()).isEqualTo(Privilege.SELECT.bit() | Privilege.INSERT.bit());
    assertThat(tables.target()).isEqualTo(DdlStatement.GrantTarget.TABLES);
    assertThat(tables.tables()).containsExactly("t", "u");
    assertThat(tables.grantees()).containsExactly("alice", AccessState.PUBLIC);

    DdlStatement.GrantPrivileges all =
        (DdlStatement.GrantPrivileges)
            parse("REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM bob CASCADE");
    assertThat(all.isGrant()).isFalse();
    assertThat(all.bits()).isEqualTo(Privilege.allTableBits());
    assertThat(all.target()).isEqualTo(DdlStatement.GrantTarget.ALL_TABLES_IN_SCHEMA);

    DdlStatement.GrantPrivileges schema =
        (DdlStatement.GrantPrivileges) parse("GRANT CREATE ON SCHEMA public TO bob");
    assertThat(schema.bits()).isEqualTo(Privilege.CREATE.bit());
    assertThat(
            ((DdlStatement.GrantPrivileges) parse("GRANT CONNECT ON DATABASE aurora TO bob"))
                .target())
        .isEqualTo(DdlStatement.GrantTarget.DATABASE);

    DdlStatement.GrantRoles roles =
        (DdlStatement.GrantRoles) parse("GRANT readers, writers TO alice, CURRENT_USER");
    assertThat(roles.roles()).containsExactly("readers", "writers");
    assertThat(roles.members()).containsExactly("alice", "CURRENT_USER");
    assertThat(((DdlStatement.GrantRoles) parse("REVOKE readers FROM alice")).isGrant()).isFalse();

    DdlStatement.GrantPrivileges columns =
        (DdlStatement.GrantPrivileges)
            parse("GRANT SELECT (a, \"B\"), INSERT (c), DELETE ON t TO x");
    assertThat(columns.bits()).isEqualTo(Privilege.DELETE.bit());
    assertThat(columns.columnGrants())
        .containsExactly(
            new DdlStatement.ColumnGrant(Privilege.SELECT.bit(), List.of("a", "B")),
            new DdlStatement.ColumnGrant(Privilege.INSERT.bit(), List.of("c")));

    DdlStatement.AlterTableOwner owner =
        (DdlStatement.AlterTableOwner) parse("ALTER TABLE t OWNER TO alice");
    assertThat(List.of(owner.table(), owner.owner())).containsExactly("t", "alice");
  }

  @Test
  void tokensWithTheirOptions() {
    DdlStatement.CreateToken token =
        (DdlStatement.CreateToken)
            parse(
                "CREATE TOKEN ci FOR ROLE loader VALID UNTIL '2030-01-01'"
                    + " WITH (requests_per_second = 20)");
    assertThat(token.role()).isEqualTo("loader");
    assertThat(token.validUntilMicros()).isPositive();
    assertThat(token.requestsPerSecond()).isEqualTo(20);
    DdlStatement.CreateToken mine = (DdlStatement.CreateToken) parse("CREATE TOKEN mine");
    assertThat(List.of(mine.role(), mine.requestsPerSecond())).containsExactly("CURRENT_USER", 0);
    assertThat(mine.endpoints()).isEmpty();
    DdlStatement.CreateToken dashboard =
        (DdlStatement.CreateToken)
            parse("CREATE TOKEN dash ON ENDPOINT top_pages, Daily, top_pages FOR ROLE viewer");
    assertThat(dashboard.endpoints()).containsExactly("top_pages", "daily");
    assertThat(dashboard.role()).isEqualTo("viewer");
    assertFails("CREATE TOKEN t ON ENDPOINT", ErrorCode.SYNTAX_ERROR);
    assertFails("CREATE TOKEN t WITH (burst = 2)", ErrorCode.SYNTAX_ERROR);
    assertFails("CREATE TOKEN \"a.b\"", ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void whatAuroraDoesNotHaveFailsWithItsName() {
    assertFails("GRANT DELETE (a) ON t TO alice", ErrorCode.INVALID_GRANT_OPERATION);
    assertFails("GRANT SELECT (a) ON t, u TO alice", ErrorCode.SYNTAX_ERROR);
    assertFails("GRANT SELECT (a) ON SCHEMA public TO alice", ErrorCode.SYNTAX_ERROR);
    assertFails("GRANT SELECT ON t TO alice WITH GRANT OPTION", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("GRANT readers TO alice WITH ADMIN OPTION", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("GRANT UPDATE ON t TO alice", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("CREATE ROLE r REPLICATION", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("CREATE ROLE r CONNECTION LIMIT 5", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("ALTER ROLE r RENAME TO s", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails(
        "CREATE ROLE r PASSWORD 'md5" + "0".repeat(32) + "'", ErrorCode.FEATURE_NOT_SUPPORTED);
    assertFails("GRANT CREATE ON t TO alice", ErrorCode.INVALID_GRANT_OPERATION);
    assertFails("GRANT SELECT ON SCHEMA public TO alice", ErrorCode.INVALID_GRANT_OPERATION);
    assertFails("GRANT SELECT ON SCHEMA other TO alice", ErrorCode.UNDEFINED_OBJECT);
    assertFails("GRANT readers TO PUBLIC", ErrorCode.UNDEFINED_OBJECT);
    assertFails("GRANT SELEKT ON t TO alice", ErrorCode.SYNTAX_ERROR);
    assertFails("CREATE ROLE r LOGIN NOLOGIN", ErrorCode.SYNTAX_ERROR);
    assertFails("CREATE ROLE r WITH SOMETHING", ErrorCode.SYNTAX_ERROR);
    assertFails("ALTER ROLE r", ErrorCode.SYNTAX_ERROR);
  }
}
