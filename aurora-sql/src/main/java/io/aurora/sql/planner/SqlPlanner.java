package io.aurora.sql.planner;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.EngineActivity;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.rules.AggregateExpandDistinctAggregatesRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.PruneEmptyRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;
import org.apache.calcite.util.ImmutableBitSet;
import org.jspecify.annotations.Nullable;

/**
 * Parses, validates and optimizes a query or INSERT with Calcite, against Aurora's catalog.
 *
 * <p>The dialect is PostgreSQL's as far as Calcite's Babel parser goes (with Calcite's LENIENT
 * conformance: Babel's also lets a SELECT item refer to another item's alias, which PostgreSQL does
 * not, and Calcite's validation of that fails on grouped CASE expressions): unquoted identifiers
 * fold to lower case, double-quoted ones keep their case, {@code x::type}, ILIKE, LIMIT/OFFSET,
 * GROUP BY ordinals and aliases; nulls sort last ascending and first descending. Optimization runs
 * rule-based passes: subqueries become joins (decorrelated), filters move into joins and scans,
 * projections merge, windowed projections become window nodes, and joins are reordered by the
 * optimizer's cost model over the tables' row counts. The result is a logical plan that {@code
 * io.aurora.sql.execution.LocalExecutionPlanner} turns into Aurora's operators.
 */
public final class SqlPlanner {
  private static final SqlParser.Config PARSER_CONFIG =
      SqlParser.config()
          .withParserFactory(SqlBabelParserImpl.FACTORY)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.TO_LOWER)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(true)
          .withConformance(SqlConformanceEnum.LENIENT);

  private static final HepProgram SUBQUERIES =
      new HepProgramBuilder()
          .addRuleCollection(
              List.of(
                  CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                  CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                  CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
          .build();

  private static final HepProgram PRUNE_EMPTY =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleCollection(
              List.of(
                  PruneEmptyRules.PROJECT_INSTANCE,
                  PruneEmptyRules.FILTER_INSTANCE,
                  PruneEmptyRules.SORT_INSTANCE,
                  PruneEmptyRules.AGGREGATE_INSTANCE,
                  PruneEmptyRules.JOIN_LEFT_INSTANCE,
                  PruneEmptyRules.JOIN_RIGHT_INSTANCE,
                  PruneEmptyRules.UNION_INSTANCE))
          .build();

  /**
   * COUNT(DISTINCT x) GROUP BY g (with SUM, MIN, MAX or COUNT beside it) becomes an aggregation
   * over GROUP BY g, x: the inner aggregation runs in parallel with partial aggregates, where a
   * distinct aggregate cannot be split. Only for aggregations whose distinct calls share one
   * argument list (string_agg excepted) and have no FILTER, which Calcite rewrites into nested
   * aggregations; other shapes would become joins or grouping sets.
   */
  private static final RelOptRule EXPAND_SINGLE_DISTINCT =
      AggregateExpandDistinctAggregatesRule.Config.JOIN
          .withOperandSupplier(
              b ->
                  b.operand(LogicalAggregate.class)
                      .predicate(SqlPlanner::hasOneDistinct)
                      .anyInputs())
          .as(AggregateExpandDistinctAggregatesRule.Config.class)
          .toRule();

  private static boolean hasOneDistinct(Aggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return false;
    }
    List<Integer> distinctArgs = null;
    for (AggregateCall call : aggregate.getAggCallList()) {
      if (call.filterArg >= 0) {
        return false;
      }
      if (call.isDistinct()) {
        if (call.getAggregation().getKind() == SqlKind.LISTAGG) {
          // string_agg(DISTINCT x, ','): the executor needs its separator as a constant, which
          // the rewrite would turn into a grouping column
          return false;
        }
        if (distinctArgs != null && !distinctArgs.equals(call.getArgList())) {
          return false;
        }
        distinctArgs = call.getArgList();
        continue;
      }
      switch (call.getAggregation().getKind()) {
        case SUM, SUM0, MIN, MAX, COUNT -> {}
        default -> {
          return false;
        }
      }
    }
    return distinctArgs != null;
  }

  private static final HepProgram SIMPLIFY =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleCollection(
              List.of(
                  CoreRules.FILTER_INTO_JOIN,
                  CoreRules.JOIN_CONDITION_PUSH,
                  CoreRules.FILTER_PROJECT_TRANSPOSE,
                  CoreRules.FILTER_AGGREGATE_TRANSPOSE,
                  CoreRules.FILTER_MERGE,
                  CoreRules.PROJECT_MERGE,
                  CoreRules.PROJECT_REMOVE,
                  CoreRules.AGGREGATE_PROJECT_MERGE,
                  EXPAND_SINGLE_DISTINCT,
                  CoreRules.INTERSECT_TO_DISTINCT,
                  CoreRules.MINUS_TO_DISTINCT,
                  CoreRules.UNION_MERGE))
          .build();

  private static final HepProgram TO_MULTI_JOINS =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
          .build();

  /** Orders the joins that {@link JoinOrder} leaves alone (outer joins, very many tables). */
  private static final HepProgram GREEDY_JOIN_ORDER =
      new HepProgramBuilder().addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE).build();

  private static final HepProgram FINISH =
      new HepProgramBuilder()
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleCollection(
              List.of(
                  CoreRules.FILTER_INTO_JOIN,
                  CoreRules.JOIN_CONDITION_PUSH,
                  CoreRules.JOIN_PUSH_EXPRESSIONS,
                  CoreRules.FILTER_PROJECT_TRANSPOSE,
                  CoreRules.FILTER_MERGE,
                  CoreRules.PROJECT_MERGE,
                  CoreRules.PROJECT_REMOVE))
          .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
          .build();

  /**
   * PostgreSQL's names of types that SQL does not name, as {@code CAST(x AS text)} uses them; a
   * {@code timestamptz} is a TIMESTAMP, which Aurora keeps in UTC.
   */
  private static final Map<String, SqlTypeName> POSTGRES_TYPE_NAMES =
      Map.ofEntries(
          Map.entry("text", SqlTypeName.VARCHAR),
          Map.entry("json", SqlTypeName.VARCHAR),
          Map.entry("jsonb", SqlTypeName.VARCHAR),
          Map.entry("name", SqlTypeName.VARCHAR),
          Map.entry("bpchar", SqlTypeName.VARCHAR),
          Map.entry("int2", SqlTypeName.SMALLINT),
          Map.entry("int4", SqlTypeName.INTEGER),
          Map.entry("int8", SqlTypeName.BIGINT),
          Map.entry("float4", SqlTypeName.REAL),
          Map.entry("float8", SqlTypeName.DOUBLE),
          Map.entry("bool", SqlTypeName.BOOLEAN),
          Map.entry("oid", SqlTypeName.INTEGER),
          Map.entry("timestamptz", SqlTypeName.TIMESTAMP));

  private final Catalog catalog;
  private volatile SessionDirectory sessions = SessionDirectory.NONE;
  private volatile EngineActivity activity = EngineActivity.NONE;

  public SqlPlanner(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /**
   * What {@code system.queries} and {@code pg_stat_user_tables} list: the engine's running
   * statements and table activity.
   */
  public void setEngineActivity(EngineActivity activity) {
    this.activity = requireNonNull(activity, "activity is null");
  }

  /** The client sessions that {@code pg_stat_activity} lists; none until the server sets them. */
  public void setSessionDirectory(SessionDirectory sessions) {
    this.sessions = requireNonNull(sessions, "sessions is null");
  }

  /**
   * A configuration over a fresh root schema: schema {@code public} with the catalog's tables (the
   * default schema, where the tables of {@code pg_catalog} resolve too, as PostgreSQL searches
   * {@code pg_catalog} implicitly; a user table of the same name wins), {@code pg_catalog}, {@code
   * information_schema} and {@code system} (whose tables resolve only qualified, so a user table
   * {@code nodes} is still {@code nodes}). Calcite caches a schema's tables once it has looked them
   * up, while Aurora's tables change with every DDL from any session; a root schema per statement
   * sees the catalog as it is when the statement is planned, at the cost of a few small objects.
   */
  private FrameworkConfig config(SystemSchemas system, List<String> expandedViews) {
    SchemaPlus root = Frameworks.createRootSchema(false);
    Map<String, Table> visible = new LinkedHashMap<>(system.pgCatalog());
    for (String name : catalog.tableNames()) {
      Table table = catalog.table(name);
      if (table != null) {
        visible.put(name, table);
      }
    }
    Map<String, org.apache.calcite.schema.Table> views = new LinkedHashMap<>();
    for (ViewDefinition view : catalog.views()) {
      views.put(view.name(), new ViewTable(view, expandedViews));
    }
    SchemaPlus schema = root.add(SystemSchemas.PUBLIC, new AuroraCalciteSchema(visible, views));
    SchemaPlus pgCatalog =
        root.add(SystemSchemas.PG_CATALOG, new AuroraCalciteSchema(system.pgCatalog()));
    for (Map.Entry<String, SqlTypeName> type : POSTGRES_TYPE_NAMES.entrySet()) {
      RelProtoDataType proto = RelDataTypeImpl.proto(type.getValue(), true);
      root.add(type.getKey(), proto);
      pgCatalog.add(type.getKey(), proto);
    }
    root.add(SystemSchemas.INFORMATION_SCHEMA, new AuroraCalciteSchema(system.informationSchema()));
    root.add(SystemSchemas.SYSTEM, new AuroraCalciteSchema(system.cluster()));
    return Frameworks.newConfigBuilder()
        .parserConfig(PARSER_CONFIG)
        .defaultSchema(schema)
        .operatorTable(AuroraOperatorTable.instance())
        .convertletTable(DateArithmetic.CONVERTLETS)
        .typeSystem(AuroraTypeSystem.INSTANCE)
        .executor(AuroraRexExecutor.INSTANCE)
        .sqlValidatorConfig(
            SqlValidator.Config.DEFAULT
                .withConformance(SqlConformanceEnum.LENIENT)
                .withTypeCoercionRules(AuroraTypeSystem.CAST_RULES)
                .withIdentifierExpansion(true)
                .withDefaultNullCollation(NullCollation.HIGH))
        .sqlToRelConverterConfig(
            SqlToRelConverter.config()
                .withExpand(false)
                .withTrimUnusedFields(true)
                .withRelBuilderFactory(NullArithmetic.RELATIONAL_BUILDERS))
        .build();
  }

  /** Parses one statement; EXPLAIN wraps the statement it explains. */
  public SqlNode parse(String sql) {
    Planner planner =
        Frameworks.getPlanner(
            config(SystemSchemas.of(catalog, sessions, activity), new ArrayList<>()));
    try {
      return planner.parse(rewrite(sql));
    } catch (SqlParseException e) {
      throw PlannerErrors.parseError(sql, e);
    } finally {
      planner.close();
    }
  }

  /** Plans a parsed query or INSERT. */
  public PlannedStatement plan(String sql, SqlNode statement) {
    SqlNode query = statement instanceof SqlExplain explain ? explain.getExplicandum() : statement;
    return plan(sql, rewrite(sql), query, new int[0], 0);
  }

  /**
   * Plans a query whose {@code $n} parameters stay open, to run with any values later ({@link
   * PlannedStatement#parameterOfOccurrence()}); {@code parameterTypes} are the declared types by
   * number, null where the client left a type open (Calcite infers it from where the parameter
   * stands, and fails with a validation error where it cannot).
   */
  public PlannedStatement planParameterized(String sql, List<@Nullable DataType> parameterTypes) {
    DynamicParameters.Rewritten rewritten;
    try {
      rewritten = DynamicParameters.rewrite(rewrite(sql), parameterTypes);
    } catch (IllegalArgumentException e) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_PARAMETER, "Parameter " + e.getMessage() + " has no value", e);
    }
    return plan(
        sql, rewritten.sql(), null, rewritten.parameterOfOccurrence(), parameterTypes.size());
  }

  /**
   * Plans {@code text} ({@code sql} rewritten), validating {@code query} or else what it parses.
   */
  private PlannedStatement plan(
      String sql,
      String text,
      @Nullable SqlNode query,
      int[] parameterOfOccurrence,
      int parameterCount) {
    SystemSchemas system = SystemSchemas.of(catalog, sessions, activity);
    List<String> expandedViews = new ArrayList<>();
    Planner planner = Frameworks.getPlanner(config(system, expandedViews));
    try {
      SqlNode parsed = planner.parse(text);
      SqlNode statement = query == null ? parsed : query;
      List<@Nullable String> figured = ColumnNames.figure(statement);
      SqlNode validated = planner.validate(OrderedSetAggregates.rewrite(statement));
      RelRoot root = planner.rel(validated);
      RelNode logical = root.project();
      List<@Nullable RelDataType> parameterTypes =
          parameterTypes(logical, parameterOfOccurrence, parameterCount);
      RelNode evaluated = CatalogFunctions.rewrite(logical, system);
      RelNode plan = optimize(evaluated);
      if (SqlKind.QUERY.contains(statement.getKind())) {
        plan = intervalsAsText(plan);
      }
      List<String> names =
          ColumnNames.postgresNames(figured, validated, root.validatedRowType.getFieldNames());
      // A plan that read a view is not kept: the view may be replaced by a statement that no
      // table's state records.
      // System tables are looked for in the plan before optimization: an optimized plan may no
      // longer scan a table whose filter it proved empty, and must not be kept for later.
      boolean isReusable =
          evaluated == logical
              && !readsSystemTables(logical)
              && !readsSystemTables(plan)
              && expandedViews.isEmpty();
      return new PlannedStatement(
          statement.getKind(),
          plan,
          names,
          parameterOfOccurrence,
          parameterTypes,
          isReusable,
          expandedViews);
    } catch (SqlParseException e) {
      throw PlannerErrors.parseError(sql, e);
    } catch (ValidationException e) {
      throw PlannerErrors.validationError(sql, e, catalog);
    } catch (RelConversionException e) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Planning failed: " + e.getMessage(), e);
    } finally {
      planner.close();
    }
  }

  /** The type of each parameter by number, from the dynamic parameters of the plan. */
  private static List<@Nullable RelDataType> parameterTypes(
      RelNode plan, int[] parameterOfOccurrence, int parameterCount) {
    List<@Nullable RelDataType> types = new ArrayList<>();
    for (int i = 0; i < parameterCount; i++) {
      types.add(null);
    }
    if (parameterCount == 0) {
      return types;
    }
    RexShuttle collector =
        new RexShuttle() {
          @Override
          public RexNode visitDynamicParam(RexDynamicParam parameter) {
            types.set(parameterOfOccurrence[parameter.getIndex()], parameter.getType());
            return parameter;
          }

          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            subQuery.rel.accept(relCollector(this));
            return super.visitSubQuery(subQuery);
          }
        };
    plan.accept(relCollector(collector));
    return types;
  }

  private static RelHomogeneousShuttle relCollector(RexShuttle collector) {
    return new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        other.accept(collector);
        return super.visit(other);
      }
    };
  }

  private static boolean readsSystemTables(RelNode plan) {
    boolean[] found = {false};
    plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(TableScan scan) {
            AuroraCalciteSchema.CalciteTable table =
                scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
            found[0] |= table == null || SystemSchemas.isSystemTable(table.table());
            return super.visit(scan);
          }

          @Override
          public RelNode visit(RelNode other) {
            found[0] |= other instanceof org.apache.calcite.rel.core.TableFunctionScan;
            return super.visit(other);
          }
        });
    return found[0];
  }

  /** The statement with PostgreSQL syntax that Calcite does not parse rewritten. */
  static String rewrite(String sql) {
    return InfixCasts.rewrite(PostgresSyntax.rewrite(GroupsFrames.rewrite(sql)));
  }

  /**
   * A query's interval columns as PostgreSQL's text for them ({@code 3 days 04:05:06}): Aurora has
   * no interval type to send, and an interval's microseconds or months as a number would mislead.
   */
  private static RelNode intervalsAsText(RelNode plan) {
    List<RelDataTypeField> fields = plan.getRowType().getFieldList();
    boolean hasInterval = false;
    for (RelDataTypeField field : fields) {
      hasInterval |= SqlTypeName.INTERVAL_TYPES.contains(field.getType().getSqlTypeName());
    }
    if (!hasInterval) {
      return plan;
    }
    RexBuilder rexBuilder = plan.getCluster().getRexBuilder();
    List<RexNode> projects = new ArrayList<>();
    for (RelDataTypeField field : fields) {
      RexNode reference = rexBuilder.makeInputRef(plan, field.getIndex());
      if (SqlTypeName.INTERVAL_TYPES.contains(field.getType().getSqlTypeName())) {
        RelDataType text =
            rexBuilder
                .getTypeFactory()
                .createTypeWithNullability(
                    rexBuilder.getTypeFactory().createSqlType(SqlTypeName.VARCHAR),
                    field.getType().isNullable());
        reference = rexBuilder.makeAbstractCast(text, reference, false);
      }
      projects.add(reference);
    }
    return LogicalProject.create(
        plan, List.of(), projects, plan.getRowType().getFieldNames(), Set.of());
  }

  private static RelNode optimize(RelNode logical) {
    RelNode plan = run(PRUNE_EMPTY, emptySystemTablesAsValues(logical));
    plan = ExistsToSemiJoin.rewrite(plan);
    plan = run(SUBQUERIES, plan);
    RelBuilder builder =
        RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(plan.getCluster(), null);
    plan = RelDecorrelator.decorrelateQuery(plan, builder);
    if (readsSystemTables(plan)) {
      // Subqueries are joins now: empty catalogs inside them fall away too.
      plan = run(PRUNE_EMPTY, emptySystemTablesAsValues(plan));
    }
    plan = pullCommonFactors(plan);
    plan = run(SIMPLIFY, plan);
    plan = run(TO_MULTI_JOINS, plan);
    plan = JoinOrder.optimize(plan);
    plan = run(GREEDY_JOIN_ORDER, plan);
    // Scans under joins and aggregations read only the columns used above them. The trimmer's
    // builder does not simplify: literals such as CAST('NaN' AS DOUBLE) stay as the executor knows
    // them.
    RelBuilder trimBuilder =
        RelBuilder.proto(
                org.apache.calcite.plan.Contexts.of(RelBuilder.Config.DEFAULT.withSimplify(false)))
            .create(plan.getCluster(), null);
    plan = new RelFieldTrimmer(null, trimBuilder).trim(plan);
    plan = run(FINISH, plan);
    plan = narrowAggregateInputs(plan);
    plan = ShiftedSums.rewrite(plan);
    plan = DependentGroupKeys.rewrite(plan);
    return PlanRewriter.rewrite(plan);
  }

  /**
   * Replaces each scan of a system table without rows by an empty VALUES, so that the parts of a
   * query that read it fall away. Clients join catalogs of features Aurora lacks (policies,
   * publications, inheritance) using constructs the executor does not run, such as {@code
   * ARRAY(subquery)} and {@code = ANY(array)}; over an empty table they need not run. User tables
   * are never replaced: rows may arrive between planning and execution.
   */
  private static RelNode emptySystemTablesAsValues(RelNode plan) {
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(TableScan scan) {
            AuroraCalciteSchema.CalciteTable table =
                scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
            if (table != null
                && SystemSchemas.isSystemTable(table.table())
                && table.table().rowCount() == 0) {
              return LogicalValues.createEmpty(scan.getCluster(), scan.getRowType());
            }
            return super.visit(scan);
          }
        });
  }

  /**
   * Pulls the conjuncts that every branch of an OR shares out of the OR, in each filter: {@code (a
   * AND b) OR (a AND c)} becomes {@code a AND (b OR c)}, which is equivalent in three-valued logic
   * too. Without it, a join condition repeated in every branch (TPC-H Q19's {@code p_partkey =
   * l_partkey}) stays inside the OR, FILTER_INTO_JOIN cannot use it as an equi-join key, and the
   * join runs as a cross product under a filter.
   */
  private static RelNode pullCommonFactors(RelNode plan) {
    RexBuilder rexBuilder = plan.getCluster().getRexBuilder();
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (visited instanceof Filter filter) {
              RexNode condition = RexUtil.pullFactors(rexBuilder, filter.getCondition());
              if (!condition.equals(filter.getCondition())) {
                return filter.copy(filter.getTraitSet(), filter.getInput(), condition);
              }
            }
            return visited;
          }
        });
  }

  /**
   * Puts a projection of only the fields an aggregation reads between it and a scan (or a filtered
   * scan) it reads directly, which the field trimmer leaves alone when the aggregation reads no
   * field at all ({@code count(*)}): the scan then reads only those columns, or none, and counts
   * rows from segment metadata.
   */
  private static RelNode narrowAggregateInputs(RelNode plan) {
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (!(visited instanceof Aggregate aggregate)
                || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
              return visited;
            }
            RelNode input = aggregate.getInput();
            boolean isScan =
                input instanceof TableScan
                    || (input instanceof Filter filter && filter.getInput() instanceof TableScan);
            if (!isScan) {
              return visited;
            }
            ImmutableBitSet used =
                AggregateInputs.usedFields(aggregate.getGroupSet(), aggregate.getAggCallList());
            if (used.cardinality() == input.getRowType().getFieldCount()) {
              return visited;
            }
            // With no field used, the projection has no field either: its rows carry only a count.
            return AggregateInputs.overUsedProjections(
                aggregate,
                input,
                aggregate.getCluster().getRexBuilder().identityProjects(input.getRowType()),
                aggregate.getGroupSet(),
                aggregate.getAggCallList());
          }
        });
  }

  private static RelNode run(HepProgram program, RelNode plan) {
    HepPlanner planner = new HepPlanner(program);
    planner.setRoot(plan);
    return planner.findBestExp();
  }

  /** The plan as text, one node a line, for EXPLAIN and tests. */
  public static String explain(RelNode plan) {
    return RelOptUtil.toString(plan);
  }

  /** Whether a statement is a query (including set operations and VALUES). */
  public static boolean isQuery(SqlKind kind) {
    return kind.belongsTo(SqlKind.QUERY);
  }
}
