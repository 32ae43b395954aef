package io.aurora.sql.ddl;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.access.RoleOptions;
import io.aurora.sql.access.RowPolicy;
import io.aurora.sql.access.ScramCredentials;
import io.aurora.sql.expression.TextFormats;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Parses the statements of roles and privileges, as PostgreSQL writes them:
 *
 * <pre>
 * CREATE {ROLE | USER} name [[WITH] option ...]
 * ALTER {ROLE | USER} name [WITH] option ...
 *     option: SUPERUSER | NOSUPERUSER | CREATEDB | NOCREATEDB | CREATEROLE | NOCREATEROLE
 *           | INHERIT | NOINHERIT | LOGIN | NOLOGIN | [ENCRYPTED] PASSWORD 'password' | PASSWORD NULL
 *           | VALID UNTIL 'timestamp' | NOREPLICATION | NOBYPASSRLS | CONNECTION LIMIT -1
 *           | IN ROLE role [, ...] | ROLE role [, ...]          (CREATE only)
 * DROP {ROLE | USER} [IF EXISTS] name [, ...]
 * GRANT role [, ...] TO role [, ...]
 * REVOKE role [, ...] FROM role [, ...] [CASCADE | RESTRICT]
 * GRANT {privilege [, ...] | ALL [PRIVILEGES]} ON {[TABLE] table [, ...] | ALL TABLES IN SCHEMA public
 *     | SCHEMA public | DATABASE name} TO grantee [, ...]
 * REVOKE {privilege [, ...] | ALL [PRIVILEGES]} ON ... FROM grantee [, ...] [CASCADE | RESTRICT]
 *     privilege: SELECT | INSERT | DELETE | TRUNCATE on tables; CREATE | USAGE on the schema;
 *                CONNECT | TEMPORARY on the database
 *     grantee: role | PUBLIC | CURRENT_USER | CURRENT_ROLE | SESSION_USER
 * ALTER TABLE name OWNER TO role
 * ALTER DEFAULT PRIVILEGES [FOR {ROLE | USER} role] [IN SCHEMA public]
 *     {GRANT privilege [, ...] ON TABLES TO grantee [, ...] | REVOKE ... ON TABLES FROM ...}
 * ALTER TABLE name {ENABLE | DISABLE} ROW LEVEL SECURITY
 * CREATE POLICY name ON table [AS PERMISSIVE] [FOR {ALL | SELECT | INSERT | DELETE}]
 *     [TO {role | PUBLIC | CURRENT_USER} [, ...]] [USING (condition)] [WITH CHECK (condition)]
 * DROP POLICY [IF EXISTS] name ON table
 * CREATE TOKEN name [FOR ROLE role] [ON ENDPOINT name, ...] [VALID UNTIL 'timestamp']
 *     [WITH (requests_per_second = n)]
 * DROP TOKEN [IF EXISTS] name
 * </pre>
 *
 * A password is turned into its SCRAM-SHA-256 verifier here, so that no later step sees it; a
 * password given as a verifier ({@code SCRAM-SHA-256$...}) is kept as it is, as PostgreSQL does.
 * What PostgreSQL has and Aurora does not (column privileges, WITH GRANT OPTION, WITH ADMIN OPTION,
 * REPLICATION, BYPASSRLS, connection limits, UPDATE) fails with 0A000 naming it.
 */
final class AccessParser {
  private final DdlTokenizer tokens;

  AccessParser(DdlTokenizer tokens) {
    this.tokens = tokens;
  }

  /** After {@code CREATE}: {@code ROLE | USER name [options]}. */
  DdlStatement parseCreateRole() {
    boolean isUser = tokens.nextKeyword().equals("USER");
    String name = tokens.nextIdentifier();
    Options options = parseOptions(true);
    RoleOptions given = options.build();
    if (isUser && given.login() == null) {
      given =
          new RoleOptions(
              given.superuser(),
              true,
              given.createRole(),
              given.createDb(),
              given.inherit(),
              given.isPasswordSet(),
              given.verifier(),
              given.validUntilMicros());
    }
    return new DdlStatement.CreateRole(name, given, options.inRoles, options.members);
  }

  /** After {@code ALTER}: {@code ROLE | USER name [WITH] options}. */
  DdlStatement parseAlterRole() {
    tokens.nextKeyword();
    String name = roleName();
    String next = tokens.peekKeyword();
    if ("RENAME".equals(next) || "SET".equals(next) || "RESET".equals(next)) {
      throw unsupported("ALTER ROLE ... " + next);
    }
    int position = tokens.position();
    Options options = parseOptions(false);
    RoleOptions given = options.build();
    if (!given.setsAttributes() && !given.isPasswordSet()) {
      throw tokens.error("Expected a role option", position);
    }
    return new DdlStatement.AlterRole(name, given);
  }

  /** After {@code DROP}: {@code ROLE | USER [IF EXISTS] name [, ...]}. */
  DdlStatement parseDropRoles() {
    tokens.nextKeyword();
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    List<String> names = new ArrayList<>();
    do {
      names.add(tokens.nextIdentifier());
    } while (tokens.acceptSymbol(","));
    return new DdlStatement.DropRoles(names, ifExists);
  }

  /** {@code GRANT ...} or {@code REVOKE ...}, with the keyword already read. */
  DdlStatement parseGrant(boolean isGrant) {
    if (!isGrant && tokens.peekKeyword() != null) {
      String option = tokens.peekKeyword();
      if (("GRANT".equals(option) || "ADMIN".equals(option))
          && "OPTION".equals(tokens.peekKeyword(1))) {
        throw unsupported("REVOKE " + option + " OPTION FOR");
      }
    }
    int position = tokens.position();
    List<String> words = new ArrayList<>();
    List<DdlStatement.ColumnGrant> columnGrants = new ArrayList<>();
    boolean isAll = false;
    if (tokens.acceptKeyword("ALL")) {
      tokens.acceptKeyword("PRIVILEGES");
      isAll = true;
    } else {
      do {
        int wordPosition = tokens.position();
        String word = tokens.nextIdentifier();
        if (word.equals("temp")) {
          word = "temporary";
        }
        if (tokens.acceptSymbol("(")) {
          Privilege privilege = Privilege.of(word);
          if (privilege != Privilege.SELECT && privilege != Privilege.INSERT) {
            throw new AuroraException(
                ErrorCode.INVALID_GRANT_OPERATION,
                "invalid privilege type " + privilege + " for column",
                null,
                wordPosition);
          }
          List<String> columns = new ArrayList<>();
          do {
            columns.add(tokens.nextIdentifier());
          } while (tokens.acceptSymbol(","));
          tokens.expectSymbol(")");
          columnGrants.add(new DdlStatement.ColumnGrant(privilege.bit(), columns));
        } else {
          words.add(word);
        }
      } while (tokens.acceptSymbol(","));
    }
    if (!isAll && !"ON".equals(tokens.peekKeyword())) {
      if (!columnGrants.isEmpty()) {
        tokens.expectKeyword("ON");
      }
      tokens.expectKeyword(isGrant ? "TO" : "FROM");
      List<String> members = grantees(false);
      if (isGrant && tokens.acceptKeyword("WITH")) {
        throw unsupported("WITH " + tokens.nextKeyword() + " OPTION");
      }
      acceptDropBehaviour(isGrant);
      return new DdlStatement.GrantRoles(isGrant, words, members);
    }
    tokens.expectKeyword("ON");
    DdlStatement.GrantTarget target;
    List<String> tables = new ArrayList<>();
    if (tokens.acceptKeyword("ALL")) {
      tokens.expectKeyword("TABLES");
      tokens.expectKeyword("IN");
      tokens.expectKeyword("SCHEMA");
      schemaName();
      target = DdlStatement.GrantTarget.ALL_TABLES_IN_SCHEMA;
    } else if (tokens.acceptKeyword("SCHEMA")) {
      schemaName();
      target = DdlStatement.GrantTarget.SCHEMA;
    } else if (tokens.acceptKeyword("DATABASE")) {
      tokens.nextIdentifier();
      target = DdlStatement.GrantTarget.DATABASE;
    } else {
      tokens.acceptKeyword("TABLE");
      do {
        tables.add(tableName());
      } while (tokens.acceptSymbol(","));
      target = DdlStatement.GrantTarget.TABLES;
    }
    if (!columnGrants.isEmpty()
        && (target != DdlStatement.GrantTarget.TABLES || tables.size() != 1)) {
      throw tokens.error("Column privileges are granted on one table", position);
    }
    int bits = privilegeBits(target, isAll, words, position);
    tokens.expectKeyword(isGrant ? "TO" : "FROM");
    List<String> grantees = grantees(true);
    if (isGrant && tokens.acceptKeyword("WITH")) {
      throw unsupported("WITH GRANT OPTION");
    }
    if (tokens.acceptKeyword("GRANTED")) {
      throw unsupported("GRANTED BY");
    }
    acceptDropBehaviour(isGrant);
    return new DdlStatement.GrantPrivileges(isGrant, bits, target, tables, grantees, columnGrants);
  }

  /**
   * After {@code CREATE}: {@code TOKEN name [FOR ROLE role] [ON ENDPOINT name, ...] [VALID UNTIL
   * 'timestamp'] [WITH (requests_per_second = n)]}, the clauses in any order.
   */
  DdlStatement parseCreateToken() {
    tokens.expectKeyword("TOKEN");
    String name = tokens.nextIdentifier();
    if (name.contains(".")) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE, "A token name cannot contain \".\"");
    }
    String role = "CURRENT_USER";
    long validUntil = 0;
    int requestsPerSecond = 0;
    List<String> endpoints = new ArrayList<>();
    while (!tokens.isAtEnd() && !tokens.peekSymbol(";")) {
      int position = tokens.position();
      if (tokens.acceptKeyword("WITH")) {
        tokens.expectSymbol("(");
        int optionPosition = tokens.position();
        if (!tokens.nextIdentifier().equals("requests_per_second")) {
          throw tokens.error("The token option is requests_per_second", optionPosition);
        }
        tokens.expectSymbol("=");
        requestsPerSecond = tokens.nextInteger();
        if (requestsPerSecond < 0) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "requests_per_second must not be negative");
        }
        tokens.expectSymbol(")");
      } else if (tokens.acceptKeyword("FOR")) {
        if (!tokens.acceptKeyword("ROLE")) {
          tokens.expectKeyword("USER");
        }
        role = roleName();
      } else if (tokens.acceptKeyword("VALID")) {
        tokens.expectKeyword("UNTIL");
        validUntil = validUntil(tokens.nextString());
      } else if (tokens.acceptKeyword("ON")) {
        if (!tokens.acceptKeyword("ENDPOINTS")) {
          tokens.expectKeyword("ENDPOINT");
        }
        do {
          String endpoint = tokens.nextIdentifier();
          if (!endpoints.contains(endpoint)) {
            endpoints.add(endpoint);
          }
        } while (tokens.acceptSymbol(","));
      } else {
        throw tokens.error("Expected FOR ROLE, ON ENDPOINT, VALID UNTIL or WITH", position);
      }
    }
    return new DdlStatement.CreateToken(name, role, validUntil, requestsPerSecond, endpoints);
  }

  /** After {@code DROP}: {@code TOKEN [IF EXISTS] name}. */
  DdlStatement parseDropToken() {
    tokens.expectKeyword("TOKEN");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    return new DdlStatement.DropToken(tokens.nextIdentifier(), ifExists);
  }

  /** After {@code ALTER}: {@code DEFAULT PRIVILEGES ...}. */
  DdlStatement parseDefaultPrivileges() {
    tokens.expectKeyword("DEFAULT");
    tokens.expectKeyword("PRIVILEGES");
    String creator = "CURRENT_USER";
    if (tokens.acceptKeyword("FOR")) {
      if (!tokens.acceptKeyword("ROLE")) {
        tokens.expectKeyword("USER");
      }
      creator = roleName();
      if (tokens.peekSymbol(",")) {
        throw unsupported("Default privileges for several roles in one statement");
      }
    }
    boolean inSchema = false;
    if (tokens.acceptKeyword("IN")) {
      tokens.expectKeyword("SCHEMA");
      schemaName();
      inSchema = true;
    }
    boolean isGrant = tokens.acceptKeyword("GRANT");
    if (!isGrant) {
      tokens.expectKeyword("REVOKE");
    }
    int position = tokens.position();
    int bits = 0;
    if (tokens.acceptKeyword("ALL")) {
      tokens.acceptKeyword("PRIVILEGES");
      bits = Privilege.allTableBits();
    } else {
      do {
        Privilege privilege = Privilege.of(tokens.nextIdentifier());
        if (!privilege.isTablePrivilege()) {
          throw tokens.error("Invalid privilege type " + privilege + " for tables", position);
        }
        bits |= privilege.bit();
      } while (tokens.acceptSymbol(","));
    }
    tokens.expectKeyword("ON");
    if (!tokens.acceptKeyword("TABLES")) {
      throw unsupported("Default privileges on objects other than TABLES");
    }
    tokens.expectKeyword(isGrant ? "TO" : "FROM");
    List<String> grantees = grantees(true);
    if (isGrant && tokens.acceptKeyword("WITH")) {
      throw unsupported("WITH GRANT OPTION");
    }
    acceptDropBehaviour(isGrant);
    return new DdlStatement.AlterDefaultPrivileges(isGrant, creator, inSchema, bits, grantees);
  }

  /** After {@code ALTER TABLE name}: {@code ENABLE | DISABLE | FORCE ... ROW LEVEL SECURITY}. */
  DdlStatement parseRowSecurity(String table, String verb) {
    if (verb.equals("FORCE") || verb.equals("NO")) {
      throw unsupported("FORCE ROW LEVEL SECURITY (owners are never limited by policies)");
    }
    tokens.expectKeyword("ROW");
    tokens.expectKeyword("LEVEL");
    tokens.expectKeyword("SECURITY");
    return new DdlStatement.SetRowSecurity(table, verb.equals("ENABLE"));
  }

  /** After {@code CREATE}: {@code POLICY name ON table ...}. */
  DdlStatement parseCreatePolicy() {
    tokens.expectKeyword("POLICY");
    String name = tokens.nextIdentifier();
    tokens.expectKeyword("ON");
    String table = tableName();
    String command = "ALL";
    List<String> roles = new ArrayList<>();
    String using = null;
    String withCheck = null;
    if (tokens.acceptKeyword("AS")) {
      if (tokens.acceptKeyword("RESTRICTIVE")) {
        throw unsupported("AS RESTRICTIVE policies");
      }
      tokens.expectKeyword("PERMISSIVE");
    }
    if (tokens.acceptKeyword("FOR")) {
      int position = tokens.position();
      command = tokens.nextKeyword();
      if (command.equals("UPDATE")) {
        throw unsupported("Policies FOR UPDATE: Aurora has no UPDATE");
      }
      if (!RowPolicy.COMMANDS.contains(command)) {
        throw tokens.error("Expected ALL, SELECT, INSERT or DELETE", position);
      }
    }
    if (tokens.acceptKeyword("TO")) {
      for (String grantee : grantees(true)) {
        if (!grantee.equals(AccessState.PUBLIC)) {
          roles.add(grantee);
        }
      }
    }
    if (tokens.acceptKeyword("USING")) {
      using = condition();
    }
    if (tokens.acceptKeyword("WITH")) {
      tokens.expectKeyword("CHECK");
      withCheck = condition();
    }
    if (using == null && withCheck == null) {
      throw tokens.error("A policy needs USING or WITH CHECK", tokens.position());
    }
    if (command.equals("INSERT") && using != null) {
      throw tokens.error("only WITH CHECK expression allowed for INSERT", tokens.position());
    }
    if ((command.equals("SELECT") || command.equals("DELETE")) && withCheck != null) {
      throw tokens.error("WITH CHECK cannot be applied to SELECT or DELETE", tokens.position());
    }
    return new DdlStatement.CreatePolicy(
        new RowPolicy(name, table, command, roles, using, withCheck));
  }

  /** After {@code DROP}: {@code POLICY [IF EXISTS] name ON table}. */
  DdlStatement parseDropPolicy() {
    tokens.expectKeyword("POLICY");
    boolean ifExists = false;
    if (tokens.acceptKeyword("IF")) {
      tokens.expectKeyword("EXISTS");
      ifExists = true;
    }
    String name = tokens.nextIdentifier();
    tokens.expectKeyword("ON");
    return new DdlStatement.DropPolicy(tableName(), name, ifExists);
  }

  private String condition() {
    tokens.expectSymbol("(");
    String text = tokens.nextExpressionText(null);
    tokens.expectSymbol(")");
    return text;
  }

  /** After {@code ALTER TABLE name}: {@code OWNER TO role}. */
  DdlStatement parseOwnerTo(String table) {
    tokens.expectKeyword("TO");
    return new DdlStatement.AlterTableOwner(table, roleName());
  }

  private int privilegeBits(
      DdlStatement.GrantTarget target, boolean isAll, List<String> words, int position) {
    if (target == DdlStatement.GrantTarget.DATABASE) {
      for (String word : words) {
        if (!word.equals("connect") && !word.equals("temporary") && !word.equals("create")) {
          throw tokens.error("Invalid privilege type " + word + " for database", position);
        }
      }
      return 0;
    }
    boolean isSchema = target == DdlStatement.GrantTarget.SCHEMA;
    if (isAll) {
      return isSchema ? Privilege.allSchemaBits() : Privilege.allTableBits();
    }
    int bits = 0;
    for (String word : words) {
      Privilege privilege = Privilege.of(word);
      if (privilege.isTablePrivilege() == isSchema) {
        throw new AuroraException(
            ErrorCode.INVALID_GRANT_OPERATION,
            "invalid privilege type " + privilege + " for " + (isSchema ? "schema" : "table"));
      }
      bits |= privilege.bit();
    }
    return bits;
  }

  private void acceptDropBehaviour(boolean isGrant) {
    if (!isGrant && !tokens.acceptKeyword("RESTRICT")) {
      tokens.acceptKeyword("CASCADE");
    }
  }

  private List<String> grantees(boolean allowsPublic) {
    List<String> grantees = new ArrayList<>();
    do {
      tokens.acceptKeyword("GROUP");
      String keyword = tokens.peekKeyword();
      if ("PUBLIC".equals(keyword)) {
        if (!allowsPublic) {
          throw new AuroraException(ErrorCode.UNDEFINED_OBJECT, "role \"public\" does not exist");
        }
        tokens.nextKeyword();
        grantees.add(AccessState.PUBLIC);
      } else {
        grantees.add(roleName());
      }
    } while (tokens.acceptSymbol(","));
    return grantees;
  }

  /**
   * A role name, or {@code CURRENT_USER}, {@code CURRENT_ROLE} or {@code SESSION_USER} as written
   * in upper case, for the engine to resolve.
   */
  private String roleName() {
    String keyword = tokens.peekKeyword();
    if ("CURRENT_USER".equals(keyword)
        || "CURRENT_ROLE".equals(keyword)
        || "SESSION_USER".equals(keyword)) {
      tokens.nextKeyword();
      return "CURRENT_USER";
    }
    return tokens.nextIdentifier();
  }

  private void schemaName() {
    int position = tokens.position();
    String schema = tokens.nextIdentifier();
    if (!schema.equals("public")) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_OBJECT,
          "schema \"" + schema + "\" does not exist: Aurora's tables are in schema public",
          null,
          position);
    }
  }

  /** A table name, optionally qualified with {@code public.}. */
  private String tableName() {
    String name = tokens.nextIdentifier();
    if (tokens.acceptSymbol(".")) {
      if (!name.equals("public")) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_OBJECT,
            "schema \"" + name + "\" does not exist: privileges are granted on tables in public");
      }
      name = tokens.nextIdentifier();
    }
    return name;
  }

  private Options parseOptions(boolean isCreate) {
    Options options = new Options();
    tokens.acceptKeyword("WITH");
    while (!tokens.isAtEnd() && !tokens.peekSymbol(";")) {
      int position = tokens.position();
      String option = tokens.nextKeyword();
      switch (option) {
        case "SUPERUSER" -> options.superuser = options.set(options.superuser, true, position);
        case "NOSUPERUSER" -> options.superuser = options.set(options.superuser, false, position);
        case "LOGIN" -> options.login = options.set(options.login, true, position);
        case "NOLOGIN" -> options.login = options.set(options.login, false, position);
        case "CREATEROLE" -> options.createRole = options.set(options.createRole, true, position);
        case "NOCREATEROLE" ->
            options.createRole = options.set(options.createRole, false, position);
        case "CREATEDB" -> options.createDb = options.set(options.createDb, true, position);
        case "NOCREATEDB" -> options.createDb = options.set(options.createDb, false, position);
        case "INHERIT" -> options.inherit = options.set(options.inherit, true, position);
        case "NOINHERIT" -> options.inherit = options.set(options.inherit, false, position);
        case "NOREPLICATION", "NOBYPASSRLS" -> {}
        case "REPLICATION", "BYPASSRLS" -> throw unsupported("Role option " + option);
        case "CONNECTION" -> {
          tokens.expectKeyword("LIMIT");
          boolean isNegative = tokens.acceptSymbol("-");
          int limit = tokens.nextInteger();
          if ((isNegative ? -limit : limit) != -1) {
            throw unsupported("CONNECTION LIMIT other than -1");
          }
        }
        case "ENCRYPTED", "PASSWORD" -> {
          if (option.equals("ENCRYPTED")) {
            tokens.expectKeyword("PASSWORD");
          }
          if (options.isPasswordSet) {
            throw conflicting(position);
          }
          options.isPasswordSet = true;
          options.verifier = tokens.acceptKeyword("NULL") ? null : verifier(tokens.nextString());
        }
        case "VALID" -> {
          tokens.expectKeyword("UNTIL");
          if (options.validUntil != null) {
            throw conflicting(position);
          }
          options.validUntil = validUntil(tokens.nextString());
        }
        case "IN" -> {
          if (!isCreate) {
            throw tokens.error("IN ROLE belongs to CREATE ROLE; use GRANT role TO name", position);
          }
          if (!tokens.acceptKeyword("GROUP")) {
            tokens.expectKeyword("ROLE");
          }
          options.inRoles.addAll(names());
        }
        case "ROLE", "USER" -> {
          if (!isCreate) {
            throw tokens.error("ROLE belongs to CREATE ROLE; use GRANT name TO role", position);
          }
          options.members.addAll(names());
        }
        case "ADMIN" -> throw unsupported("Role option ADMIN");
        default -> throw tokens.error("Unrecognized role option " + option, position);
      }
    }
    return options;
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    do {
      names.add(tokens.nextIdentifier());
    } while (tokens.acceptSymbol(","));
    return names;
  }

  /**
   * The verifier of a password: a SCRAM-SHA-256 verifier as given, anything else hashed; an empty
   * password means none (PostgreSQL clears it with a notice).
   */
  private static @Nullable String verifier(String password) {
    if (password.isEmpty()) {
      return null;
    }
    if (password.startsWith("SCRAM-SHA-256$")) {
      try {
        return ScramCredentials.parse(password).format();
      } catch (IllegalArgumentException e) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "The password looks like a SCRAM-SHA-256 verifier but is not one: " + e.getMessage());
      }
    }
    if (password.length() == 35 && password.startsWith("md5")) {
      throw unsupported("MD5 password hashes (give the password or a SCRAM-SHA-256 verifier)");
    }
    char[] chars = password.toCharArray();
    try {
      return ScramCredentials.hash(chars).format();
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static long validUntil(String text) {
    if (text.strip().equalsIgnoreCase("infinity")) {
      return 0;
    }
    return TextFormats.parseTimestamp(text);
  }

  private AuroraException conflicting(int position) {
    return tokens.error("Conflicting or redundant options", position);
  }

  private static AuroraException unsupported(String what) {
    return new AuroraException(ErrorCode.FEATURE_NOT_SUPPORTED, what + " is not supported");
  }

  /** The options as read; each at most once. */
  private final class Options {
    @Nullable Boolean superuser;
    @Nullable Boolean login;
    @Nullable Boolean createRole;
    @Nullable Boolean createDb;
    @Nullable Boolean inherit;
    boolean isPasswordSet;
    @Nullable String verifier;
    @Nullable Long validUntil;
    final List<String> inRoles = new ArrayList<>();
    final List<String> members = new ArrayList<>();

    Boolean set(@Nullable Boolean current, boolean value, int position) {
      if (current != null) {
        throw conflicting(position);
      }
      return value;
    }

    RoleOptions build() {
      return new RoleOptions(
          superuser, login, createRole, createDb, inherit, isPasswordSet, verifier, validUntil);
    }
  }
}
