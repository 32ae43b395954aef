package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.AggregateSpec;
import io.aurora.sql.operator.HashAggregationOperator;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.planner.AuroraOperatorTable;
import io.aurora.sql.planner.AuroraTypeSystem;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.externalize.RelJson;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.util.JsonBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The part of a query that runs where a shard's replica is, on another node: the filter and
 * projections over the scanned columns (what storage could not take of the filter) and, under an
 * aggregation that can be split, the partial aggregation. The node holding the replica sends back
 * its output (for an aggregation, one row of intermediate state per group) instead of every scanned
 * row, and the node that runs the query merges it as it merges its own workers' output.
 *
 * <p>A fragment travels as JSON: its expressions in Calcite's JSON form ({@link RelJson}, operators
 * looked up again in {@link AuroraOperatorTable}), its aggregates as {@link AggregateSpec}s. {@link
 * #encode} returns null for a fragment that would not come back the same: one with an expression
 * that has no JSON form, that reads back differently, or whose value depends on where or when it
 * runs ({@code now()}, {@code random()}, session functions); such scans send their rows as before.
 *
 * <p>Every node of a cluster runs the same version (see {@code cluster.proto}); the version field
 * makes a mismatch fail clearly instead of computing something else.
 */
public final class ShardFragment {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * Where a fragment's operators are looked up by name, kind and syntax: Calcite's standard ones
   * first, since Aurora's table also has operators of the same name and kind that only the
   * validator uses (such as {@code DateArithmetic}'s {@code +}); an operator that reads back as
   * another one keeps its fragment on the node that runs the query.
   */
  private static final SqlOperatorTable OPERATORS =
      SqlOperatorTables.chain(SqlStdOperatorTable.instance(), AuroraOperatorTable.instance());

  private final List<DataType> scanTypes;
  private final @Nullable RexNode filter;
  private final @Nullable List<RexNode> projections;
  private final @Nullable PartialAggregation aggregation;
  private final long memoryLimitBytes;

  /**
   * An aggregation's partial step: {@link HashAggregationOperator.Step#PARTIAL} over the fragment's
   * projections (or its scanned columns).
   */
  public record PartialAggregation(
      List<Integer> groupChannels, List<DataType> groupTypes, List<AggregateSpec> specs) {
    public PartialAggregation {
      groupChannels = List.copyOf(groupChannels);
      groupTypes = List.copyOf(groupTypes);
      specs = List.copyOf(specs);
    }
  }

  private ShardFragment(
      List<DataType> scanTypes,
      @Nullable RexNode filter,
      @Nullable List<RexNode> projections,
      @Nullable PartialAggregation aggregation,
      long memoryLimitBytes) {
    this.scanTypes = List.copyOf(scanTypes);
    this.filter = filter;
    this.projections = projections == null ? null : List.copyOf(projections);
    this.aggregation = aggregation;
    this.memoryLimitBytes = memoryLimitBytes;
  }

  /**
   * The JSON of a fragment, or null when it cannot run elsewhere exactly as here.
   *
   * @param scanTypes the scanned columns' types, in channel order
   * @param scanRelTypes the same as Calcite types, which the expressions' input references carry
   * @param filter a condition over the scanned columns, or null
   * @param projections expressions over the scanned columns, or null to pass them on as they are
   *     (then without a filter)
   * @param aggregation a partial aggregation over the projections' output, or null
   * @param memoryLimitBytes the memory the fragment may hold on the other node (the query's limit)
   */
  static @Nullable String encode(
      List<DataType> scanTypes,
      List<RelDataType> scanRelTypes,
      @Nullable RexNode filter,
      @Nullable List<RexNode> projections,
      @Nullable PartialAggregation aggregation,
      long memoryLimitBytes) {
    if (filter != null && projections == null) {
      throw new IllegalArgumentException("a filter needs the projections after it");
    }
    if (projections == null && aggregation == null) {
      return null;
    }
    List<RexNode> expressions = new ArrayList<>();
    if (filter != null) {
      expressions.add(filter);
    }
    if (projections != null) {
      expressions.addAll(projections);
    }
    for (RexNode expression : expressions) {
      if (!isPortable(expression)) {
        return null;
      }
    }
    if (aggregation != null) {
      for (AggregateSpec spec : aggregation.specs()) {
        if (spec.isDistinct() || !spec.orderBy().isEmpty() || !spec.separator().isEmpty()) {
          return null;
        }
      }
    }
    String json;
    ShardFragment decoded;
    try {
      RelJson relJson = RelJson.create().withJsonBuilder(new JsonBuilder());
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("version", VERSION);
      root.put("scanTypes", typeNames(scanTypes));
      List<Object> relTypes = new ArrayList<>();
      for (RelDataType type : scanRelTypes) {
        relTypes.add(relJson.toJson(type));
      }
      root.put("scanRelTypes", relTypes);
      if (filter != null) {
        root.put("filter", relJson.toJson(filter));
      }
      if (projections != null) {
        List<Object> list = new ArrayList<>();
        for (RexNode projection : projections) {
          list.add(relJson.toJson(projection));
        }
        root.put("projections", list);
      }
      if (aggregation != null) {
        root.put("aggregation", aggregationJson(aggregation));
      }
      root.put("memoryLimitBytes", memoryLimitBytes);
      json = JSON.writeValueAsString(root);
      decoded = decode(json);
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
    if (!same(filter, decoded.filter)
        || !sameList(projections, decoded.projections)
        || !requireNonNull(decoded.scanTypes).equals(scanTypes)
        || !java.util.Objects.equals(aggregation, decoded.aggregation)) {
      return null;
    }
    return json;
  }

  /**
   * Reads a fragment that {@link #encode} wrote.
   *
   * @throws IllegalArgumentException when the text is not a fragment of this version
   */
  public static ShardFragment decode(String json) {
    Map<String, Object> root;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = JSON.readValue(json, Map.class);
      root = map;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a query fragment: " + e.getOriginalMessage(), e);
    }
    Object version = root.get("version");
    if (!(version instanceof Number number) || number.intValue() != VERSION) {
      throw new IllegalArgumentException(
          "query fragment of version " + version + "; this node reads version " + VERSION);
    }
    RelOptCluster cluster =
        RelOptCluster.create(
            new HepPlanner(HepProgram.builder().build()),
            new RexBuilder(new JavaTypeFactoryImpl(AuroraTypeSystem.INSTANCE)));
    List<DataType> scanTypes = parseTypes(list(root, "scanTypes"));
    List<RelDataType> relTypes = new ArrayList<>();
    RelJson reader = RelJson.create();
    for (Object type : list(root, "scanRelTypes")) {
      relTypes.add(reader.toType(cluster.getTypeFactory(), type));
    }
    RelJson relJson =
        reader
            .withOperatorTable(OPERATORS)
            .withInputTranslator(
                (json1, input, map, relInput) -> {
                  if (input < 0 || input >= relTypes.size()) {
                    throw new IllegalArgumentException("input $" + input + " is not scanned");
                  }
                  return new RexInputRef(input, relTypes.get(input));
                });
    RexNode filter = root.get("filter") == null ? null : relJson.toRex(cluster, root.get("filter"));
    List<RexNode> projections = null;
    if (root.get("projections") != null) {
      projections = new ArrayList<>();
      for (Object projection : list(root, "projections")) {
        projections.add(relJson.toRex(cluster, projection));
      }
    }
    PartialAggregation aggregation = null;
    if (root.get("aggregation") instanceof Map<?, ?> map) {
      aggregation = parseAggregation(map);
    }
    Object limit = root.get("memoryLimitBytes");
    if (!(limit instanceof Number memory)) {
      throw new IllegalArgumentException("query fragment without a memory limit");
    }
    if (filter != null && projections == null) {
      throw new IllegalArgumentException("query fragment with a filter but no projections");
    }
    return new ShardFragment(scanTypes, filter, projections, aggregation, memory.longValue());
  }

  /**
   * Runs this fragment over {@code scan}, the pages of the shard's replica with the scanned columns
   * in channel order; closing the result closes {@code scan}.
   *
   * @param isCancelled set when the node that runs the query no longer wants the result
   */
  public PageSource run(PageSource scan, AtomicBoolean isCancelled) {
    OperatorContext context = new OperatorContext(new MemoryContext(memoryLimitBytes), isCancelled);
    List<Operator> operators = new ArrayList<>(2);
    try {
      if (projections != null) {
        Expression condition =
            filter == null ? null : ExpressionCompiler.compile(filter, scanTypes);
        List<Expression> outputs = new ArrayList<>();
        for (RexNode projection : projections) {
          outputs.add(ExpressionCompiler.compile(projection, scanTypes));
        }
        operators.add(new FilterProjectOperator(context, condition, outputs));
      }
      if (aggregation != null) {
        operators.add(
            new HashAggregationOperator(
                context,
                aggregation.groupChannels(),
                aggregation.groupTypes(),
                aggregation.specs(),
                HashAggregationOperator.Step.PARTIAL));
      }
    } catch (RuntimeException e) {
      for (Operator operator : operators) {
        operator.close();
      }
      scan.close();
      throw e;
    }
    return new FragmentSource(scan, operators, context);
  }

  /** Pushes the scan's pages through the operators, a page at a time as the caller pulls. */
  private static final class FragmentSource implements PageSource {
    private final PageSource scan;
    private final List<Operator> operators;
    private final OperatorContext context;
    private final ArrayDeque<Page> ready = new ArrayDeque<>();
    private boolean isScanDone;

    FragmentSource(PageSource scan, List<Operator> operators, OperatorContext context) {
      this.scan = scan;
      this.operators = operators;
      this.context = context;
    }

    @Override
    public @Nullable Page next() {
      while (ready.isEmpty()) {
        if (isScanDone) {
          return null;
        }
        context.checkCancelled();
        Page page = scan.next();
        if (page == null) {
          isScanDone = true;
          finish();
        } else {
          push(0, page);
        }
      }
      return ready.poll();
    }

    private void finish() {
      for (int i = 0; i < operators.size(); i++) {
        Operator operator = operators.get(i);
        operator.finish();
        while (!operator.isFinished()) {
          Page output = operator.getOutput();
          if (output == null) {
            break;
          }
          push(i + 1, output);
        }
      }
    }

    private void push(int index, Page page) {
      if (page.rowCount() == 0) {
        return;
      }
      if (index == operators.size()) {
        ready.add(page);
        return;
      }
      Operator operator = operators.get(index);
      operator.addInput(page);
      for (Page output = operator.getOutput(); output != null; output = operator.getOutput()) {
        push(index + 1, output);
      }
    }

    @Override
    public void close() {
      try {
        for (Operator operator : operators) {
          operator.close();
        }
      } finally {
        scan.close();
      }
    }
  }

  /** No correlation, parameters or sub-queries, and nothing that depends on where it runs. */
  private static boolean isPortable(RexNode node) {
    if (node instanceof RexInputRef || node instanceof RexLiteral) {
      return true;
    }
    if (!(node instanceof RexCall call)) {
      return false;
    }
    if (!call.getOperator().isDeterministic() || call.getOperator().isDynamicFunction()) {
      return false;
    }
    for (RexNode operand : call.getOperands()) {
      if (!isPortable(operand)) {
        return false;
      }
    }
    return true;
  }

  /** Equal, with the very same operators: an operator read back by name may be another one. */
  private static boolean same(@Nullable RexNode a, @Nullable RexNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!a.equals(b) || !a.getType().equals(b.getType())) {
      return false;
    }
    if (a instanceof RexCall callA && b instanceof RexCall callB) {
      if (callA.getOperator() != callB.getOperator()) {
        return false;
      }
      return sameList(callA.getOperands(), callB.getOperands());
    }
    return true;
  }

  private static boolean sameList(@Nullable List<RexNode> a, @Nullable List<RexNode> b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> aggregationJson(PartialAggregation aggregation) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("groupChannels", aggregation.groupChannels());
    map.put("groupTypes", typeNames(aggregation.groupTypes()));
    List<Object> specs = new ArrayList<>();
    for (AggregateSpec spec : aggregation.specs()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("kind", spec.kind().name());
      json.put("input", spec.inputChannel());
      if (spec.inputType() != null) {
        json.put("inputType", spec.inputType().toString());
      }
      json.put("outputType", spec.outputType().toString());
      json.put("fraction", spec.fraction());
      json.put("moreChannels", spec.moreChannels());
      json.put("moreTypes", typeNames(spec.moreTypes()));
      specs.add(json);
    }
    map.put("specs", specs);
    return map;
  }

  private static PartialAggregation parseAggregation(Map<?, ?> map) {
    List<AggregateSpec> specs = new ArrayList<>();
    for (Object item : list(map, "specs")) {
      if (!(item instanceof Map<?, ?> spec)) {
        throw new IllegalArgumentException("aggregate is not an object: " + item);
      }
      Object inputType = spec.get("inputType");
      Object fraction = spec.get("fraction");
      specs.add(
          new AggregateSpec(
              AggregateSpec.AggregateKind.valueOf(String.valueOf(spec.get("kind"))),
              ((Number) requireNonNull(spec.get("input"), "input")).intValue(),
              inputType == null ? null : parseType(inputType),
              false,
              parseType(spec.get("outputType")),
              fraction instanceof Number number ? number.doubleValue() : 0,
              integers(list(spec, "moreChannels")),
              parseTypes(list(spec, "moreTypes")),
              List.of(),
              List.of(),
              ""));
    }
    return new PartialAggregation(
        integers(list(map, "groupChannels")), parseTypes(list(map, "groupTypes")), specs);
  }

  private static List<Object> typeNames(List<DataType> types) {
    List<Object> names = new ArrayList<>();
    for (DataType type : types) {
      names.add(type.toString());
    }
    return names;
  }

  private static List<DataType> parseTypes(List<?> names) {
    List<DataType> types = new ArrayList<>();
    for (Object name : names) {
      types.add(parseType(name));
    }
    return types;
  }

  /** The inverse of {@link DataType#toString()}. */
  private static DataType parseType(@Nullable Object value) {
    String name = String.valueOf(value);
    if (name.startsWith("DECIMAL(") && name.endsWith(")")) {
      String[] parts = name.substring("DECIMAL(".length(), name.length() - 1).split(",");
      if (parts.length == 2) {
        return DataType.decimal(
            Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    }
    return DataType.of(TypeKind.valueOf(name));
  }

  private static List<Integer> integers(List<?> values) {
    List<Integer> integers = new ArrayList<>();
    for (Object value : values) {
      integers.add(((Number) value).intValue());
    }
    return integers;
  }

  private static List<?> list(Map<?, ?> map, String key) {
    if (!(map.get(key) instanceof List<?> list)) {
      throw new IllegalArgumentException("query fragment without " + key);
    }
    return list;
  }
}
