package io.aurora.sql.catalog;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The rules of views that every catalog applies the same way: a view and a table never share a
 * name, and nothing a view reads is dropped while the view exists. Changes return a new map, so
 * that a catalog publishes its views atomically.
 */
public final class Views {
  private Views() {}

  /** The views with {@code view} created or replaced. */
  public static Map<String, ViewDefinition> create(
      Map<String, ViewDefinition> views,
      Predicate<String> isTable,
      ViewDefinition view,
      boolean orReplace) {
    if (isTable.test(view.name())) {
      throw new AuroraException(
          ErrorCode.DUPLICATE_TABLE, "Relation[" + view.name() + "] already exists");
    }
    if (views.containsKey(view.name()) && !orReplace) {
      throw new AuroraException(
          ErrorCode.DUPLICATE_TABLE, "View[" + view.name() + "] already exists");
    }
    ViewDefinition existing = views.get(view.name());
    if (existing != null) {
      checkReplaceable(existing, view);
    }
    for (String dependency : view.dependencies()) {
      if (dependency.equals(view.name())) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE, "View[" + view.name() + "] cannot read itself");
      }
    }
    Map<String, ViewDefinition> next = new TreeMap<>(views);
    next.put(view.name(), view);
    return next;
  }

  /**
   * PostgreSQL's rule for CREATE OR REPLACE VIEW: the new query keeps the view's columns, by name
   * and type and in order, and may only add columns after them (42P16 otherwise), so that what
   * reads the view still finds what it read.
   */
  private static void checkReplaceable(ViewDefinition existing, ViewDefinition replacement) {
    List<ColumnSchema> before = existing.columns();
    List<ColumnSchema> after = replacement.columns();
    if (after.size() < before.size()) {
      throw new AuroraException(
          ErrorCode.INVALID_TABLE_DEFINITION,
          "Cannot drop columns from view[" + existing.name() + "]");
    }
    for (int i = 0; i < before.size(); i++) {
      if (!before.get(i).name().equals(after.get(i).name())) {
        throw new AuroraException(
            ErrorCode.INVALID_TABLE_DEFINITION,
            "Cannot change name of view["
                + existing.name()
                + "] column["
                + before.get(i).name()
                + "] to["
                + after.get(i).name()
                + "]");
      }
      if (!before.get(i).type().equals(after.get(i).type())) {
        throw new AuroraException(
            ErrorCode.INVALID_TABLE_DEFINITION,
            "Cannot change data type of view["
                + existing.name()
                + "] column["
                + before.get(i).name()
                + "] from["
                + before.get(i).type()
                + "] to["
                + after.get(i).type()
                + "]");
      }
    }
  }

  /** The views without {@code name}; null when there is no such view and {@code ifExists}. */
  public static Map<String, ViewDefinition> drop(
      Map<String, ViewDefinition> views, String name, boolean ifExists) {
    if (!views.containsKey(name)) {
      if (ifExists) {
        return views;
      }
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "View[" + name + "] does not exist");
    }
    checkNotRead(views.values(), name);
    Map<String, ViewDefinition> next = new TreeMap<>(views);
    next.remove(name);
    return next;
  }

  /** Fails with 2BP01 when a view reads {@code relation}, a table or view about to be dropped. */
  public static void checkNotRead(Collection<ViewDefinition> views, String relation) {
    for (ViewDefinition view : views) {
      if (!view.name().equals(relation) && view.dependencies().contains(relation)) {
        throw view.dependencyError(relation);
      }
    }
  }

  /** Fails with 42P07 when a view is named {@code name}, which a new table would take. */
  public static void checkNoView(Map<String, ViewDefinition> views, String name) {
    if (views.containsKey(name)) {
      throw new AuroraException(ErrorCode.DUPLICATE_TABLE, "Relation[" + name + "] already exists");
    }
  }
}
