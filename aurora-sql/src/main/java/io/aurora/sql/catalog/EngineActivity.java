package io.aurora.sql.catalog;

import java.util.List;
import java.util.Map;

/**
 * What the node's engine is doing and has done, for the system tables: the statements running now
 * ({@code system.queries}) and what happened to each table ({@code pg_stat_user_tables}).
 * Thread-safe.
 */
public interface EngineActivity {
  /** No statements and no table activity: planning without an engine. */
  EngineActivity NONE =
      new EngineActivity() {
        @Override
        public List<RunningQuery> runningQueries() {
          return List.of();
        }

        @Override
        public Map<String, TableActivity> tableActivity() {
          return Map.of();
        }
      };

  /** The statements running now, oldest first. */
  List<RunningQuery> runningQueries();

  /** Each user table's activity since the node started, by table name. */
  Map<String, TableActivity> tableActivity();
}
