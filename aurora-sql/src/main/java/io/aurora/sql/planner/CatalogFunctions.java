package io.aurora.sql.planner;

import io.aurora.sql.access.AccessState;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.sql.system.SystemTypes;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlQuantifyOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates PostgreSQL's catalog functions while planning, against the statement's {@link
 * SystemSchemas}: session constants ({@code version()}, {@code current_user}, {@code
 * current_schema()}) and the answers of a database with one user, no comments, defaults, indexes or
 * constraints become literals; {@code 'name'::regclass} becomes the table's oid; {@code
 * oid::regclass} and {@code format_type(oid, typmod)} become CASE expressions over the catalog's
 * current oids; {@code x = ANY (ARRAY[...])} becomes a disjunction. The executor never sees these
 * functions.
 */
final class CatalogFunctions extends RexShuttle {
  /** What {@code version()} returns; clients parse the PostgreSQL version from its start. */
  static final String VERSION = "PostgreSQL 16.0 (Aurora 0.1.0)";

  private final RexBuilder rexBuilder;
  private final SystemSchemas schemas;

  private CatalogFunctions(RexBuilder rexBuilder, SystemSchemas schemas) {
    this.rexBuilder = rexBuilder;
    this.schemas = schemas;
  }

  static RelNode rewrite(RelNode root, SystemSchemas schemas) {
    CatalogFunctions rewriter = new CatalogFunctions(root.getCluster().getRexBuilder(), schemas);
    return root.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (visited instanceof Filter filter) {
              // A condition that was only a catalog function becomes a constant of the call's
              // (nullable) type: a cast that a filter's condition may not be.
              RexNode condition = filter.getCondition().accept(rewriter);
              condition =
                  RexUtil.removeNullabilityCast(filter.getCluster().getTypeFactory(), condition);
              return condition == filter.getCondition()
                  ? filter
                  : filter.copy(filter.getTraitSet(), filter.getInput(), condition);
            }
            return visited.accept(rewriter);
          }
        });
  }

  @Override
  public RexNode visitSubQuery(RexSubQuery subQuery) {
    RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
    RelNode rel = rewrite(visited.rel, schemas);
    return rel == visited.rel ? visited : visited.clone(rel);
  }

  @Override
  public RexNode visitCall(RexCall call) {
    RexCall visited = (RexCall) super.visitCall(call);
    if (visited.getKind() == SqlKind.AND || visited.getKind() == SqlKind.OR) {
      // An operand may have become a conjunction (x <> ALL (ARRAY[...])); filters need them flat.
      return RexUtil.flatten(rexBuilder, visited);
    }
    SqlOperator operator = visited.getOperator();
    RelDataType type = visited.getType();
    List<RexNode> operands = visited.getOperands();
    if (operator instanceof SqlQuantifyOperator quantify
        && RexUtil.removeCast(operands.get(1)) instanceof RexCall array
        && array.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
      return quantified(quantify, operands.get(0), array.getOperands());
    }
    if (operator == SqlStdOperatorTable.CURRENT_USER
        || operator == SqlStdOperatorTable.SESSION_USER
        || operator == SqlStdOperatorTable.USER
        || operator == SqlStdOperatorTable.SYSTEM_USER
        || operator == SqlStdOperatorTable.CURRENT_ROLE) {
      return literal(SystemSchemas.sessionUser(), type);
    }
    if (operator == AuroraOperatorTable.PG_GET_USERBYID) {
      return caseOf(operands.get(0), schemas.roleNames(), literal("unknown", type), type);
    }
    if (operator == AuroraOperatorTable.HAS_TABLE_PRIVILEGE) {
      return tablePrivilege(operands, type);
    }
    if (operator == AuroraOperatorTable.HAS_SCHEMA_PRIVILEGE) {
      return schemaPrivilege(operands, type);
    }
    if (operator == SqlStdOperatorTable.CURRENT_SCHEMA) {
      return literal(SystemSchemas.PUBLIC, type);
    }
    if (operator == SqlStdOperatorTable.CURRENT_CATALOG
        || operator == AuroraOperatorTable.CURRENT_DATABASE) {
      return literal(SystemSchemas.DATABASE, type);
    }
    if (operator == AuroraOperatorTable.VERSION) {
      return literal(VERSION, type);
    }
    if (operator == AuroraOperatorTable.PG_BACKEND_PID) {
      return rexBuilder.makeLiteral(CurrentSession.pid(), type, true);
    }
    if (operator == AuroraOperatorTable.PG_ENCODING_TO_CHAR) {
      return literal("UTF8", type);
    }
    if (operator == AuroraOperatorTable.PG_TABLE_IS_VISIBLE) {
      // information_schema is not on the search path; pg_catalog and public are.
      int[] hidden = schemas.informationSchemaOids();
      RexNode oid = operands.get(0);
      return rexBuilder.makeCall(
          SqlStdOperatorTable.OR,
          rexBuilder.makeCall(
              SqlStdOperatorTable.LESS_THAN,
              oid,
              rexBuilder.makeExactLiteral(BigDecimal.valueOf(hidden[0]))),
          rexBuilder.makeCall(
              SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
              oid,
              rexBuilder.makeExactLiteral(BigDecimal.valueOf(hidden[1]))));
    }
    if (operator == AuroraOperatorTable.PG_TYPE_IS_VISIBLE
        || operator == AuroraOperatorTable.PG_CONVERSION_IS_VISIBLE
        || operator == AuroraOperatorTable.PG_OPERATOR_IS_VISIBLE
        || operator == AuroraOperatorTable.PG_TS_CONFIG_IS_VISIBLE
        || operator == AuroraOperatorTable.HAS_DATABASE_PRIVILEGE
        || operator == AuroraOperatorTable.PG_FUNCTION_IS_VISIBLE) {
      return rexBuilder.makeLiteral(true, type, true);
    }
    if (operator == AuroraOperatorTable.ARRAY_UPPER
        && operands.get(0) instanceof RexCall array
        && array.getOperator() == AuroraOperatorTable.CURRENT_SCHEMAS) {
      return rexBuilder.makeLiteral(searchPath(array.getOperands().get(0)).size(), type, true);
    }
    if (operator == AuroraOperatorTable.PG_GET_VIEWDEF) {
      // A view's definition is its query as written; by name (text) or by oid.
      RexNode view = operands.get(0);
      if (SqlTypeUtil.isCharacter(view.getType())) {
        Integer oid = schemas.relationOid(constantString(view, "pg_get_viewdef name"));
        String query = oid == null ? null : schemas.viewQueries().get(oid);
        return query == null ? rexBuilder.makeNullLiteral(type) : literal(query, type);
      }
      return caseOf(view, schemas.viewQueries(), rexBuilder.makeNullLiteral(type), type);
    }
    if (operator == AuroraOperatorTable.PG_TOTAL_RELATION_SIZE
        || operator == AuroraOperatorTable.PG_RELATION_SIZE
        || operator == AuroraOperatorTable.PG_TABLE_SIZE) {
      RexNode relation = operands.get(0);
      Map<Integer, Long> sizes = schemas.relationSizes();
      RexNode none = rexBuilder.makeLiteral(0L, type, true);
      if (SqlTypeUtil.isCharacter(relation.getType())) {
        Integer oid = schemas.relationOid(constantString(relation, operator.getName()));
        Long size = oid == null ? null : sizes.get(oid);
        return size == null ? none : rexBuilder.makeLiteral(size, type, true);
      }
      List<RexNode> cases = new ArrayList<>();
      RexNode oid =
          rexBuilder.makeCast(
              rexBuilder
                  .getTypeFactory()
                  .createTypeWithNullability(
                      rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true),
              relation,
              true,
              false);
      sizes.forEach(
          (key, size) -> {
            cases.add(
                rexBuilder.makeCall(
                    SqlStdOperatorTable.EQUALS,
                    oid,
                    rexBuilder.makeLiteral(key, oid.getType(), true)));
            cases.add(rexBuilder.makeLiteral(size, type, true));
          });
      if (cases.isEmpty()) {
        return none;
      }
      cases.add(none);
      return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, cases);
    }
    if (operator == AuroraOperatorTable.PG_SIZE_PRETTY) {
      RexNode size = RexUtil.removeCast(operands.get(0));
      if (size instanceof RexLiteral literal && literal.getValueAs(Long.class) != null) {
        return literal(sizePretty(literal.getValueAs(Long.class)), type);
      }
      if (size instanceof RexCall sizes && sizes.getKind() == SqlKind.CASE) {
        // The CASE of pg_total_relation_size(oid) above: pretty-print each branch.
        List<RexNode> cases = new ArrayList<>();
        for (RexNode operand : sizes.getOperands()) {
          cases.add(RexUtil.removeCast(operand));
        }
        for (int i = 1; i < cases.size(); i += 2) {
          if (!(cases.get(i) instanceof RexLiteral)) {
            return rexBuilder.makeNullLiteral(type);
          }
        }
        for (int i = 1; i < cases.size(); i += 2) {
          cases.set(
              i, literal(sizePretty(((RexLiteral) cases.get(i)).getValueAs(Long.class)), type));
        }
        int last = cases.size() - 1;
        if (!(cases.get(last) instanceof RexLiteral otherwise)) {
          return rexBuilder.makeNullLiteral(type);
        }
        cases.set(last, literal(sizePretty(otherwise.getValueAs(Long.class)), type));
        return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, cases);
      }
      return rexBuilder.makeNullLiteral(type);
    }
    if (operator == AuroraOperatorTable.PG_INDEXES_SIZE) {
      return rexBuilder.makeLiteral(0L, type, true);
    }
    if (operator == AuroraOperatorTable.PG_DATABASE_SIZE) {
      long total = 0;
      for (long size : schemas.relationSizes().values()) {
        total += size;
      }
      return rexBuilder.makeLiteral(total, type, true);
    }
    if (operator == AuroraOperatorTable.PG_IS_IN_RECOVERY
        || operator == AuroraOperatorTable.PG_RELATION_IS_PUBLISHABLE) {
      return rexBuilder.makeLiteral(false, type, true);
    }
    if (operator == AuroraOperatorTable.OBJ_DESCRIPTION
        || operator == AuroraOperatorTable.COL_DESCRIPTION
        || operator == AuroraOperatorTable.SHOBJ_DESCRIPTION
        || operator == AuroraOperatorTable.PG_GET_EXPR
        || operator == AuroraOperatorTable.PG_GET_INDEXDEF
        || operator == AuroraOperatorTable.PG_GET_CONSTRAINTDEF
        || operator == AuroraOperatorTable.PG_GET_PARTKEYDEF
        || operator == AuroraOperatorTable.PG_GET_STATISTICSOBJDEF_COLUMNS
        || operator == AuroraOperatorTable.PG_GET_TRIGGERDEF
        || operator == AuroraOperatorTable.PG_GET_RULEDEF
        || operator == AuroraOperatorTable.PG_GET_SERIAL_SEQUENCE
        || operator == AuroraOperatorTable.ARRAY_UPPER
        || operator == AuroraOperatorTable.ARRAY_ELEMENT
        || operator == AuroraOperatorTable.PG_GET_FUNCTION_RESULT
        || operator == AuroraOperatorTable.PG_GET_FUNCTION_ARGUMENTS
        || operator == AuroraOperatorTable.PG_TABLE_SIZE
        || operator == AuroraOperatorTable.PG_RELATION_SIZE
        || operator == AuroraOperatorTable.PG_TOTAL_RELATION_SIZE
        || operator == AuroraOperatorTable.PG_INDEXES_SIZE
        || operator == AuroraOperatorTable.PG_DATABASE_SIZE
        || operator == AuroraOperatorTable.PG_SIZE_PRETTY
        || operator == AuroraOperatorTable.PG_STAT_GET_NUMSCANS) {
      return rexBuilder.makeNullLiteral(type);
    }
    if (operator == AuroraOperatorTable.PG_TABLESPACE_LOCATION) {
      return literal("", type);
    }
    if (operator == AuroraOperatorTable.QUOTE_IDENT) {
      return quoteIdentifier(operands.get(0), type);
    }
    if (operator == SqlStdOperatorTable.ITEM
        && operands.get(0) instanceof RexCall array
        && array.getOperator() == AuroraOperatorTable.CURRENT_SCHEMAS) {
      List<String> path = searchPath(array.getOperands().get(0));
      if (operands.get(1) instanceof RexLiteral index) {
        Integer position = index.getValueAs(Integer.class);
        return position == null || position < 1 || position > path.size()
            ? rexBuilder.makeNullLiteral(type)
            : literal(path.get(position - 1), type);
      }
      // pgjdbc's type lookup subscripts it with generate_series over its length.
      Map<Integer, String> positions = new LinkedHashMap<>();
      for (int i = 0; i < path.size(); i++) {
        positions.put(i + 1, path.get(i));
      }
      return caseOf(operands.get(1), positions, rexBuilder.makeNullLiteral(type), type);
    }
    if (operator == AuroraOperatorTable.CURRENT_SETTING) {
      String name = constantString(operands.get(0), "current_setting name");
      String value = SystemSchemas.setting(name);
      if (value == null) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Configuration parameter[" + name + "] is not recognized");
      }
      return literal(value, type);
    }
    if (operator == AuroraOperatorTable.ARRAY_TO_STRING) {
      // '{a,b}' without its braces, commas replaced by the separator: Aurora's array text quotes
      // no element (ARRAY(SELECT ...) joins them with commas as they are).
      RexNode array = rexBuilder.makeCast(type, operands.get(0), true, false);
      RexNode inner =
          rexBuilder.makeCall(
              SqlStdOperatorTable.SUBSTRING,
              array,
              rexBuilder.makeExactLiteral(BigDecimal.valueOf(2)),
              rexBuilder.makeCall(
                  SqlStdOperatorTable.MINUS,
                  rexBuilder.makeCall(SqlStdOperatorTable.CHAR_LENGTH, array),
                  rexBuilder.makeExactLiteral(BigDecimal.valueOf(2))));
      return rexBuilder.makeCall(
          SqlStdOperatorTable.REPLACE,
          inner,
          rexBuilder.makeLiteral(","),
          rexBuilder.makeCast(type, operands.get(1), true, false));
    }
    if (operator == AuroraOperatorTable.FORMAT_TYPE) {
      return formatType(operands.get(0), operands.get(1), type);
    }
    if (operator == AuroraOperatorTable.TO_REGCLASS) {
      Integer oid = schemas.relationOid(constantString(operands.get(0), "to_regclass name"));
      return oid == null
          ? rexBuilder.makeNullLiteral(type)
          : rexBuilder.makeLiteral(oid, type, true);
    }
    if (operator == AuroraOperatorTable.REGCLASS
        || operator == AuroraOperatorTable.REGTYPE
        || operator == AuroraOperatorTable.REGNAMESPACE
        || operator == AuroraOperatorTable.REGPROC
        || operator == AuroraOperatorTable.REGPROCEDURE
        || operator == AuroraOperatorTable.REGROLE) {
      return objectIdentifier(operator, operands.get(0), type);
    }
    return visited;
  }

  /**
   * {@code x = ANY (ARRAY[a, b])} as {@code x = a OR x = b}, and {@code x <> ALL (ARRAY[a, b])} as
   * {@code x <> a AND x <> b}, with the same answers for NULLs: Aurora's executor has no arrays,
   * and clients spell IN lists this way (pgcli's relkind filters).
   */
  private RexNode quantified(SqlQuantifyOperator quantify, RexNode value, List<RexNode> elements) {
    SqlOperator comparison =
        switch (quantify.comparisonKind) {
          case EQUALS -> SqlStdOperatorTable.EQUALS;
          case NOT_EQUALS -> SqlStdOperatorTable.NOT_EQUALS;
          case LESS_THAN -> SqlStdOperatorTable.LESS_THAN;
          case LESS_THAN_OR_EQUAL -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
          case GREATER_THAN -> SqlStdOperatorTable.GREATER_THAN;
          case GREATER_THAN_OR_EQUAL -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
          default -> throw new IllegalStateException("Comparison[" + quantify.comparisonKind + "]");
        };
    List<RexNode> comparisons = new ArrayList<>();
    for (RexNode element : elements) {
      comparisons.add(rexBuilder.makeCall(comparison, value, element));
    }
    return quantify.getKind() == SqlKind.ALL
        ? RexUtil.composeConjunction(rexBuilder, comparisons)
        : RexUtil.composeDisjunction(rexBuilder, comparisons);
  }

  /** {@code current_schemas(includeImplicit)}: {@code pg_catalog} is the implicit schema. */
  private static List<String> searchPath(RexNode includeImplicit) {
    boolean isImplicitIncluded =
        includeImplicit instanceof RexLiteral literal
            && Boolean.TRUE.equals(literal.getValueAs(Boolean.class));
    return isImplicitIncluded
        ? List.of(SystemSchemas.PG_CATALOG, SystemSchemas.PUBLIC)
        : List.of(SystemSchemas.PUBLIC);
  }

  /**
   * {@code has_table_privilege([user,] table, privilege)} from the catalog's privileges: the user
   * by name or oid (the session's when left out), the table by name or oid, the privilege a
   * constant list such as {@code 'SELECT, INSERT'} (any of them). A table operand that is a column
   * (psql's {@code \dp} over {@code pg_class}) becomes a CASE over the user tables' oids; system
   * tables and views answer true, as everyone reads them (a view with the privileges of its reader
   * on the tables it reads).
   */
  private RexNode tablePrivilege(List<RexNode> operands, RelDataType type) {
    int count = operands.size();
    String user = count == 3 ? roleName(operands.get(0)) : SystemSchemas.sessionUser();
    RexNode table = RexUtil.removeCast(operands.get(count - 2));
    int bits = privilegeBits(operands.get(count - 1), true);
    AccessState access = schemas.access();
    if (user == null) {
      return rexBuilder.makeNullLiteral(type);
    }
    if (table instanceof RexLiteral literal && SqlTypeUtil.isCharacter(literal.getType())) {
      String name = constantString(literal, "table name");
      String bare = name.startsWith(SystemSchemas.PUBLIC + ".") ? name.substring(7) : name;
      Integer oid = schemas.relationOid(name);
      if (oid == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
      }
      boolean isUserTable = schemas.userOidsByName().containsKey(bare);
      return rexBuilder.makeLiteral(!isUserTable || holds(access, user, bare, bits), type, true);
    }
    List<RexNode> cases = new ArrayList<>();
    boolean isName = SqlTypeUtil.isCharacter(table.getType());
    RexNode key =
        isName
            ? table
            : rexBuilder.makeCast(
                rexBuilder
                    .getTypeFactory()
                    .createTypeWithNullability(
                        rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true),
                table,
                true,
                false);
    schemas
        .userOidsByName()
        .forEach(
            (name, relationOid) -> {
              if (!holds(access, user, name, bits)) {
                if (isName) {
                  // A name computed per row, such as quote_ident(schema) || '.' || relname.
                  for (String form :
                      List.of(
                          name,
                          SystemSchemas.PUBLIC + "." + name,
                          "\"" + name + "\"",
                          "\"" + SystemSchemas.PUBLIC + "\".\"" + name + "\"")) {
                    cases.add(
                        rexBuilder.makeCall(
                            SqlStdOperatorTable.EQUALS, key, rexBuilder.makeLiteral(form)));
                    cases.add(rexBuilder.makeLiteral(false, type, true));
                  }
                } else {
                  cases.add(
                      rexBuilder.makeCall(
                          SqlStdOperatorTable.EQUALS,
                          key,
                          rexBuilder.makeLiteral(relationOid, key.getType(), true)));
                  cases.add(rexBuilder.makeLiteral(false, type, true));
                }
              }
            });
    RexNode yes = rexBuilder.makeLiteral(true, type, true);
    if (cases.isEmpty()) {
      return yes;
    }
    cases.add(yes);
    return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, cases);
  }

  /** Whether {@code user} holds any privilege of {@code bits} on {@code table} (a view: true). */
  private boolean holds(AccessState access, String user, String table, int bits) {
    if (schemas.viewQueries().containsKey(schemas.userOidsByName().get(table))
        || (bits & OWNER_ONLY) != 0 && access.isOwner(user, table)) {
      return true;
    }
    for (Privilege privilege : Privilege.values()) {
      if ((bits & privilege.bit()) != 0 && access.hasTablePrivilege(user, table, privilege)) {
        return true;
      }
    }
    return false;
  }

  /** {@code has_schema_privilege([user,] schema, privilege)}: CREATE and USAGE on public. */
  private RexNode schemaPrivilege(List<RexNode> operands, RelDataType type) {
    int count = operands.size();
    String user = count == 3 ? roleName(operands.get(0)) : SystemSchemas.sessionUser();
    int bits = privilegeBits(operands.get(count - 1), false);
    RexNode schema = RexUtil.removeCast(operands.get(count - 2));
    if (user == null) {
      return rexBuilder.makeNullLiteral(type);
    }
    boolean isPublic =
        !(schema instanceof RexLiteral literal && SqlTypeUtil.isCharacter(literal.getType()))
            || constantString(literal, "schema name").equals(SystemSchemas.PUBLIC);
    if (!isPublic || (bits & Privilege.CREATE.bit()) == 0) {
      // Every role may use every schema; only public takes new tables.
      return rexBuilder.makeLiteral(isPublic || bits == Privilege.USAGE.bit(), type, true);
    }
    return rexBuilder.makeLiteral(
        schemas.access().hasSchemaPrivilege(user, Privilege.CREATE)
            || (bits & Privilege.USAGE.bit()) != 0,
        type,
        true);
  }

  /** A role operand by name or oid; null when it is not a constant. */
  private @Nullable String roleName(RexNode operand) {
    RexNode value = RexUtil.removeCast(operand);
    if (!(value instanceof RexLiteral literal) || literal.isNull()) {
      return null;
    }
    if (SqlTypeUtil.isCharacter(literal.getType())) {
      return constantString(literal, "role name");
    }
    Integer oid = literal.getValueAs(Integer.class);
    return oid == null ? null : schemas.roleNames().get(oid);
  }

  /**
   * The privileges a constant text names ({@code 'SELECT'}, {@code 'select, insert WITH GRANT
   * OPTION'}); anything else fails with 22023 as in PostgreSQL.
   */
  private static int privilegeBits(RexNode operand, boolean isTable) {
    String text = constantString(RexUtil.removeCast(operand), "privilege");
    int bits = 0;
    for (String part : text.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      if (name.endsWith(" WITH GRANT OPTION")) {
        name = name.substring(0, name.length() - " WITH GRANT OPTION".length()).strip();
      }
      Privilege privilege =
          switch (name) {
            case "SELECT" -> Privilege.SELECT;
            case "INSERT" -> Privilege.INSERT;
            case "DELETE" -> Privilege.DELETE;
            case "TRUNCATE" -> Privilege.TRUNCATE;
            case "CREATE" -> Privilege.CREATE;
            case "USAGE" -> Privilege.USAGE;
            // Aurora has no UPDATE, REFERENCES or TRIGGER: only an owner (or a superuser) holds
            // them, as it holds every privilege of its table in PostgreSQL.
            case "UPDATE", "REFERENCES", "TRIGGER" -> {
              bits |= isTable ? OWNER_ONLY : 0;
              yield null;
            }
            default ->
                throw new AuroraException(
                    ErrorCode.INVALID_PARAMETER_VALUE,
                    "unrecognized privilege type: \"" + part.strip() + "\"");
          };
      if (privilege != null && privilege.isTablePrivilege() == isTable) {
        bits |= privilege.bit();
      }
    }
    return bits;
  }

  /** A privilege bit for UPDATE, REFERENCES and TRIGGER: held by owners only. */
  private static final int OWNER_ONLY = 1 << 30;

  private RexNode literal(String value, RelDataType type) {
    return rexBuilder.makeLiteral(value, type, true);
  }

  private static String constantString(RexNode node, String what) {
    if (node instanceof RexLiteral literal && !literal.isNull()) {
      String value = literal.getValueAs(String.class);
      if (value != null) {
        return value;
      }
    }
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED, "A non-constant " + what + " is not supported");
  }

  private RexNode objectIdentifier(SqlOperator operator, RexNode operand, RelDataType type) {
    if (operand instanceof RexLiteral literal && literal.isNull()) {
      return rexBuilder.makeNullLiteral(type);
    }
    String kind = operator.getName().toLowerCase(Locale.ROOT);
    if (kind.startsWith("regproc")) {
      // The system tables name functions as text (pg_type.typinput is 'int4in'), without schema.
      if (operand instanceof RexLiteral literal && SqlTypeUtil.isCharacter(operand.getType())) {
        String name = constantString(literal, kind + " name");
        return literal(name.substring(name.lastIndexOf('.') + 1), type);
      }
      return rexBuilder.makeCast(type, operand, true, false);
    }
    if (SqlTypeUtil.isCharacter(operand.getType())) {
      String name = constantString(operand, kind + " name");
      Integer oid =
          switch (kind) {
            case "regclass" -> schemas.relationOid(name);
            case "regtype" -> SystemTypes.oidOf(name.strip().toLowerCase(Locale.ROOT));
            case "regnamespace" -> schemas.namespaceOid(name);
            case "regrole" -> schemas.roleOids().get(name);
            default -> null;
          };
      if (oid == null) {
        throw new AuroraException(
            kind.equals("regclass") ? ErrorCode.UNDEFINED_TABLE : ErrorCode.UNDEFINED_OBJECT,
            (kind.equals("regclass") ? "Relation" : "Object") + "[" + name + "] does not exist");
      }
      return rexBuilder.makeLiteral(oid, type, true);
    }
    Map<Integer, String> names =
        switch (kind) {
          case "regclass" -> schemas.relationNames();
          case "regtype" -> SystemTypes.displayNames();
          case "regnamespace" -> schemas.namespaceNames();
          case "regrole" -> schemas.roleNames();
          default -> Map.of();
        };
    return caseOf(operand, names, rexBuilder.makeCast(type, operand, true, false), type);
  }

  /** PostgreSQL's {@code pg_size_pretty}: bytes below 10 kB, then kB, MB, GB, TB, PB, rounded. */
  static String sizePretty(long bytes) {
    long limit = 10 * 1024;
    long limit2 = limit * 2 - 1;
    if (Math.abs(bytes) < limit) {
      return bytes + " bytes";
    }
    long size = bytes >> 9; // one extra bit for rounding
    for (String unit : new String[] {"kB", "MB", "GB", "TB"}) {
      if (Math.abs(size) < limit2) {
        return halfRounded(size) + " " + unit;
      }
      size >>= 10;
    }
    return halfRounded(size) + " PB";
  }

  private static long halfRounded(long size) {
    return (size + (size < 0 ? -1 : 1)) / 2;
  }

  /** {@code CASE value WHEN key THEN name ... ELSE otherwise END}. */
  private RexNode caseOf(
      RexNode value, Map<Integer, String> names, RexNode otherwise, RelDataType type) {
    List<RexNode> operands = new ArrayList<>();
    RexNode integerValue =
        value.getType().getSqlTypeName() == SqlTypeName.INTEGER
            ? value
            : rexBuilder.makeCast(
                rexBuilder
                    .getTypeFactory()
                    .createTypeWithNullability(
                        rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true),
                value,
                true,
                false);
    names.forEach(
        (oid, name) -> {
          operands.add(
              rexBuilder.makeCall(
                  SqlStdOperatorTable.EQUALS,
                  integerValue,
                  rexBuilder.makeLiteral(oid, integerValue.getType(), true)));
          operands.add(literal(name, type));
        });
    if (operands.isEmpty()) {
      return otherwise;
    }
    operands.add(otherwise);
    return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, operands);
  }

  /**
   * {@code format_type(oid, typmod)}: the type's name, with precision and scale for {@code numeric}
   * and the length for {@code character varying} when the modifier carries them.
   */
  private RexNode formatType(RexNode oid, RexNode modifier, RelDataType type) {
    RelDataType integer =
        rexBuilder
            .getTypeFactory()
            .createTypeWithNullability(
                rexBuilder.getTypeFactory().createSqlType(SqlTypeName.INTEGER), true);
    RexNode typmod =
        modifier.getType().getSqlTypeName() == SqlTypeName.NULL
            ? rexBuilder.makeNullLiteral(integer)
            : rexBuilder.makeCast(integer, modifier, true, false);
    RexNode value =
        rexBuilder.makeCall(
            SqlStdOperatorTable.MINUS, typmod, rexBuilder.makeLiteral(4, integer, true));
    RexNode hasModifier =
        rexBuilder.makeCall(
            SqlStdOperatorTable.GREATER_THAN_OR_EQUAL,
            typmod,
            rexBuilder.makeLiteral(4, integer, true));
    RexNode precision =
        rexBuilder.makeCall(
            SqlStdOperatorTable.DIVIDE, value, rexBuilder.makeLiteral(65536, integer, true));
    RexNode scale =
        rexBuilder.makeCall(
            SqlStdOperatorTable.MOD, value, rexBuilder.makeLiteral(65536, integer, true));
    RexNode numeric =
        concat(
            type,
            literal("numeric(", type),
            rexBuilder.makeCast(type, precision, true, false),
            literal(",", type),
            rexBuilder.makeCast(type, scale, true, false),
            literal(")", type));
    RexNode varchar =
        concat(
            type,
            literal("character varying(", type),
            rexBuilder.makeCast(type, value, true, false),
            literal(")", type));
    RexNode oidValue = rexBuilder.makeCast(integer, oid, true, false);
    List<RexNode> operands = new ArrayList<>();
    operands.add(rexBuilder.makeCall(SqlStdOperatorTable.IS_NULL, oidValue));
    operands.add(rexBuilder.makeNullLiteral(type));
    operands.add(
        rexBuilder.makeCall(
            SqlStdOperatorTable.AND,
            rexBuilder.makeCall(
                SqlStdOperatorTable.EQUALS, oidValue, rexBuilder.makeLiteral(1700, integer, true)),
            hasModifier));
    operands.add(numeric);
    operands.add(
        rexBuilder.makeCall(
            SqlStdOperatorTable.AND,
            rexBuilder.makeCall(
                SqlStdOperatorTable.EQUALS, oidValue, rexBuilder.makeLiteral(1043, integer, true)),
            hasModifier));
    operands.add(varchar);
    SystemTypes.displayNames()
        .forEach(
            (typeOid, name) -> {
              operands.add(
                  rexBuilder.makeCall(
                      SqlStdOperatorTable.EQUALS,
                      oidValue,
                      rexBuilder.makeLiteral(typeOid, integer, true)));
              operands.add(literal(name, type));
            });
    operands.add(literal("???", type));
    return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, operands);
  }

  /**
   * {@code quote_ident(name)}: {@code name} itself when it is a lower-case word that is not one of
   * {@link #QUOTED_KEYWORDS}, else {@code name} in double quotes with its quotes doubled.
   */
  private RexNode quoteIdentifier(RexNode name, RelDataType type) {
    RexNode text = rexBuilder.makeCast(type, name, true, false);
    List<RexNode> keywords = new ArrayList<>();
    for (String keyword : QUOTED_KEYWORDS) {
      keywords.add(literal(keyword, type));
    }
    RexNode isPlain =
        rexBuilder.makeCall(
            SqlStdOperatorTable.AND,
            rexBuilder.makeCall(
                SqlStdOperatorTable.POSIX_REGEX_CASE_SENSITIVE,
                text,
                rexBuilder.makeLiteral("^[a-z_][a-z0-9_$]*$")),
            rexBuilder.makeCall(SqlStdOperatorTable.NOT, rexBuilder.makeIn(text, keywords)));
    RexNode quoted =
        concat(
            type,
            literal("\"", type),
            rexBuilder.makeCall(
                SqlStdOperatorTable.REPLACE, text, literal("\"", type), literal("\"\"", type)),
            literal("\"", type));
    return rexBuilder.makeCall(type, SqlStdOperatorTable.CASE, List.of(isPlain, text, quoted));
  }

  /**
   * The keywords that {@code quote_ident} quotes: PostgreSQL's reserved ones and those it allows
   * only as column, type or function names.
   */
  private static final List<String> QUOTED_KEYWORDS =
      List.of(
          ("all analyse analyze and any array as asc asymmetric both case cast check "
                  + "collate column constraint create current_catalog current_date current_role "
                  + "current_time current_timestamp current_user default deferrable desc distinct do "
                  + "else end except false fetch for foreign from grant group having in initially "
                  + "intersect into lateral leading limit localtime localtimestamp not null offset "
                  + "on only or order placing primary references returning select session_user some "
                  + "symmetric system_user table then to trailing true union unique user using "
                  + "variadic when where window with authorization binary collation concurrently "
                  + "cross current_schema freeze full ilike inner is isnull join left like natural "
                  + "notnull outer overlaps right similar tablesample verbose between bigint bit "
                  + "boolean char character coalesce dec decimal exists extract float greatest "
                  + "grouping inout int integer interval least national nchar none normalize nullif "
                  + "numeric out overlay position precision real row setof smallint substring time "
                  + "timestamp treat trim values varchar")
              .split(" "));

  private RexNode concat(RelDataType type, RexNode... parts) {
    RexNode result = parts[0];
    for (int i = 1; i < parts.length; i++) {
      result = rexBuilder.makeCall(type, SqlStdOperatorTable.CONCAT, List.of(result, parts[i]));
    }
    return result;
  }
}
