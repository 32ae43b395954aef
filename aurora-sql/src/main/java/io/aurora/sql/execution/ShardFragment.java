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
import io.aurora.sql.operator.SortKey;
import io.aurora.sql.operator.aggregation.Accumulators;
import io.aurora.sql.operator.sort.TopNOperator;
import io.aurora.sql.planner.AuroraOperatorTable;
import io.aurora.sql.planner.AuroraTypeSystem;
import io.aurora.storage.block.Page;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TypeKind;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.externalize.RelJson;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.JsonBuilder;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a query that runs where a shard's replica is, on another node: the filter and
 * projections over the scanned columns (what storage could not take of the filter) and, under an
 * aggregation that can be split, the partial aggregation, or under an {@code ORDER BY ... LIMIT},
 * the partial top-N. The node holding the replica sends back its output (for an aggregation, one
 * row of intermediate state per group; for a top-N, at most its first rows) instead of every
 * scanned row, and the node that runs the query merges it as it merges its own workers' output.
 *
 * <p>A fragment travels as JSON: its expressions in Calcite's JSON form ({@link RelJson}, operators
 * looked up again by name, kind and syntax), its aggregates as {@link AggregateSpec}s. {@link
 * #encode} returns null for a fragment that would not come back the same: one with an expression
 * that has no JSON form, that reads back differently, or whose value depends on where or when it
 * runs ({@code now()}, {@code random()}, session functions); such scans send their rows as before.
 *
 * <p>Every node of a cluster runs the same version (see {@code cluster.proto}); the version field
 * makes a mismatch fail clearly instead of computing something else.
 */
public final class ShardFragment {
  private static final Logger log = LoggerFactory.getLogger(ShardFragment.class);
  private static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * Where a fragment's operators are found by name and syntax: Aurora's table has several operators
   * of the same name, kind and syntax (such as Calcite's {@code +} and {@code DateArithmetic}'s,
   * which only the validator uses), so a fragment names each operator with its position among the
   * candidates this lookup gives ({@code +#0}), and reading it back takes that very one.
   */
  private static final SqlOperatorTable OPERATORS =
      SqlOperatorTables.chain(SqlStdOperatorTable.instance(), AuroraOperatorTable.instance());

  private static final SqlOperatorTable NAMED_OPERATORS =
      new SqlOperatorTable() {
        @Override
        public void lookupOperatorOverloads(
            SqlIdentifier opName,
            @Nullable SqlFunctionCategory category,
            SqlSyntax syntax,
            List<SqlOperator> operatorList,
            SqlNameMatcher nameMatcher) {
          if (!opName.isSimple()) {
            return;
          }
          String name = opName.getSimple();
          int mark = name.lastIndexOf('#');
          if (mark < 0) {
            return;
          }
          int index = Integer.parseInt(name.substring(mark + 1));
          List<SqlOperator> candidates = candidates(name.substring(0, mark), syntax);
          if (index >= 0 && index < candidates.size()) {
            operatorList.add(candidates.get(index));
          }
        }

        @Override
        public List<SqlOperator> getOperatorList() {
          return OPERATORS.getOperatorList();
        }
      };

  private static List<SqlOperator> candidates(String name, SqlSyntax syntax) {
    List<SqlOperator> candidates = new ArrayList<>();
    OPERATORS.lookupOperatorOverloads(
        new SqlIdentifier(name, SqlParserPos.ZERO),
        null,
        syntax,
        candidates,
        SqlNameMatchers.liberal());
    return candidates;
  }

  /**
   * Names every operator in {@code json}, the JSON form of {@code node}, with its position among
   * the operators of its name and syntax ({@link #NAMED_OPERATORS}).
   */
  @SuppressWarnings("unchecked")
  private static Object operatorsNamed(RelJson relJson, RexNode node, Object json) {
    if (!(node instanceof RexCall call)) {
      return json;
    }
    if (!(json instanceof Map<?, ?> map)
        || !(map.get("op") instanceof Map<?, ?> op)
        || !(map.get("operands") instanceof List<?> operands)
        || operands.size() != call.getOperands().size()) {
      throw new IllegalArgumentException("unexpected JSON form of " + call);
    }
    SqlOperator operator = call.getOperator();
    int index = -1;
    List<SqlOperator> candidates = candidates(operator.getName(), operator.getSyntax());
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i) == operator) {
        index = i;
      }
    }
    if (index < 0 || !operator.getSyntax().name().equals(op.get("syntax"))) {
      throw new IllegalArgumentException("operator " + operator + " cannot be found by name");
    }
    ((Map<String, Object>) op).put("name", operator.getName() + "#" + index);
    // The call's type as the planner made it: derived again from the operands it could differ,
    // since literals travel as parameters.
    // (Calcite's JSON form of an interval type has no precision: those are derived again.)
    if (call.getType().getIntervalQualifier() == null) {
      ((Map<String, Object>) map).put("type", relJson.toJson(call.getType()));
    }
    for (int i = 0; i < operands.size(); i++) {
      operatorsNamed(relJson, call.getOperands().get(i), operands.get(i));
    }
    return json;
  }

  private final List<DataType> scanTypes;
  private final @Nullable RexNode filter;
  private final @Nullable List<RexNode> projections;
  private final @Nullable Stage stage;
  private final long memoryLimitBytes;

  /** What runs after the filter-projection: a partial aggregation or a partial top-N. */
  public sealed interface Stage permits PartialAggregation, PartialTopN {}

  /**
   * An aggregation's partial step: {@link HashAggregationOperator.Step#PARTIAL} over the fragment's
   * projections (or its scanned columns).
   */
  public record PartialAggregation(
      List<Integer> groupChannels, List<DataType> groupTypes, List<AggregateSpec> specs)
      implements Stage {
    public PartialAggregation {
      groupChannels = List.copyOf(groupChannels);
      groupTypes = List.copyOf(groupTypes);
      specs = List.copyOf(specs);
    }
  }

  /**
   * The first {@code count} rows in the order of {@code keys} of the fragment's output ({@link
   * TopNOperator}): the rows of a {@code ORDER BY ... LIMIT} that can come from this shard.
   */
  public record PartialTopN(List<SortKey> keys, long count) implements Stage {
    public PartialTopN {
      keys = List.copyOf(keys);
      if (count < 0) {
        throw new IllegalArgumentException("count is negative: " + count);
      }
    }
  }

  private ShardFragment(
      List<DataType> scanTypes,
      @Nullable RexNode filter,
      @Nullable List<RexNode> projections,
      @Nullable Stage stage,
      long memoryLimitBytes) {
    this.scanTypes = List.copyOf(scanTypes);
    this.filter = filter;
    this.projections = projections == null ? null : List.copyOf(projections);
    this.stage = stage;
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
   * @param stage a partial aggregation or top-N over the projections' output, or null
   * @param memoryLimitBytes the memory the fragment may hold on the other node (the query's limit)
   */
  static @Nullable String encode(
      List<DataType> scanTypes,
      List<RelDataType> scanRelTypes,
      @Nullable RexNode filter,
      @Nullable List<RexNode> projections,
      @Nullable Stage stage,
      long memoryLimitBytes) {
    if (filter != null && projections == null) {
      throw new IllegalArgumentException("a filter needs the projections after it");
    }
    if (projections == null && stage == null) {
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
    if (stage instanceof PartialAggregation aggregation) {
      for (AggregateSpec spec : aggregation.specs()) {
        if (!Accumulators.isSplittable(spec)) {
          return null;
        }
      }
    }
    String json;
    ShardFragment decoded;
    try {
      RelJson relJson = RelJson.create().withJsonBuilder(new JsonBuilder());
      Literals literals = new Literals();
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("version", VERSION);
      root.put("scanTypes", typeNames(scanTypes));
      List<Object> relTypes = new ArrayList<>();
      for (RelDataType type : scanRelTypes) {
        relTypes.add(relJson.toJson(type));
      }
      root.put("scanRelTypes", relTypes);
      if (filter != null) {
        root.put(
            "filter", operatorsNamed(relJson, filter, relJson.toJson(filter.accept(literals))));
      }
      if (projections != null) {
        List<Object> list = new ArrayList<>();
        for (RexNode projection : projections) {
          list.add(
              operatorsNamed(relJson, projection, relJson.toJson(projection.accept(literals))));
        }
        root.put("projections", list);
      }
      List<Object> values = new ArrayList<>();
      for (RexLiteral literal : literals.literals) {
        values.add(literalJson(relJson, literal));
      }
      root.put("literals", values);
      if (stage instanceof PartialAggregation aggregation) {
        root.put("aggregation", aggregationJson(aggregation));
      } else if (stage instanceof PartialTopN topN) {
        root.put("topN", topNJson(topN));
      }
      root.put("memoryLimitBytes", memoryLimitBytes);
      json = JSON.writeValueAsString(root);
      decoded = decode(json);
    } catch (JsonProcessingException | RuntimeException e) {
      log.debug("A query fragment stays on this node: {}", e.toString());
      return null;
    }
    if (!same(filter, decoded.filter)
        || !sameList(projections, decoded.projections)
        || !requireNonNull(decoded.scanTypes).equals(scanTypes)
        || !Objects.equals(stage, decoded.stage)) {
      log.debug(
          "A query fragment stays on this node: {} {} reads back as {} {}",
          filter,
          projections,
          decoded.filter,
          decoded.projections);
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
            new LiteralBuilder(new JavaTypeFactoryImpl(AuroraTypeSystem.INSTANCE)));
    List<DataType> scanTypes = parseTypes(list(root, "scanTypes"));
    List<RelDataType> relTypes = new ArrayList<>();
    RelJson reader = RelJson.create();
    for (Object type : list(root, "scanRelTypes")) {
      relTypes.add(reader.toType(cluster.getTypeFactory(), type));
    }
    RelJson relJson =
        reader
            .withOperatorTable(NAMED_OPERATORS)
            .withInputTranslator(
                (json1, input, map, relInput) -> {
                  if (input < 0 || input >= relTypes.size()) {
                    throw new IllegalArgumentException("input $" + input + " is not scanned");
                  }
                  return new RexInputRef(input, relTypes.get(input));
                });
    LiteralBuilder builder = (LiteralBuilder) cluster.getRexBuilder();
    List<RexLiteral> literals = new ArrayList<>();
    if (root.get("literals") != null) {
      for (Object literal : list(root, "literals")) {
        literals.add(parseLiteral(reader, builder, literal));
      }
    }
    RexShuttle withLiterals =
        new RexShuttle() {
          @Override
          public RexNode visitDynamicParam(RexDynamicParam parameter) {
            if (parameter.getIndex() < 0 || parameter.getIndex() >= literals.size()) {
              throw new IllegalArgumentException("no literal " + parameter.getIndex());
            }
            return literals.get(parameter.getIndex());
          }
        };
    RexNode filter =
        root.get("filter") == null
            ? null
            : relJson.toRex(cluster, root.get("filter")).accept(withLiterals);
    List<RexNode> projections = null;
    if (root.get("projections") != null) {
      projections = new ArrayList<>();
      for (Object projection : list(root, "projections")) {
        projections.add(relJson.toRex(cluster, projection).accept(withLiterals));
      }
    }
    Stage stage = null;
    if (root.get("aggregation") instanceof Map<?, ?> map) {
      stage = parseAggregation(map);
    } else if (root.get("topN") instanceof Map<?, ?> map) {
      stage = parseTopN(map);
    }
    Object limit = root.get("memoryLimitBytes");
    if (!(limit instanceof Number memory)) {
      throw new IllegalArgumentException("query fragment without a memory limit");
    }
    if (filter != null && projections == null) {
      throw new IllegalArgumentException("query fragment with a filter but no projections");
    }
    return new ShardFragment(scanTypes, filter, projections, stage, memory.longValue());
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
    List<DataType> outputTypes = scanTypes;
    try {
      if (projections != null) {
        Expression condition =
            filter == null ? null : ExpressionCompiler.compile(filter, scanTypes);
        List<Expression> outputs = new ArrayList<>();
        outputTypes = new ArrayList<>();
        for (RexNode projection : projections) {
          Expression output = ExpressionCompiler.compile(projection, scanTypes);
          outputs.add(output);
          outputTypes.add(output.type());
        }
        operators.add(new FilterProjectOperator(context, condition, outputs));
      }
      if (stage instanceof PartialAggregation aggregation) {
        operators.add(
            new HashAggregationOperator(
                context,
                aggregation.groupChannels(),
                aggregation.groupTypes(),
                aggregation.specs(),
                HashAggregationOperator.Step.PARTIAL));
      } else if (stage instanceof PartialTopN topN) {
        operators.add(new TopNOperator(context, outputTypes, topN.keys(), topN.count()));
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
    private final OperatorChain chain;
    private boolean isScanDone;

    FragmentSource(PageSource scan, List<Operator> operators, OperatorContext context) {
      this.scan = scan;
      this.operators = operators;
      this.context = context;
      this.chain = new OperatorChain(operators, ready::add);
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
          chain.finish(() -> false);
        } else {
          chain.push(0, page);
        }
      }
      return ready.poll();
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

  /**
   * Takes the literals out of expressions, leaving parameters that name them: Calcite's JSON form
   * of a literal loses some of its type (a VARCHAR(4) reads back as a CHAR(4), an interval its
   * precision, a timestamp its microseconds), so literals travel in their exact internal form.
   * Search arguments stay in Calcite's form.
   */
  private static final class Literals extends RexShuttle {
    final List<RexLiteral> literals = new ArrayList<>();

    @Override
    public RexNode visitLiteral(RexLiteral literal) {
      if (literal.getTypeName() == SqlTypeName.SARG) {
        return literal;
      }
      literals.add(literal);
      return new RexDynamicParam(literal.getType(), literals.size() - 1);
    }
  }

  /** Makes literals from their internal values, as {@link RexBuilder} does inside. */
  private static final class LiteralBuilder extends RexBuilder {
    LiteralBuilder(RelDataTypeFactory typeFactory) {
      super(typeFactory);
    }

    RexLiteral literal(@Nullable Comparable<?> value, RelDataType type, SqlTypeName typeName) {
      return makeLiteral(value, type, typeName);
    }
  }

  private static Map<String, Object> literalJson(RelJson relJson, RexLiteral literal) {
    Map<String, Object> json = new LinkedHashMap<>();
    SqlIntervalQualifier interval = literal.getType().getIntervalQualifier();
    if (interval == null) {
      json.put("type", relJson.toJson(literal.getType()));
    } else {
      // Calcite's JSON form of an interval type has no precision.
      json.put("intervalStart", interval.getStartUnit().name());
      json.put("intervalEnd", interval.getEndUnit() == null ? null : interval.getEndUnit().name());
      json.put("intervalPrecision", interval.getStartPrecisionPreservingDefault());
      json.put("intervalFraction", interval.getFractionalSecondPrecisionPreservingDefault());
      json.put("nullable", literal.getType().isNullable());
    }
    json.put("typeName", literal.getTypeName().name());
    Comparable<?> value =
        literal.isNull()
            ? null
            : switch (literal.getTypeName()) {
              case DATE -> literal.getValueAs(DateString.class);
              case TIME -> literal.getValueAs(TimeString.class);
              case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                  literal.getValueAs(TimestampString.class);
              default -> literal.getValue();
            };
    if (value == null) {
      json.put("kind", "null");
    } else if (value instanceof NlsString string) {
      json.put("kind", "string");
      json.put("value", string.getValue());
      json.put("charset", string.getCharsetName());
      SqlCollation collation = string.getCollation();
      if (collation != null) {
        json.put("collation", collation.getCollationName());
        json.put("coercibility", collation.getCoercibility().name());
      }
    } else if (value instanceof BigDecimal decimal) {
      json.put("kind", "decimal");
      json.put("value", decimal.toString());
    } else if (value instanceof Double number) {
      json.put("kind", "double");
      json.put("value", number.toString());
    } else if (value instanceof Boolean bool) {
      json.put("kind", "boolean");
      json.put("value", bool);
    } else if (value instanceof DateString date) {
      json.put("kind", "date");
      json.put("value", date.toString());
    } else if (value instanceof TimeString time) {
      json.put("kind", "time");
      json.put("value", time.toString());
    } else if (value instanceof TimestampString timestamp) {
      json.put("kind", "timestamp");
      json.put("value", timestamp.toString());
    } else if (value instanceof ByteString bytes) {
      json.put("kind", "bytes");
      json.put("value", bytes.toString(16));
    } else if (value instanceof Enum<?> symbol
        && symbol.getDeclaringClass().getName().startsWith("org.apache.calcite.")) {
      json.put("kind", "symbol");
      json.put("class", symbol.getDeclaringClass().getName());
      json.put("value", symbol.name());
    } else {
      throw new IllegalArgumentException("literal of " + value.getClass() + " cannot travel");
    }
    return json;
  }

  private static RexLiteral parseLiteral(RelJson reader, LiteralBuilder builder, Object item) {
    if (!(item instanceof Map<?, ?> json)) {
      throw new IllegalArgumentException("literal is not an object: " + item);
    }
    RelDataType type;
    if (json.get("intervalStart") != null) {
      Object end = json.get("intervalEnd");
      SqlIntervalQualifier interval =
          new SqlIntervalQualifier(
              TimeUnit.valueOf(String.valueOf(json.get("intervalStart"))),
              ((Number) requireNonNull(json.get("intervalPrecision"), "precision")).intValue(),
              end == null ? null : TimeUnit.valueOf(String.valueOf(end)),
              ((Number) requireNonNull(json.get("intervalFraction"), "fraction")).intValue(),
              SqlParserPos.ZERO);
      RelDataTypeFactory types = builder.getTypeFactory();
      type =
          types.createTypeWithNullability(
              types.createSqlIntervalType(interval), Boolean.TRUE.equals(json.get("nullable")));
    } else {
      type = reader.toType(builder.getTypeFactory(), json.get("type"));
    }
    SqlTypeName typeName = SqlTypeName.valueOf(String.valueOf(json.get("typeName")));
    String text = String.valueOf(json.get("value"));
    Comparable<?> value =
        switch (String.valueOf(json.get("kind"))) {
          case "null" -> null;
          case "string" -> {
            Object collation = json.get("collation");
            yield new NlsString(
                text,
                (String) json.get("charset"),
                collation == null
                    ? null
                    : new SqlCollation(
                        String.valueOf(collation),
                        SqlCollation.Coercibility.valueOf(
                            String.valueOf(json.get("coercibility")))));
          }
          case "decimal" -> new BigDecimal(text);
          case "double" -> Double.valueOf(text);
          case "boolean" -> Boolean.TRUE.equals(json.get("value"));
          case "date" -> new DateString(text);
          case "time" -> new TimeString(text);
          case "timestamp" -> new TimestampString(text);
          case "bytes" -> new ByteString(ByteString.parse(text, 16));
          case "symbol" -> symbol(String.valueOf(json.get("class")), text);
          default -> throw new IllegalArgumentException("literal of kind " + json.get("kind"));
        };
    return builder.literal(value, type, typeName);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Enum<?> symbol(String className, String name) {
    if (!className.startsWith("org.apache.calcite.")) {
      throw new IllegalArgumentException("symbol of " + className);
    }
    try {
      Class<?> type = Class.forName(className, false, ShardFragment.class.getClassLoader());
      if (!type.isEnum()) {
        throw new IllegalArgumentException(className + " is not an enum");
      }
      return Enum.valueOf((Class<? extends Enum>) type, name);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("symbol of unknown " + className, e);
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

  private static Map<String, Object> topNJson(PartialTopN topN) {
    List<Object> keys = new ArrayList<>();
    for (SortKey key : topN.keys()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("channel", key.channel());
      json.put("ascending", key.isAscending());
      json.put("nullsFirst", key.isNullsFirst());
      keys.add(json);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("keys", keys);
    map.put("count", topN.count());
    return map;
  }

  private static PartialTopN parseTopN(Map<?, ?> map) {
    List<SortKey> keys = new ArrayList<>();
    for (Object item : list(map, "keys")) {
      if (!(item instanceof Map<?, ?> key)) {
        throw new IllegalArgumentException("sort key is not an object: " + item);
      }
      keys.add(
          new SortKey(
              ((Number) requireNonNull(key.get("channel"), "channel")).intValue(),
              Boolean.TRUE.equals(key.get("ascending")),
              Boolean.TRUE.equals(key.get("nullsFirst"))));
    }
    return new PartialTopN(keys, ((Number) requireNonNull(map.get("count"), "count")).longValue());
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
