package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.AccessState;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Kafka pipeline as the catalog keeps it ({@code CREATE PIPELINE}): where it reads, the table it
 * writes, its record format and options, its column mappings ({@code column -> SQL expression over
 * the record's fields}, in the order written) and filter (a SQL condition, or null), and whether it
 * should run. {@code id} is assigned by the catalog when the pipeline is created and never reused,
 * so a pipeline re-created under the same name starts afresh instead of inheriting the old one's
 * offsets. {@code owner} is the role that created it, whose privileges every batch it writes is
 * checked against; null for a pipeline of a bootstrap identity (or one created before roles), which
 * only superusers may manage and which writes unchecked.
 */
public record PipelineDefinition(
    long id,
    String name,
    String brokers,
    String topic,
    String table,
    String format,
    Map<String, String> options,
    Map<String, String> mappings,
    @Nullable String filter,
    boolean isRunning,
    @Nullable String owner) {
  public PipelineDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(brokers, "brokers is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(table, "table is null");
    requireNonNull(format, "format is null");
    options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    mappings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mappings));
  }

  /** A pipeline without column mappings or filter. */
  public PipelineDefinition(
      long id,
      String name,
      String brokers,
      String topic,
      String table,
      String format,
      Map<String, String> options,
      boolean isRunning) {
    this(id, name, brokers, topic, table, format, options, Map.of(), null, isRunning, null);
  }

  /** Whether rows are computed by SQL expressions (mappings or a filter) from the records. */
  public boolean isTransformed() {
    return !mappings.isEmpty() || filter != null;
  }

  /**
   * The columns the pipeline writes into {@code target}: the mapped ones, or every column when the
   * records' fields map to columns by name.
   */
  public List<String> writtenColumns(TableSchema target) {
    return mappings.isEmpty() ? target.columnNames() : List.copyOf(mappings.keySet());
  }

  /**
   * Fails with 42501 unless the owner may load the pipeline's rows into {@code target} ({@link
   * AccessState#checkBulkLoad}), or when the owner no longer exists; a pipeline without an owner
   * always may. Checked when the pipeline is created and before every batch it writes.
   */
  public void checkOwnerMayLoad(AccessState access, TableSchema target) {
    if (owner == null) {
      return;
    }
    if (access.role(owner) == null) {
      throw new AuroraException(
          ErrorCode.INSUFFICIENT_PRIVILEGE,
          "role \"" + owner + "\", the owner of pipeline " + name + ", does not exist");
    }
    access.checkBulkLoad(owner, table, writtenColumns(target));
  }

  /** The dead-letter table of the pipeline: {@code <name>_errors}. */
  public String errorTable() {
    return errorTableName(name);
  }

  public static String errorTableName(String pipeline) {
    return pipeline + "_errors";
  }

  public PipelineDefinition withId(long newId) {
    return new PipelineDefinition(
        newId, name, brokers, topic, table, format, options, mappings, filter, isRunning, owner);
  }

  public PipelineDefinition withOwner(@Nullable String newOwner) {
    return new PipelineDefinition(
        id, name, brokers, topic, table, format, options, mappings, filter, isRunning, newOwner);
  }

  public PipelineDefinition withRunning(boolean running) {
    return new PipelineDefinition(
        id, name, brokers, topic, table, format, options, mappings, filter, running, owner);
  }
}
