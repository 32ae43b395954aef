package io.aurora.sql.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EXPLAIN text (one node a line, children indented two spaces deeper) as a tree, for tests that
 * assert a plan's shape: which tables each join's sides read.
 */
public record PlanTree(String line, List<PlanTree> children) {
  private static final Pattern TABLE = Pattern.compile("Scan \\[table=([a-z_0-9]+)");

  /** Parses the lines of an EXPLAIN. */
  public static PlanTree parse(List<String> lines) {
    int[] position = {0};
    return parse(lines, position, indent(lines.get(0)));
  }

  private static PlanTree parse(List<String> lines, int[] position, int depth) {
    String line = lines.get(position[0]++).strip();
    List<PlanTree> children = new ArrayList<>();
    while (position[0] < lines.size() && indent(lines.get(position[0])) > depth) {
      children.add(parse(lines, position, indent(lines.get(position[0]))));
    }
    return new PlanTree(line, children);
  }

  private static int indent(String line) {
    int spaces = 0;
    while (spaces < line.length() && line.charAt(spaces) == ' ') {
      spaces++;
    }
    return spaces;
  }

  /** The tables this subtree scans. */
  public Set<String> tables() {
    Set<String> tables = new LinkedHashSet<>();
    collectTables(tables);
    return tables;
  }

  private void collectTables(Set<String> tables) {
    Matcher matcher = TABLE.matcher(line);
    if (matcher.find()) {
      tables.add(matcher.group(1));
    }
    for (PlanTree child : children) {
      child.collectTables(tables);
    }
  }

  /** Every hash join of the tree, top down. */
  public List<PlanTree> joins() {
    List<PlanTree> joins = new ArrayList<>();
    collectJoins(joins);
    return joins;
  }

  private void collectJoins(List<PlanTree> joins) {
    if (line.startsWith("HashJoin")) {
      joins.add(this);
    }
    for (PlanTree child : children) {
      child.collectJoins(joins);
    }
  }

  /** The tables of a join's build (right) side. */
  public Set<String> buildTables() {
    return children.get(1).tables();
  }

  /** The tables of a join's probe (left) side. */
  public Set<String> probeTables() {
    return children.get(0).tables();
  }

  /** Every node of the tree, depth first. */
  public List<PlanTree> nodes() {
    List<PlanTree> nodes = new ArrayList<>();
    nodes.add(this);
    for (PlanTree child : children) {
      nodes.addAll(child.nodes());
    }
    return nodes;
  }

  /** Every line, one per node, depth first: the scans among them say which columns they read. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(line);
    for (PlanTree child : children) {
      lines.addAll(child.lines());
    }
    return lines;
  }
}
