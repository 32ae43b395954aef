package io.aurora.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.shard.StorageConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intervals as PostgreSQL 16 shows and takes them apart, where DuckDB, the differential oracle,
 * differs from PostgreSQL or does not answer.
 */
class TestIntervalQueries {
  @TempDir Path directory;
  private LocalCatalog catalog;
  private SqlEngine engine;

  @BeforeEach
  void start() {
    catalog = new LocalCatalog(directory, StorageConfig.DEFAULT);
    engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.close();
  }

  private List<Object> row(String sql) {
    List<List<Object>> rows = ((QueryResult) engine.execute(sql)).rows();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void hoursStayHoursAndDaysStayDays() {
    assertThat(
            row(
                "SELECT INTERVAL '36 hours', INTERVAL '1 day 12 hours', INTERVAL '48 hours',"
                    + " INTERVAL '2 days', CAST(INTERVAL '90 minutes' * 20 AS VARCHAR),"
                    + " INTERVAL '1.5 days', INTERVAL '-36 hours'"))
        .containsExactly(
            "36:00:00",
            "1 day 12:00:00",
            "48:00:00",
            "2 days",
            "30:00:00",
            "1 day 12:00:00",
            "-36:00:00");
  }

  @Test
  void extractTakesTheFieldsOfAnInterval() {
    assertThat(
            row(
                "SELECT extract(hour FROM INTERVAL '36 hours'), extract(day FROM INTERVAL '1 day"
                    + " 12 hours'), extract(hour FROM INTERVAL '1 day 12 hours'), extract(year"
                    + " FROM INTERVAL '14 months'), extract(month FROM INTERVAL '14 months'),"
                    + " extract(quarter FROM INTERVAL '14 months')"))
        .containsExactly(36L, 1L, 12L, 1L, 2L, 1L);
    // PostgreSQL counts a month as 365.25 / 12 days in an epoch.
    assertThat(row("SELECT extract(epoch FROM INTERVAL '1 month')").get(0)).isEqualTo(2_629_800L);
    // Calcite's validator refuses a unit an interval has no field for (42804; PostgreSQL: 0A000).
    assertThatThrownBy(() -> engine.execute("SELECT extract(dow FROM INTERVAL '36 hours')"))
        .isInstanceOfSatisfying(
            AuroraException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DATATYPE_MISMATCH));
  }
}
