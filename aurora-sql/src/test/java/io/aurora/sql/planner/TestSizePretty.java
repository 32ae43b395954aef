package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code pg_size_pretty} as PostgreSQL 15 prints it (values from its regression tests). */
class TestSizePretty {
  @Test
  void printsAsPostgresql() {
    assertThat(CatalogFunctions.sizePretty(10)).isEqualTo("10 bytes");
    assertThat(CatalogFunctions.sizePretty(1000)).isEqualTo("1000 bytes");
    assertThat(CatalogFunctions.sizePretty(1_000_000)).isEqualTo("977 kB");
    assertThat(CatalogFunctions.sizePretty(1_000_000_000)).isEqualTo("954 MB");
    assertThat(CatalogFunctions.sizePretty(1_000_000_000_000L)).isEqualTo("931 GB");
    assertThat(CatalogFunctions.sizePretty(1_000_000_000_000_000L)).isEqualTo("909 TB");
    assertThat(CatalogFunctions.sizePretty(-1_000_000)).isEqualTo("-977 kB");
    assertThat(CatalogFunctions.sizePretty(10239)).isEqualTo("10239 bytes");
    assertThat(CatalogFunctions.sizePretty(10240)).isEqualTo("10 kB");
  }
}
