package io.aurora.sql.planner;

/** Access to {@link CatalogFunctions#sizePretty} for tests of other packages. */
public final class TestingSizes {
  private TestingSizes() {}

  public static String pretty(long bytes) {
    return CatalogFunctions.sizePretty(bytes);
  }
}
