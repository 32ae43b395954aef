package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Table;
import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.GroupingSetsOperator;
import io.aurora.sql.operator.HashAggregationOperator;
import io.aurora.sql.operator.MultisetOperator;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.aggregation.Accumulators;
import io.aurora.sql.operator.sort.LimitOperator;
import io.aurora.sql.operator.sort.OrderByOperator;
import io.aurora.sql.operator.sort.TopNOperator;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.sql.planner.SeriesFunction;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns an optimized Calcite logical plan into a tree of Aurora page streams: scans with pushed
 * predicates and pruned columns, filter-projections, hash aggregations, hash joins, sorts, top-N,
 * limits, set operations, VALUES and windows. Every node is instrumented for EXPLAIN ANALYZE.
 *
 * <p>Execution is pull-based: the root stream pulls pages through the tree on the calling thread,
 * and a join drains its build side before its first probe page. Scans of several splits run on
 * {@code parallelism} workers ({@link ParallelScanStream}) together with the filter-projection
 * above them and, under an aggregation whose functions can be split, a partial aggregation per
 * worker whose results a final aggregation merges.
 */
public final class LocalExecutionPlanner {
  /**
   * The largest {@code OFFSET + LIMIT} that workers and other nodes' replicas cut to before the
   * final top-N: each keeps that many rows.
   */
  private static final long MAX_PARTIAL_TOP_N = 100_000;

  private final OperatorContext context;
  private final Executor executor;
  private final int parallelism;
  private final TableReader reader;
  private final boolean remoteFragments;

  /**
   * @param executor runs the workers of parallel scans; its threads never wait for each other
   * @param parallelism how many workers a scan of several splits uses (1 runs everything on the
   *     calling thread)
   * @param reader plans the scans of the plan's tables
   * @param remoteFragments whether splits on other nodes run the work above the scan there ({@code
   *     query.remote-fragments})
   */
  public LocalExecutionPlanner(
      OperatorContext context,
      Executor executor,
      int parallelism,
      TableReader reader,
      boolean remoteFragments) {
    this.context = requireNonNull(context, "context is null");
    this.executor = requireNonNull(executor, "executor is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
    }
    this.parallelism = parallelism;
    this.reader = requireNonNull(reader, "reader is null");
    this.remoteFragments = remoteFragments;
  }

  /** A physical plan: the root stream, the plan tree with its statistics, and the output types. */
  public record PhysicalPlan(PageStream stream, PlanNodeStats root, List<DataType> types) {}

  record Node(PageStream stream, PlanNodeStats stats, List<DataType> types) {}

  public PhysicalPlan plan(RelNode plan) {
    Node root = visit(plan);
    return new PhysicalPlan(root.stream(), root.stats(), root.types());
  }

  Node visit(RelNode rel) {
    if (rel instanceof Project project && scanBelow(project.getInput()) != null) {
      return scan(project, project.getInput());
    }
    if (rel instanceof Filter filter && scanBelow(filter) != null) {
      return scan(null, filter);
    }
    if (rel instanceof LogicalTableScan scan) {
      return scan(null, scan);
    }
    if (rel instanceof Project project) {
      return project(project);
    }
    if (rel instanceof Filter filter) {
      return filter(filter);
    }
    if (rel instanceof Aggregate aggregate) {
      return aggregate(aggregate);
    }
    if (rel instanceof Join join) {
      return new JoinPlanner(this, context).join(join);
    }
    if (rel instanceof Sort sort) {
      return sort(sort);
    }
    if (rel instanceof Union union) {
      return union(union);
    }
    if (rel instanceof Intersect intersect && intersect.all) {
      return multiset(intersect, MultisetOperator.Kind.INTERSECT_ALL);
    }
    if (rel instanceof Minus minus && minus.all) {
      return multiset(minus, MultisetOperator.Kind.EXCEPT_ALL);
    }
    if (rel instanceof Values values) {
      return values(values);
    }
    if (rel instanceof Window window) {
      return new WindowPlanner(this, context).window(window);
    }
    if (rel instanceof TableFunctionScan scan
        && scan.getCall() instanceof RexCall call
        && call.getOperator() == SeriesFunction.INSTANCE) {
      return series(scan, call);
    }
    throw new AuroraException(
        ErrorCode.FEATURE_NOT_SUPPORTED,
        "Plan node[" + rel.getRelTypeName() + "] is not supported yet");
  }

  static List<DataType> types(RelDataType rowType) {
    List<DataType> types = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      types.add(ExpressionCompiler.toDataType(field.getType()));
    }
    return types;
  }

  Node instrument(
      PageStream stream, String name, String details, List<DataType> types, Node... children) {
    PlanNodeStats stats = new PlanNodeStats(name, details);
    for (Node child : children) {
      stats.addChild(child.stats());
    }
    return new Node(new InstrumentedStream(stream, stats), stats, types);
  }

  /** The table scan under a filter, or null when the filter is not directly over a scan. */
  private static @Nullable LogicalTableScan scanBelow(RelNode rel) {
    if (rel instanceof LogicalTableScan scan) {
      return scan;
    }
    if (rel instanceof Filter filter && filter.getInput() instanceof LogicalTableScan scan) {
      return scan;
    }
    return null;
  }

  /**
   * A scan reading only the columns the projection and filter use, with the filter's simple
   * conjuncts pushed into storage and the rest applied by a filter-projection.
   */
  private Node scan(@Nullable Project project, RelNode input) {
    ScanPlan plan = prepareScan(project, input);
    RemoteFragment fragment = remoteFragment(plan, null);
    if (isParallel(plan) || fragment != null) {
      return parallelScan(plan, null, fragment);
    }
    PlanNodeStats scanStats = new PlanNodeStats("Scan", plan.details());
    scanStats.setScanStatistics(plan.tableScan().statistics(), plan.table());
    Node scanNode =
        new Node(
            new InstrumentedStream(new ScanStream(plan.tableScan(), context), scanStats),
            scanStats,
            plan.scanTypes());
    if (!plan.needsFilterProject()) {
      return scanNode;
    }
    return instrument(
        new OperatorStream(scanNode.stream(), plan.filterProject(context), context),
        "FilterProject",
        plan.filterProjectDetails(),
        plan.outputTypes(),
        scanNode);
  }

  /**
   * What a scan reads and computes: the storage scan with its pushed predicates, and the residual
   * filter and projections over the scanned columns.
   */
  private record ScanPlan(
      Table table,
      String tableName,
      TableScan tableScan,
      List<String> columnNames,
      List<DataType> scanTypes,
      List<ColumnPredicate> pushed,
      @Nullable Expression residualFilter,
      List<RexNode> residual,
      List<Expression> projections,
      List<RexNode> projectionNodes,
      boolean needsFilterProject,
      List<RelDataType> scanRelTypes,
      @Nullable RexNode channelFilter,
      List<RexNode> channelProjections) {

    List<DataType> outputTypes() {
      if (!needsFilterProject) {
        return scanTypes;
      }
      List<DataType> types = new ArrayList<>();
      for (Expression expression : projections) {
        types.add(expression.type());
      }
      return types;
    }

    FilterProjectOperator filterProject(OperatorContext context) {
      return new FilterProjectOperator(context, residualFilter, projections);
    }

    String details() {
      return "table="
          + tableName
          + ", columns="
          + columnNames
          + (pushed.isEmpty() ? "" : ", predicates=" + pushed);
    }

    String filterProjectDetails() {
      return (residualFilter == null ? "" : "filter=" + residual + ", ")
          + "projections="
          + projectionNodes;
    }
  }

  private ScanPlan prepareScan(@Nullable Project project, RelNode input) {
    Filter filter = input instanceof Filter f ? f : null;
    LogicalTableScan scan = requireNonNull(scanBelow(input), "scan");
    Table table = scan.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class).table();
    List<ColumnSchema> columns = table.schema().columns();
    RexBuilder rexBuilder = scan.getCluster().getRexBuilder();

    List<RexNode> projections = new ArrayList<>();
    if (project != null) {
      projections.addAll(project.getProjects());
    } else {
      for (int i = 0; i < scan.getRowType().getFieldCount(); i++) {
        projections.add(rexBuilder.makeInputRef(scan, i));
      }
    }
    List<ColumnPredicate> pushed = new ArrayList<>();
    List<RexNode> residual = new ArrayList<>();
    if (filter != null) {
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        ColumnPredicate predicate = ScanPredicates.toColumnPredicate(conjunct, columns);
        if (predicate == null) {
          residual.add(conjunct);
        } else {
          pushed.add(predicate);
        }
      }
    }
    BitSet used = new BitSet();
    for (RexNode node : projections) {
      used.or(RelOptUtil.InputFinder.bits(node).toBitSet());
    }
    for (RexNode node : residual) {
      used.or(RelOptUtil.InputFinder.bits(node).toBitSet());
    }
    int[] channelOf = new int[columns.size()];
    List<String> names = new ArrayList<>();
    List<DataType> scanTypes = new ArrayList<>();
    for (int column = used.nextSetBit(0); column >= 0; column = used.nextSetBit(column + 1)) {
      channelOf[column] = names.size();
      names.add(columns.get(column).name());
      scanTypes.add(columns.get(column).type());
    }
    RexShuttle remap =
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef reference) {
            return new RexInputRef(channelOf[reference.getIndex()], reference.getType());
          }
        };
    List<RelDataType> scanRelTypes = new ArrayList<>();
    for (int column = used.nextSetBit(0); column >= 0; column = used.nextSetBit(column + 1)) {
      scanRelTypes.add(scan.getRowType().getFieldList().get(column).getType());
    }
    TableScan tableScan = reader.scan(table, new ScanRequest(names, pushed));
    Expression residualFilter = null;
    RexNode channelFilter = null;
    if (!residual.isEmpty()) {
      channelFilter = RexUtil.composeConjunction(rexBuilder, residual).accept(remap);
      residualFilter = ExpressionCompiler.compile(channelFilter, scanTypes);
    }
    boolean isIdentity = project == null || isIdentity(projections, channelOf, used);
    List<Expression> expressions = new ArrayList<>();
    List<RexNode> channelProjections = new ArrayList<>();
    for (RexNode node : projections) {
      RexNode remapped = node.accept(remap);
      channelProjections.add(remapped);
      expressions.add(ExpressionCompiler.compile(remapped, scanTypes));
    }
    boolean needsFilterProject = residualFilter != null || !isIdentity || project != null;
    return new ScanPlan(
        table,
        table.name(),
        tableScan,
        names,
        scanTypes,
        pushed,
        residualFilter,
        residual,
        expressions,
        projections,
        needsFilterProject,
        scanRelTypes,
        channelFilter,
        channelProjections);
  }

  private boolean isParallel(ScanPlan plan) {
    return parallelism > 1 && plan.tableScan().splits().size() > 1;
  }

  /**
   * The scan and its filter-projection run on {@code parallelism} workers; {@code stage}, when
   * given, is one more operator every worker runs on its output (a partial aggregation or top-N);
   * {@code fragment}, when given, is what splits on other nodes run there instead.
   */
  private Node parallelScan(
      ScanPlan plan, @Nullable WorkerStage stage, @Nullable RemoteFragment fragment) {
    List<DataType> types = stage == null ? plan.outputTypes() : stage.outputTypes();
    String details =
        plan.details()
            + ", workers="
            + Math.min(parallelism, plan.tableScan().splits().size())
            + (plan.needsFilterProject() ? ", then " + plan.filterProjectDetails() : "")
            + (stage == null ? "" : ", then " + stage.description())
            + (fragment == null
                ? ""
                : fragment.hasStage()
                    ? ", remote shards run all of it"
                    : ", remote shards run the filter-projection");
    PlanNodeStats stats = new PlanNodeStats("ParallelScan", details);
    stats.setScanStatistics(plan.tableScan().statistics(), plan.table());
    ParallelScanStream stream =
        new ParallelScanStream(
            plan.tableScan().splits(),
            parallelism,
            executor,
            context,
            () -> {
              List<Operator> operators = new ArrayList<>(2);
              if (plan.needsFilterProject()) {
                operators.add(plan.filterProject(context));
              }
              if (stage != null) {
                operators.add(stage.operator().get());
              }
              return operators;
            },
            fragment == null ? null : fragment.json(),
            fragment == null ? 0 : fragment.operators());
    return new Node(new InstrumentedStream(stream, stats), stats, types);
  }

  /**
   * What splits on other nodes run there instead of sending their rows: the filter-projection and
   * the partial aggregation or top-N; null when no split is remote, when there is neither a filter
   * nor a partial step to cut the rows down, or when the work cannot travel (see {@link
   * ShardFragment#encode}). A scan that sends a fragment runs on workers even with one split.
   */
  private @Nullable RemoteFragment remoteFragment(
      ScanPlan plan, ShardFragment.@Nullable Stage stage) {
    if (!remoteFragments || parallelism == 1) {
      return null;
    }
    boolean hasRemoteSplit = false;
    for (ScanSplit split : plan.tableScan().splits()) {
      hasRemoteSplit |= split.isRemote();
    }
    if (!hasRemoteSplit || (stage == null && plan.channelFilter() == null)) {
      return null;
    }
    String json =
        ShardFragment.encode(
            plan.scanTypes(),
            plan.scanRelTypes(),
            plan.needsFilterProject() ? plan.channelFilter() : null,
            plan.needsFilterProject() ? plan.channelProjections() : null,
            stage,
            context.memory().limitBytes());
    if (json == null) {
      return null;
    }
    return new RemoteFragment(
        json, (plan.needsFilterProject() ? 1 : 0) + (stage == null ? 0 : 1), stage != null);
  }

  /**
   * A fragment for splits on other nodes, and how many of a worker's operators it stands for: their
   * output goes on from the worker's operator at that index.
   */
  private record RemoteFragment(String json, int operators, boolean hasStage) {}

  /**
   * Whether a partial aggregation on these group columns cuts the rows down by half or more, from
   * the columns' distinct counts (their product, against the table's rows); true when the table
   * cannot tell or a group key is an expression of several columns.
   */
  private static boolean partialAggregationReduces(ScanPlan plan, List<Integer> groupChannels) {
    double rows = plan.table().rowCount();
    if (groupChannels.isEmpty() || !(rows > 0)) {
      return true;
    }
    double groups = 1;
    for (int channel : groupChannels) {
      RexNode key =
          plan.needsFilterProject()
              ? plan.channelProjections().get(channel)
              : new RexInputRef(channel, plan.scanRelTypes().get(channel));
      if (key instanceof RexInputRef reference) {
        double distinct = plan.table().distinctCount(plan.columnNames().get(reference.getIndex()));
        if (distinct > 1) {
          groups *= distinct;
        }
      }
    }
    return groups <= rows / 2;
  }

  /** An operator that each worker of a parallel scan runs after the filter-projection. */
  private record WorkerStage(
      Supplier<Operator> operator,
      List<DataType> outputTypes,
      String description,
      ShardFragment.Stage partial) {}

  private static boolean isIdentity(List<RexNode> projections, int[] channelOf, BitSet used) {
    if (projections.size() != used.cardinality()) {
      return false;
    }
    for (int i = 0; i < projections.size(); i++) {
      if (!(projections.get(i) instanceof RexInputRef reference)
          || channelOf[reference.getIndex()] != i) {
        return false;
      }
    }
    return true;
  }

  private Node project(Project project) {
    Node input = visit(project.getInput());
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (RexNode node : project.getProjects()) {
      Expression expression = ExpressionCompiler.compile(node, input.types());
      expressions.add(expression);
      types.add(expression.type());
    }
    FilterProjectOperator operator = new FilterProjectOperator(context, null, expressions);
    return instrument(
        new OperatorStream(input.stream(), operator, context),
        "Project",
        project.getProjects().toString(),
        types,
        input);
  }

  private Node filter(Filter filter) {
    Node input = visit(filter.getInput());
    Expression condition = ExpressionCompiler.compile(filter.getCondition(), input.types());
    List<Expression> identity = new ArrayList<>();
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    for (int i = 0; i < input.types().size(); i++) {
      identity.add(
          ExpressionCompiler.compile(rexBuilder.makeInputRef(filter.getInput(), i), input.types()));
    }
    FilterProjectOperator operator = new FilterProjectOperator(context, condition, identity);
    return instrument(
        new OperatorStream(input.stream(), operator, context),
        "Filter",
        filter.getCondition().toString(),
        input.types(),
        input);
  }

  private Node aggregate(Aggregate aggregate) {
    Node parallel = parallelAggregate(aggregate);
    if (parallel != null) {
      return parallel;
    }
    Node input = visit(aggregate.getInput());
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<AggregateCall> calls = new ArrayList<>();
    List<RexNode> filtered = new ArrayList<>();
    for (AggregateCall call : aggregate.getAggCallList()) {
      if (call.filterArg < 0) {
        calls.add(call);
        continue;
      }
      // agg(x) FILTER (WHERE f) is agg(CASE WHEN f THEN x END): every aggregate ignores nulls.
      RexNode condition = rexBuilder.makeInputRef(aggregate.getInput(), call.filterArg);
      int valueArgument = AggregatePlanner.valueArgument(call);
      int valueChannel = valueArgument < 0 ? -1 : call.getArgList().get(valueArgument);
      RexNode value =
          valueArgument < 0
              ? rexBuilder.makeExactLiteral(BigDecimal.ONE)
              : rexBuilder.makeInputRef(aggregate.getInput(), valueChannel);
      RexNode guarded =
          rexBuilder.makeCall(
              SqlStdOperatorTable.CASE,
              condition,
              value,
              rexBuilder.makeNullLiteral(value.getType()));
      int channel = input.types().size() + filtered.size();
      filtered.add(guarded);
      List<Integer> arguments = new ArrayList<>(call.getArgList());
      if (valueArgument < 0) {
        arguments.add(channel);
      } else {
        arguments.set(valueArgument, channel);
      }
      List<RelFieldCollation> order = new ArrayList<>();
      for (RelFieldCollation key : call.collation.getFieldCollations()) {
        order.add(key.getFieldIndex() == valueChannel ? key.withFieldIndex(channel) : key);
      }
      calls.add(
          AggregateCall.create(
              call.getParserPosition(),
              valueArgument < 0 ? SqlStdOperatorTable.COUNT : call.getAggregation(),
              call.isDistinct(),
              call.isApproximate(),
              call.ignoreNulls(),
              call.rexList,
              arguments,
              -1,
              call.distinctKeys,
              RelCollations.of(order),
              call.getType(),
              call.getName()));
    }
    if (!filtered.isEmpty()) {
      input = appendColumns(aggregate, input, filtered);
    }
    List<Integer> groupChannels = aggregate.getGroupSet().asList();
    List<DataType> groupTypes = new ArrayList<>();
    for (int channel : groupChannels) {
      groupTypes.add(input.types().get(channel));
    }
    List<AggregateSpec> specs = new ArrayList<>();
    List<GroupingSetsOperator.Grouping> groupings = new ArrayList<>();
    List<Integer> sumZero = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      AggregateCall call = calls.get(i);
      switch (call.getAggregation().getKind()) {
        case LITERAL_AGG -> {}
        case GROUPING, GROUPING_ID ->
            groupings.add(new GroupingSetsOperator.Grouping(call.getArgList()));
        default -> {
          if (call.getAggregation().getKind() == SqlKind.SUM0) {
            sumZero.add(groupChannels.size() + i);
          }
          specs.add(AggregatePlanner.spec(call, aggregate.getInput(), input.types()));
        }
      }
    }
    List<DataType> types = aggregationOutputTypes(groupTypes, specs);
    Node node;
    if (aggregate.getGroupType() == Aggregate.Group.SIMPLE && groupings.isEmpty()) {
      HashAggregationOperator operator =
          new HashAggregationOperator(
              context, groupChannels, groupTypes, specs, HashAggregationOperator.Step.SINGLE);
      node =
          instrument(
              new OperatorStream(input.stream(), operator, context),
              "Aggregate",
              "group=" + groupChannels + ", aggregates=" + aggregate.getAggCallList(),
              types,
              input);
    } else {
      List<List<Integer>> sets = new ArrayList<>();
      for (ImmutableBitSet set : aggregate.getGroupSets()) {
        sets.add(set.asList());
      }
      for (int i = 0; i < groupings.size(); i++) {
        types.add(DataType.BIGINT);
      }
      GroupingSetsOperator operator =
          new GroupingSetsOperator(context, groupChannels, groupTypes, sets, specs, groupings);
      node =
          instrument(
              new OperatorStream(input.stream(), operator, context),
              "GroupingSets",
              "sets=" + sets + ", aggregates=" + aggregate.getAggCallList(),
              types,
              input);
    }
    if (specs.size() != calls.size()) {
      node = arrangeCalls(aggregate, node, calls, specs.size());
    }
    return sumZero.isEmpty() ? node : coalesceToZero(aggregate, node, sumZero);
  }

  /**
   * An aggregation directly over a scan, planned as a partial aggregation in every worker of a
   * parallel scan and a final aggregation that merges them; null when the scan has a single split
   * or an aggregate cannot be split (DISTINCT, ordered-set aggregates, string_agg, FILTER,
   * LITERAL_AGG, GROUPING SETS).
   */
  private @Nullable Node parallelAggregate(Aggregate aggregate) {
    RelNode input = aggregate.getInput();
    if (parallelism == 1
        || !isScanShaped(input)
        || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    for (AggregateCall call : aggregate.getAggCallList()) {
      switch (call.getAggregation().getKind()) {
        case LITERAL_AGG, GROUPING, GROUPING_ID -> {
          return null;
        }
        default -> {
          if (call.filterArg >= 0) {
            return null;
          }
        }
      }
    }
    ScanPlan plan = prepareScanBelow(input);
    List<DataType> inputTypes = plan.outputTypes();
    List<AggregateSpec> specs = new ArrayList<>();
    List<Integer> sumZero = new ArrayList<>();
    List<Integer> groupChannels = aggregate.getGroupSet().asList();
    for (AggregateCall call : aggregate.getAggCallList()) {
      AggregateSpec spec = AggregatePlanner.spec(call, input, inputTypes);
      if (!Accumulators.isSplittable(spec)) {
        return null;
      }
      if (call.getAggregation().getKind() == SqlKind.SUM0) {
        sumZero.add(groupChannels.size() + specs.size());
      }
      specs.add(spec);
    }
    List<DataType> groupTypes = new ArrayList<>();
    for (int channel : groupChannels) {
      groupTypes.add(inputTypes.get(channel));
    }
    WorkerStage partial =
        new WorkerStage(
            () ->
                new HashAggregationOperator(
                    context,
                    groupChannels,
                    groupTypes,
                    specs,
                    HashAggregationOperator.Step.PARTIAL),
            groupTypes,
            "partial aggregate group=" + groupChannels,
            new ShardFragment.PartialAggregation(groupChannels, groupTypes, specs));
    // Where grouping hardly reduces the rows, the other nodes only filter: their partial states
    // would be as many as their rows, and cost more to build and send.
    RemoteFragment fragment =
        remoteFragment(
            plan, partialAggregationReduces(plan, groupChannels) ? partial.partial() : null);
    if (!isParallel(plan) && fragment == null) {
      return null;
    }
    Node scan = parallelScan(plan, partial, fragment);
    List<Integer> finalGroups = ImmutableBitSet.range(groupChannels.size()).asList();
    List<DataType> types = aggregationOutputTypes(groupTypes, specs);
    HashAggregationOperator merge =
        new HashAggregationOperator(
            context, finalGroups, groupTypes, specs, HashAggregationOperator.Step.FINAL);
    Node node =
        instrument(
            new OperatorStream(scan.stream(), merge, context),
            "Aggregate",
            "final, group=" + groupChannels + ", aggregates=" + aggregate.getAggCallList(),
            types,
            scan);
    return sumZero.isEmpty() ? node : coalesceToZero(aggregate, node, sumZero);
  }

  /** Appends computed columns to every row of {@code input}. */
  private Node appendColumns(Aggregate aggregate, Node input, List<RexNode> columns) {
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>(input.types());
    for (int i = 0; i < input.types().size(); i++) {
      expressions.add(
          ExpressionCompiler.compile(
              rexBuilder.makeInputRef(aggregate.getInput(), i), input.types()));
    }
    for (RexNode column : columns) {
      Expression expression = ExpressionCompiler.compile(column, input.types());
      expressions.add(expression);
      types.add(expression.type());
    }
    return instrument(
        new OperatorStream(
            input.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "aggregate filters " + columns,
        types,
        input);
  }

  /**
   * Puts the aggregation's columns in the order of its calls: the operator emits the keys, then the
   * values of the calls it computes, then those of the GROUPING functions; LITERAL_AGG (from
   * decorrelated subqueries) yields its literal for every group.
   */
  private Node arrangeCalls(
      Aggregate aggregate, Node input, List<AggregateCall> calls, int computedCount) {
    int groupCount = aggregate.getGroupCount();
    List<Expression> expressions = new ArrayList<>();
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < groupCount; i++) {
      expressions.add(
          ExpressionCompiler.compile(
              new RexInputRef(i, aggregate.getRowType().getFieldList().get(i).getType()),
              input.types()));
    }
    int computed = groupCount;
    int grouping = groupCount + computedCount;
    for (AggregateCall call : calls) {
      RexNode node =
          switch (call.getAggregation().getKind()) {
            case LITERAL_AGG -> call.rexList.get(0);
            case GROUPING, GROUPING_ID -> new RexInputRef(grouping++, call.getType());
            default -> new RexInputRef(computed++, call.getType());
          };
      expressions.add(ExpressionCompiler.compile(node, input.types()));
    }
    for (Expression expression : expressions) {
      types.add(expression.type());
    }
    return instrument(
        new OperatorStream(
            input.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "aggregate literals and grouping functions",
        types,
        input);
  }

  /** $SUM0 is SUM that returns 0 instead of NULL for no rows: SUM wrapped in COALESCE. */
  private Node coalesceToZero(Aggregate aggregate, Node input, List<Integer> channels) {
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<Expression> expressions = new ArrayList<>();
    for (int i = 0; i < input.types().size(); i++) {
      RexNode reference = rexBuilder.makeInputRef(aggregate, i);
      if (channels.contains(i)) {
        RelDataType type = reference.getType();
        reference =
            rexBuilder.makeCall(
                type,
                SqlStdOperatorTable.COALESCE,
                List.of(reference, rexBuilder.makeZeroLiteral(type)));
      }
      expressions.add(ExpressionCompiler.compile(reference, input.types()));
    }
    return instrument(
        new OperatorStream(
            input.stream(), new FilterProjectOperator(context, null, expressions), context),
        "Project",
        "coalesce sums to 0",
        input.types(),
        input);
  }

  private Node sort(Sort sort) {
    List<SortKey> keys = sortKeys(sort.getCollation());
    long offset = sort.offset == null ? 0 : literalLong(sort.offset, "OFFSET");
    long fetch = sort.fetch == null ? -1 : literalLong(sort.fetch, "LIMIT");
    if (!keys.isEmpty()
        && fetch >= 0
        && offset + fetch >= 0
        && offset + fetch <= MAX_PARTIAL_TOP_N) {
      Node parallel = parallelTopN(sort, keys, offset + fetch);
      if (parallel != null) {
        return offset > 0 ? limit(parallel, offset, fetch) : parallel;
      }
    }
    Node input = visit(sort.getInput());
    Node node = input;
    if (!keys.isEmpty()) {
      if (fetch >= 0) {
        long count = offset + fetch < 0 ? Long.MAX_VALUE : offset + fetch;
        node =
            instrument(
                new OperatorStream(
                    input.stream(), new TopNOperator(context, input.types(), keys, count), context),
                "TopN",
                "n=" + count + ", keys=" + keys,
                input.types(),
                input);
      } else {
        node =
            instrument(
                new OperatorStream(
                    input.stream(), new OrderByOperator(context, input.types(), keys), context),
                "OrderBy",
                "keys=" + keys,
                input.types(),
                input);
      }
    }
    if (offset > 0 || (fetch >= 0 && keys.isEmpty())) {
      node = limit(node, offset, fetch);
    }
    return node;
  }

  /** Rows past {@code offset}, at most {@code fetch} of them (all when negative). */
  private Node limit(Node node, long offset, long fetch) {
    long limit = fetch < 0 ? Long.MAX_VALUE : fetch;
    return instrument(
        new OperatorStream(node.stream(), new LimitOperator(offset, limit), context),
        "Limit",
        "offset=" + offset + ", limit=" + (fetch < 0 ? "all" : fetch),
        node.types(),
        node);
  }

  /**
   * An {@code ORDER BY ... LIMIT} directly over a scan, planned as a top-N in every worker of a
   * parallel scan (and on the replicas of other nodes) and a final top-N over their rows; null when
   * the scan is not parallel.
   */
  private @Nullable Node parallelTopN(Sort sort, List<SortKey> keys, long count) {
    if (!isScanShaped(sort.getInput())) {
      return null;
    }
    ScanPlan plan = prepareScanBelow(sort.getInput());
    List<DataType> types = plan.outputTypes();
    WorkerStage partial =
        new WorkerStage(
            () -> new TopNOperator(context, types, keys, count),
            types,
            "partial top-n n=" + count + ", keys=" + keys,
            new ShardFragment.PartialTopN(keys, count));
    RemoteFragment fragment = remoteFragment(plan, partial.partial());
    if (!isParallel(plan) && fragment == null) {
      return null;
    }
    Node scan = parallelScan(plan, partial, fragment);
    return instrument(
        new OperatorStream(scan.stream(), new TopNOperator(context, types, keys, count), context),
        "TopN",
        "final, n=" + count + ", keys=" + keys,
        types,
        scan);
  }

  /** Whether {@code input} is a scan, possibly under a filter and a projection. */
  private static boolean isScanShaped(RelNode input) {
    return input instanceof Project project
        ? scanBelow(project.getInput()) != null
        : scanBelow(input) != null;
  }

  /** The scan plan of an input that {@link #isScanShaped} accepts. */
  private ScanPlan prepareScanBelow(RelNode input) {
    return input instanceof Project project
        ? prepareScan(project, project.getInput())
        : prepareScan(null, input);
  }

  /**
   * A collation's keys, with PostgreSQL's default null order (last ascending, first descending).
   */
  static List<SortKey> sortKeys(RelCollation order) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation collation : order.getFieldCollations()) {
      boolean isAscending = !collation.getDirection().isDescending();
      boolean isNullsFirst =
          switch (collation.nullDirection) {
            case FIRST -> true;
            case LAST -> false;
            default -> !isAscending;
          };
      keys.add(new SortKey(collation.getFieldIndex(), isAscending, isNullsFirst));
    }
    return keys;
  }

  private static long literalLong(RexNode node, String clause) {
    if (node instanceof RexLiteral literal) {
      Long value = literal.getValueAs(Long.class);
      if (value != null && value >= 0) {
        return value;
      }
    }
    throw new AuroraException(
        ErrorCode.INVALID_PARAMETER_VALUE, clause + " must be a non-negative constant");
  }

  private Node union(Union union) {
    List<PageStream> streams = new ArrayList<>();
    List<Node> inputs = new ArrayList<>();
    for (RelNode input : union.getInputs()) {
      Node node = visit(input);
      inputs.add(node);
      streams.add(node.stream());
    }
    List<DataType> types = types(union.getRowType());
    Node concat =
        instrument(
            new ConcatStream(streams),
            union.all ? "UnionAll" : "Union",
            "",
            types,
            inputs.toArray(new Node[0]));
    if (union.all) {
      return concat;
    }
    List<Integer> channels = ImmutableBitSet.range(types.size()).asList();
    HashAggregationOperator distinct =
        new HashAggregationOperator(
            context, channels, types, List.of(), HashAggregationOperator.Step.SINGLE);
    return instrument(
        new OperatorStream(concat.stream(), distinct, context), "Distinct", "", types, concat);
  }

  /**
   * INTERSECT ALL and EXCEPT ALL by one {@link MultisetOperator} over all inputs (Calcite keeps a
   * chain of the same operation as one node with several inputs). The DISTINCT forms never get
   * here: the planner rewrites them into a UNION ALL and an aggregation, which runs in parallel.
   */
  private Node multiset(SetOp setOp, MultisetOperator.Kind kind) {
    List<PageStream> streams = new ArrayList<>();
    List<Node> inputs = new ArrayList<>();
    for (RelNode input : setOp.getInputs()) {
      Node node = visit(input);
      inputs.add(node);
      streams.add(node.stream());
    }
    List<DataType> types = types(setOp.getRowType());
    MultisetOperator operator = new MultisetOperator(context, kind, types);
    return instrument(
        new MultisetStream(streams, operator, context),
        kind == MultisetOperator.Kind.INTERSECT_ALL ? "IntersectAll" : "ExceptAll",
        "",
        types,
        inputs.toArray(new Node[0]));
  }

  /**
   * {@code generate_series}: its arguments are constants, evaluated once here (one that reads a
   * column of an outer query, in LATERAL, is not supported).
   */
  private Node series(TableFunctionScan scan, RexCall call) {
    List<DataType> types = types(scan.getRowType());
    DataType type = types.get(0);
    long[] arguments = new long[call.getOperands().size()];
    for (int i = 0; i < arguments.length; i++) {
      RexNode operand = call.getOperands().get(i);
      if (RexUtil.containsInputRef(operand) || RexUtil.containsFieldAccess(operand)) {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED,
            "generate_series with arguments from another table is not supported");
      }
      RelDataType element = scan.getRowType().getFieldList().get(0).getType();
      if (i < 2 && !operand.getType().equals(element)) {
        operand = scan.getCluster().getRexBuilder().makeCast(element, operand, true, false);
      }
      Block block = ExpressionCompiler.compile(operand, List.of()).evaluate(new Page(1));
      if (block.isNull(0)) {
        return instrument(new ListStream(List.of()), "Series", "null argument", types);
      }
      arguments[i] = ((Number) requireNonNull(block.objectValue(0))).longValue();
    }
    boolean isMonthStep =
        arguments.length == 3
            && SqlTypeName.YEAR_INTERVAL_TYPES.contains(
                call.getOperands().get(2).getType().getSqlTypeName());
    long step = arguments.length == 3 ? arguments[2] : 1;
    return instrument(
        new SeriesStream(type, arguments[0], arguments[1], step, isMonthStep),
        "Series",
        "generate_series",
        types);
  }

  private Node values(Values values) {
    List<DataType> types = types(values.getRowType());
    RexBuilder rexBuilder = values.getCluster().getRexBuilder();
    List<RelDataTypeField> fields = values.getRowType().getFieldList();
    BlockBuilder[] builders = new BlockBuilder[types.size()];
    for (int c = 0; c < builders.length; c++) {
      builders[c] = BlockBuilder.forType(types.get(c), values.getTuples().size());
    }
    Page single = new Page(1);
    for (List<RexLiteral> tuple : values.getTuples()) {
      for (int c = 0; c < builders.length; c++) {
        RexNode literal = tuple.get(c);
        if (!literal.getType().equals(fields.get(c).getType())) {
          literal = rexBuilder.makeCast(fields.get(c).getType(), literal, true, false);
        }
        Block block = ExpressionCompiler.compile(literal, List.of()).evaluate(single);
        builders[c].appendFrom(block, 0);
      }
    }
    Block[] blocks = new Block[builders.length];
    for (int c = 0; c < blocks.length; c++) {
      blocks[c] = builders[c].build();
    }
    Page page = new Page(values.getTuples().size(), blocks);
    return instrument(
        new ListStream(List.of(page)), "Values", "rows=" + values.getTuples().size(), types);
  }

  /** An aggregation's output: its group columns, then one column per aggregate. */
  private static List<DataType> aggregationOutputTypes(
      List<DataType> groupTypes, List<AggregateSpec> specs) {
    List<DataType> types = new ArrayList<>(groupTypes);
    for (AggregateSpec spec : specs) {
      types.add(spec.outputType());
    }
    return types;
  }
}
