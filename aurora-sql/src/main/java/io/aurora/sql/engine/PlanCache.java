package io.aurora.sql.engine;

import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The node's plans of recent query texts, least recently used first out ({@code
 * query.plan-cache-size} entries; 0 keeps none). A dashboard that sends the same statement again,
 * through the simple protocol or as an unnamed prepared statement, skips Calcite. Entries are
 * checked against the catalog before each use ({@link PreparedQuery.Snapshot}), so DDL needs no
 * invalidation here.
 */
final class PlanCache {
  /** A statement's text and its parameters' declared types (null where open). */
  record Key(String sql, List<@Nullable DataType> parameterTypes) {
    Key {
      parameterTypes = Collections.unmodifiableList(new ArrayList<>(parameterTypes));
    }
  }

  private final int capacity;
  private final LinkedHashMap<Key, PreparedQuery.Snapshot> entries;

  PlanCache(int capacity) {
    this.capacity = capacity;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, PreparedQuery.Snapshot> eldest) {
            return size() > PlanCache.this.capacity;
          }
        };
  }

  synchronized PreparedQuery.@Nullable Snapshot get(Key key) {
    return entries.get(key);
  }

  synchronized void put(Key key, PreparedQuery.Snapshot plan) {
    if (capacity > 0) {
      entries.put(key, plan);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
