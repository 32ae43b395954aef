package io.aurora.sql.planner;

import io.aurora.sql.catalog.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.jspecify.annotations.Nullable;

/**
 * Orders the inner joins of each {@link MultiJoin} by dynamic programming over its factors (the
 * DPsub enumeration of Moerkotte and Neumann: every connected subset of factors is planned once,
 * from its best split into two connected parts), so bushy trees are considered, not only left-deep
 * ones. Past {@link #MAX_EXHAUSTIVE_FACTORS} factors, where that enumeration grows too large, the
 * joins are ordered greedily instead (Fegaras's greedy operator ordering: the connected pair of
 * parts whose join yields the fewest rows is joined first, until one part remains), which is also
 * bushy and plans 64 tables in milliseconds. A MultiJoin with outer joins or more than {@link
 * #MAX_FACTORS} factors is left for Calcite's greedy {@code LoptOptimizeJoinRule}.
 *
 * <p>Cardinalities: a factor's rows are Calcite's estimate of its input (table row counts and
 * filter selectivities). The equalities between two factors are taken together as one key and keep
 * {@code 1 / max(v1, v2)} of the pairs (see {@link #estimateEquiJoins}), where distinct values come
 * from the tables' sketches ({@link Table#distinctCount}); a column whose table cannot tell counts
 * as unique (the foreign-key-to-key case). Other conditions keep Calcite's guess. Conditions
 * between different pairs of factors are independent, so a subset's cardinality does not depend on
 * how it is split.
 *
 * <p>Cost: the rows every join produces, plus the rows of every build side (which are inserted into
 * a hash table); the smaller input of each join is its build (right) side. The plan's fields are
 * put back in the MultiJoin's order by a projection on top.
 */
final class JoinOrder {
  /** 3^12 splits at most: well under a millisecond of planning per join graph of that size. */
  static final int MAX_EXHAUSTIVE_FACTORS = 12;

  /** Factors are bits of a long. */
  static final int MAX_FACTORS = Long.SIZE;

  private final MultiJoin multiJoin;
  private final RelMetadataQuery metadata;
  private final RexBuilder rexBuilder;
  private final int factorCount;
  private final int[] fieldOffsets;
  private final List<RexNode> conjuncts = new ArrayList<>();
  private final long[] conjunctFactors;
  private final double[] conjunctSelectivities;

  private JoinOrder(MultiJoin multiJoin) {
    this.multiJoin = multiJoin;
    this.metadata = multiJoin.getCluster().getMetadataQuery();
    this.rexBuilder = multiJoin.getCluster().getRexBuilder();
    List<RelNode> inputs = multiJoin.getInputs();
    this.factorCount = inputs.size();
    this.fieldOffsets = new int[factorCount + 1];
    for (int factor = 0; factor < factorCount; factor++) {
      fieldOffsets[factor + 1] =
          fieldOffsets[factor] + inputs.get(factor).getRowType().getFieldCount();
    }
    conjuncts.addAll(RelOptUtil.conjunctions(multiJoin.getJoinFilter()));
    conjuncts.addAll(derivedFactorFilters(conjuncts));
    this.conjunctFactors = new long[conjuncts.size()];
    this.conjunctSelectivities = new double[conjuncts.size()];
    for (int i = 0; i < conjuncts.size(); i++) {
      conjunctFactors[i] = factorsOf(conjuncts.get(i));
      conjunctSelectivities[i] =
          equiJoinFields(conjuncts.get(i)) == null
              ? RelMdUtil.guessSelectivity(conjuncts.get(i))
              : 1;
    }
    estimateEquiJoins();
  }

  /**
   * Filters on single factors implied by a condition over several that is an OR of ANDs: when every
   * branch holds conditions on factor f alone, the OR of those conditions holds for f's rows and is
   * applied to f before any join (PostgreSQL derives restriction clauses from OR clauses the same
   * way). TPC-H Q7's {@code (n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY') OR (n1.n_name =
   * 'GERMANY' AND n2.n_name = 'FRANCE')} keeps two nations on each side; Q19's three branches
   * filter part and lineitem each. The OR itself stays where the factors meet.
   */
  private List<RexNode> derivedFactorFilters(List<RexNode> conditions) {
    List<RexNode> derived = new ArrayList<>();
    for (RexNode condition : conditions) {
      long factors = factorsOf(condition);
      if (!condition.isA(SqlKind.OR)
          || Long.bitCount(factors) < 2
          || !RexUtil.isDeterministic(condition)) {
        continue;
      }
      List<RexNode> branches = RelOptUtil.disjunctions(condition);
      double fewestRows = Double.MAX_VALUE;
      for (int factor = 0; factor < factorCount; factor++) {
        if ((factors & (1L << factor)) != 0) {
          fewestRows = Math.min(fewestRows, factorRows(factor));
        }
      }
      for (int factor = 0; factor < factorCount; factor++) {
        // Only the smallest of the tables (the side a join hashes) is filtered: on a side that
        // streams through the join as its probe, the copy would be evaluated on every row before
        // the join instead of on the pairs after it (Q19's lineitem ran 2.5x slower that way).
        if ((factors & (1L << factor)) == 0 || factorRows(factor) > fewestRows) {
          continue;
        }
        List<RexNode> alternatives = new ArrayList<>();
        for (RexNode branch : branches) {
          List<RexNode> own = new ArrayList<>();
          for (RexNode part : RelOptUtil.conjunctions(branch)) {
            if (factorsOf(part) == 1L << factor) {
              own.add(part);
            }
          }
          if (!own.isEmpty()) {
            alternatives.add(RexUtil.composeConjunction(rexBuilder, own));
          }
        }
        if (alternatives.size() == branches.size()) {
          derived.add(RexUtil.composeDisjunction(rexBuilder, alternatives));
        }
      }
    }
    return derived;
  }

  /** The plan with every MultiJoin this class can order replaced by a tree of joins. */
  static RelNode optimize(RelNode plan) {
    return plan.accept(
        new RelHomogeneousShuttle() {
          @Override
          public RelNode visit(RelNode other) {
            RelNode visited = super.visit(other);
            if (visited instanceof MultiJoin multiJoin && isOrderable(multiJoin)) {
              return new JoinOrder(multiJoin).plan();
            }
            return visited;
          }
        });
  }

  private static boolean isOrderable(MultiJoin multiJoin) {
    if (multiJoin.isFullOuterJoin() || multiJoin.getInputs().size() > MAX_FACTORS) {
      return false;
    }
    for (int i = 0; i < multiJoin.getInputs().size(); i++) {
      if (multiJoin.getJoinTypes().get(i) != JoinRelType.INNER
          || multiJoin.getOuterJoinConditions().get(i) != null) {
        return false;
      }
    }
    return true;
  }

  /** A planned subset of factors: a leaf (one factor) or the join of two disjoint subsets. */
  private record Plan(
      long factors, double rows, double cost, @Nullable Plan probe, @Nullable Plan build) {}

  private RelNode plan() {
    return toRel(factorCount <= MAX_EXHAUSTIVE_FACTORS ? exhaustive() : greedy());
  }

  /** One factor with the conditions on it alone applied. */
  private Plan leaf(int factor) {
    long mask = 1L << factor;
    double factorRows = factorRows(factor);
    for (int i = 0; i < conjuncts.size(); i++) {
      if (conjunctFactors[i] == mask) {
        factorRows *= conjunctSelectivities[i];
      }
    }
    return new Plan(mask, Math.max(1, factorRows), 0, null, null);
  }

  /** The join of two plans, the one with fewer rows as its build side. */
  private static Plan join(Plan first, Plan second, double rows) {
    Plan build = second.rows() <= first.rows() ? second : first;
    Plan probe = build == second ? first : second;
    double cost = first.cost() + second.cost() + rows + build.rows();
    return new Plan(first.factors() | second.factors(), Math.max(1, rows), cost, probe, build);
  }

  private Plan exhaustive() {
    int subsets = 1 << factorCount;
    double[] rows = new double[subsets];
    Plan[] best = new Plan[subsets];
    for (int factor = 0; factor < factorCount; factor++) {
      Plan leaf = leaf(factor);
      best[1 << factor] = leaf;
      rows[1 << factor] = leaf.rows();
    }
    for (int set = 1; set < subsets; set++) {
      if (Integer.bitCount(set) >= 2) {
        int lowest = Integer.lowestOneBit(set);
        rows[set] = rows[lowest] * rows[set ^ lowest] * selectivityBetween(lowest, set ^ lowest);
      }
    }
    Plan[] connected = enumerate(rows, best.clone(), false);
    if (connected[subsets - 1] != null) {
      return connected[subsets - 1];
    }
    // No condition joins some parts of the graph (a cross product the query asked for, or a
    // condition over three or more tables and no other): cross products are considered where no
    // join with a condition plans a subset.
    return enumerate(rows, best, true)[subsets - 1];
  }

  /**
   * Greedy operator ordering: of all pairs of the parts planned so far, joins the pair that yields
   * the fewest rows (the cheaper on a tie), among the pairs a condition connects while any is;
   * about n^3 / 6 pairs are weighed for n factors.
   */
  private Plan greedy() {
    List<Plan> parts = new ArrayList<>(factorCount);
    for (int factor = 0; factor < factorCount; factor++) {
      parts.add(leaf(factor));
    }
    while (parts.size() > 1) {
      Plan chosen = null;
      boolean isChosenConnected = false;
      int chosenFirst = -1;
      int chosenSecond = -1;
      for (int i = 0; i < parts.size(); i++) {
        for (int j = i + 1; j < parts.size(); j++) {
          Plan first = parts.get(i);
          Plan second = parts.get(j);
          boolean connected = isConnected(first.factors(), second.factors());
          if (isChosenConnected && !connected) {
            continue;
          }
          double rows =
              first.rows() * second.rows() * selectivityBetween(first.factors(), second.factors());
          Plan joined = join(first, second, rows);
          if (chosen == null
              || (connected && !isChosenConnected)
              || joined.rows() < chosen.rows()
              || (joined.rows() == chosen.rows() && joined.cost() < chosen.cost())) {
            chosen = joined;
            isChosenConnected = connected;
            chosenFirst = i;
            chosenSecond = j;
          }
        }
      }
      parts.remove(chosenSecond);
      parts.set(chosenFirst, chosen);
    }
    return parts.get(0);
  }

  /** Fills {@code best} for every subset of two or more factors that can be planned. */
  private Plan[] enumerate(double[] rows, Plan[] best, boolean isCrossProductAllowed) {
    for (int set = 1; set < best.length; set++) {
      if (Integer.bitCount(set) < 2) {
        continue;
      }
      best[set] = bestSplit(set, rows[set], best, true);
      if (best[set] == null && isCrossProductAllowed) {
        best[set] = bestSplit(set, rows[set], best, false);
      }
    }
    return best;
  }

  /** The cheapest join of two planned parts of {@code set}, or null when no split qualifies. */
  private @Nullable Plan bestSplit(int set, double rows, Plan[] best, boolean connectedOnly) {
    int lowest = Integer.lowestOneBit(set);
    Plan result = null;
    // Each unordered split once: the part holding the lowest factor is enumerated.
    for (int part = (set - 1) & set; part > 0; part = (part - 1) & set) {
      if ((part & lowest) == 0) {
        continue;
      }
      int rest = set ^ part;
      Plan first = best[part];
      Plan second = best[rest];
      if (first == null || second == null || (connectedOnly && !isConnected(part, rest))) {
        continue;
      }
      Plan joined = join(first, second, rows);
      if (result == null || joined.cost() < result.cost()) {
        result = joined;
      }
    }
    return result;
  }

  private boolean isConnected(long part, long rest) {
    for (long factors : conjunctFactors) {
      if ((factors & part) != 0 && (factors & rest) != 0 && (factors & ~(part | rest)) == 0) {
        return true;
      }
    }
    return false;
  }

  private double selectivityBetween(long part, long rest) {
    double selectivity = 1;
    long set = part | rest;
    for (int i = 0; i < conjunctFactors.length; i++) {
      long factors = conjunctFactors[i];
      if ((factors & ~set) == 0 && (factors & part) != 0 && (factors & rest) != 0) {
        selectivity *= conjunctSelectivities[i];
      }
    }
    return selectivity;
  }

  /**
   * The two fields a condition equates when they belong to different factors (casts aside), else
   * null.
   */
  private int @Nullable [] equiJoinFields(RexNode conjunct) {
    if (!conjunct.isA(SqlKind.EQUALS) && !conjunct.isA(SqlKind.IS_NOT_DISTINCT_FROM)) {
      return null;
    }
    RexNode left = RexUtil.removeCast(((RexCall) conjunct).getOperands().get(0));
    RexNode right = RexUtil.removeCast(((RexCall) conjunct).getOperands().get(1));
    if (left instanceof RexInputRef leftRef
        && right instanceof RexInputRef rightRef
        && factorOf(leftRef.getIndex()) != factorOf(rightRef.getIndex())) {
      return new int[] {leftRef.getIndex(), rightRef.getIndex()};
    }
    return null;
  }

  /**
   * Sets the selectivity of the equalities between each pair of factors, taken together as one
   * (possibly composite) key: {@code 1 / max(v1, v2)}, where a side's v is its distinct key values,
   * capped by its rows and by the other side's distinct values before filters (containment: the
   * side with fewer values draws them from the other's). The composite key of TPC-H's {@code
   * lineitem} and {@code partsupp} gets partsupp's row count, not the product of the columns'
   * selectivities, which would assume that part and supplier keys vary independently.
   */
  private void estimateEquiJoins() {
    boolean[] done = new boolean[conjuncts.size()];
    for (int i = 0; i < conjuncts.size(); i++) {
      int[] first = equiJoinFields(conjuncts.get(i));
      if (done[i] || first == null) {
        continue;
      }
      int factorA = factorOf(first[0]);
      int factorB = factorOf(first[1]);
      List<Integer> fieldsA = new ArrayList<>();
      List<Integer> fieldsB = new ArrayList<>();
      for (int j = i; j < conjuncts.size(); j++) {
        int[] fields = equiJoinFields(conjuncts.get(j));
        if (done[j] || fields == null) {
          continue;
        }
        if (factorOf(fields[0]) == factorA && factorOf(fields[1]) == factorB) {
          fieldsA.add(fields[0]);
          fieldsB.add(fields[1]);
        } else if (factorOf(fields[0]) == factorB && factorOf(fields[1]) == factorA) {
          fieldsA.add(fields[1]);
          fieldsB.add(fields[0]);
        } else {
          continue;
        }
        done[j] = true;
      }
      double domainA = keyDistinctValues(factorA, fieldsA);
      double domainB = keyDistinctValues(factorB, fieldsB);
      double domain = Math.min(domainA, domainB);
      double valuesA = Math.min(Math.min(domainA, factorRows(factorA)), domain);
      double valuesB = Math.min(Math.min(domainB, factorRows(factorB)), domain);
      conjunctSelectivities[i] = 1 / Math.max(1, Math.max(valuesA, valuesB));
    }
  }

  private double factorRows(int factor) {
    return Math.max(1, metadata.getRowCount(multiJoin.getInputs().get(factor)));
  }

  /**
   * The distinct values of a key of a factor's fields before the factor's filters: the product of
   * the fields' distinct values, at most the rows of the table they come from.
   */
  private double keyDistinctValues(int factor, List<Integer> fields) {
    double product = 1;
    double tableRows = 0;
    for (int field : fields) {
      ColumnStatistics statistics = columnStatistics(factor, field - fieldOffsets[factor]);
      product *= statistics.distinctValues();
      tableRows = Math.max(tableRows, statistics.tableRows());
    }
    return Math.max(1, Math.min(product, tableRows));
  }

  /** A factor column's distinct values and its table's rows, before the factor's filters. */
  private record ColumnStatistics(double distinctValues, double tableRows) {}

  /**
   * The statistics of the table column a factor's column comes from; a computed column, or one
   * whose table has no sketch, counts as unique in the factor's rows.
   */
  private ColumnStatistics columnStatistics(int factor, int column) {
    RelNode input = multiJoin.getInputs().get(factor);
    double rows = factorRows(factor);
    RelColumnOrigin origin = metadata.getColumnOrigin(input, column);
    if (origin == null || origin.isDerived()) {
      return new ColumnStatistics(rows, rows);
    }
    RelOptTable table = origin.getOriginTable();
    AuroraCalciteSchema.CalciteTable calciteTable =
        table.unwrap(AuroraCalciteSchema.CalciteTable.class);
    if (calciteTable == null) {
      return new ColumnStatistics(rows, rows);
    }
    double tableRows = Math.max(1, calciteTable.table().rowCount());
    String name = table.getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
    double distinct = calciteTable.table().distinctCount(name);
    return new ColumnStatistics(
        Double.isNaN(distinct) ? tableRows : Math.min(Math.max(1, distinct), tableRows), tableRows);
  }

  private int factorOf(int field) {
    for (int factor = 0; factor < factorCount; factor++) {
      if (field < fieldOffsets[factor + 1]) {
        return factor;
      }
    }
    throw new IllegalArgumentException("field " + field + " is past the join's fields");
  }

  private long factorsOf(RexNode conjunct) {
    long factors = 0;
    for (int field : RelOptUtil.InputFinder.bits(conjunct)) {
      factors |= 1L << factorOf(field);
    }
    return factors;
  }

  /** The plan as joins, with the MultiJoin's fields in its order and its post-join filter. */
  private RelNode toRel(Plan plan) {
    int fieldCount = fieldOffsets[factorCount];
    int[] positions = new int[fieldCount];
    Arrays.fill(positions, -1);
    RelNode joined = toRel(plan, positions, new int[] {0});
    List<RexNode> projects = new ArrayList<>(fieldCount);
    for (int field = 0; field < fieldCount; field++) {
      projects.add(rexBuilder.makeInputRef(joined, positions[field]));
    }
    RelNode result = joined;
    if (!RexUtil.isIdentity(projects, joined.getRowType())) {
      result =
          LogicalProject.create(
              joined, List.of(), projects, multiJoin.getRowType().getFieldNames(), Set.of());
    }
    List<RexNode> top = new ArrayList<>();
    for (int i = 0; i < conjuncts.size(); i++) {
      if (conjunctFactors[i] == 0) {
        top.add(conjuncts.get(i));
      }
    }
    if (multiJoin.getPostJoinFilter() != null) {
      top.add(multiJoin.getPostJoinFilter());
    }
    if (!top.isEmpty()) {
      result = LogicalFilter.create(result, RexUtil.composeConjunction(rexBuilder, top));
    }
    return result;
  }

  /**
   * The subtree of a plan; sets {@code positions[field]} to where each MultiJoin field of the
   * subtree lands in the output of the whole join tree, {@code width[0]} being the fields placed
   * before this subtree.
   */
  private RelNode toRel(Plan plan, int[] positions, int[] width) {
    if (plan.probe() == null || plan.build() == null) {
      int factor = Long.numberOfTrailingZeros(plan.factors());
      RelNode input = multiJoin.getInputs().get(factor);
      int start = width[0];
      for (int field = fieldOffsets[factor]; field < fieldOffsets[factor + 1]; field++) {
        positions[field] = width[0]++;
      }
      List<RexNode> filters = new ArrayList<>();
      for (int i = 0; i < conjuncts.size(); i++) {
        if (conjunctFactors[i] == plan.factors()) {
          filters.add(shift(conjuncts.get(i), positions, start));
        }
      }
      return filters.isEmpty()
          ? input
          : LogicalFilter.create(input, RexUtil.composeConjunction(rexBuilder, filters));
    }
    int start = width[0];
    RelNode probe = toRel(plan.probe(), positions, width);
    RelNode build = toRel(plan.build(), positions, width);
    List<RexNode> conditions = new ArrayList<>();
    for (int i = 0; i < conjuncts.size(); i++) {
      long factors = conjunctFactors[i];
      if ((factors & ~plan.factors()) == 0
          && (factors & plan.probe().factors()) != 0
          && (factors & plan.build().factors()) != 0) {
        conditions.add(shift(conjuncts.get(i), positions, start));
      }
    }
    return LogicalJoin.create(
        probe,
        build,
        List.of(),
        RexUtil.composeConjunction(rexBuilder, conditions),
        Set.of(),
        JoinRelType.INNER);
  }

  /**
   * A condition over MultiJoin fields rewritten over a subtree whose first field is {@code start}.
   */
  private RexNode shift(RexNode condition, int[] positions, int start) {
    return condition.accept(
        new RexShuttle() {
          @Override
          public RexNode visitInputRef(RexInputRef ref) {
            return new RexInputRef(positions[ref.getIndex()] - start, ref.getType());
          }
        });
  }
}
