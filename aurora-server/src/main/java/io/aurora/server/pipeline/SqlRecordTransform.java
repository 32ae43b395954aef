package io.aurora.server.pipeline;

import static java.util.Objects.requireNonNull;

import io.aurora.kafka.KafkaPipeline;
import io.aurora.kafka.RecordTransform;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.ddl.FieldReferences;
import io.aurora.sql.engine.EngineConfig;
import io.aurora.sql.engine.PreparedQuery;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's column mappings and filter, run by an engine of its own over each batch:
 *
 * <pre>
 * SELECT CAST((mapping or field) AS column type) AS column, ..., __row FROM source WHERE filter
 * </pre>
 *
 * where {@code source} is the batch's staging page (every field the expressions name, as text) and
 * a column without a mapping reads the field of its own name. The statement is planned once (a few
 * milliseconds) and run for every batch. Not thread-safe: one per pipeline, used by its consumer
 * thread.
 */
final class SqlRecordTransform implements RecordTransform, AutoCloseable {
  private static final String SOURCE = "source";
  private static final java.util.concurrent.atomic.AtomicBoolean NOT_CANCELLED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final List<String> fields;
  private final String query;
  private final TableSchema target;
  private final SqlEngine engine;
  private final StagingCatalog catalog;
  private @Nullable PreparedQuery prepared;
  private boolean isPrepared;

  SqlRecordTransform(PipelineDefinition pipeline, TableSchema target) {
    this.target = requireNonNull(target, "target is null");
    Set<String> sourceFields = new LinkedHashSet<>();
    StringBuilder select = new StringBuilder("SELECT ");
    for (String column : pipeline.mappings().keySet()) {
      if (target.indexOf(column) < 0) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_COLUMN,
            "column \"" + column + "\" of table " + pipeline.table() + " does not exist");
      }
    }
    for (int c = 0; c < target.columnCount(); c++) {
      ColumnSchema column = target.column(c);
      String mapping = pipeline.mappings().get(column.name());
      String expression;
      if (mapping == null) {
        sourceFields.add(column.name());
        expression = quote(column.name());
      } else {
        FieldReferences references = FieldReferences.of(mapping);
        sourceFields.addAll(references.fields());
        expression = "(" + references.expression() + ")";
      }
      select
          .append("CAST(")
          .append(expression)
          .append(" AS ")
          .append(sqlType(column.type()))
          .append(") AS ")
          .append(quote(column.name()))
          .append(", ");
    }
    select.append(quote(KafkaPipeline.STAGING_ROW_COLUMN)).append(" FROM ").append(SOURCE);
    if (pipeline.filter() != null) {
      FieldReferences references = FieldReferences.of(pipeline.filter());
      sourceFields.addAll(references.fields());
      select.append(" WHERE ").append(references.expression());
    }
    sourceFields.remove(KafkaPipeline.STAGING_ROW_COLUMN);
    this.fields = List.copyOf(sourceFields);
    this.query = select.toString();
    this.catalog = new StagingCatalog(stagingSchema(fields));
    this.engine = new SqlEngine(catalog, EngineConfig.DEFAULT.withQueryParallelism(1));
  }

  /** Plans and runs the statement over no rows: a bad expression fails here, with its SQLSTATE. */
  void check() {
    apply(emptyStaging());
  }

  @Override
  public List<String> sourceFields() {
    return fields;
  }

  /**
   * Runs the statement over the staging page: planned once, on the first batch, and again only when
   * the batch size changes by more than the plan cache allows ({@link SqlEngine#prepare}). A
   * statement that cannot be prepared runs from its text, planned every time.
   */
  private QueryResult run() {
    if (!isPrepared) {
      prepared = engine.prepare(query, List.of());
      isPrepared = true;
    }
    PreparedQuery current = prepared;
    return current == null
        ? (QueryResult) engine.execute(query)
        : engine.execute(current, List.of(), NOT_CANCELLED);
  }

  /** Statements Calcite planned for this transform so far. */
  long plannedStatements() {
    return engine.plannedStatements();
  }

  @Override
  public Result apply(Page staging) {
    catalog.page = staging;
    List<Page> pages = new ArrayList<>();
    int rows = 0;
    try (QueryResult result = run()) {
      for (Page page = result.next(); page != null; page = result.next()) {
        Page compact = page.compact();
        pages.add(compact);
        rows += compact.positionCount();
      }
    } finally {
      catalog.page = null;
    }
    Block[] blocks = new Block[target.columnCount()];
    long[] stagingRows = new long[rows];
    for (int c = 0; c <= blocks.length; c++) {
      BlockBuilder builder =
          c < blocks.length ? BlockBuilder.forType(target.column(c).type(), rows) : null;
      int row = 0;
      for (Page page : pages) {
        Block block = page.block(c);
        for (int position = 0; position < page.positionCount(); position++) {
          if (builder != null) {
            builder.appendFrom(block, position);
          } else {
            stagingRows[row++] = (Long) block.objectValue(position);
          }
        }
      }
      if (builder != null) {
        blocks[c] = builder.build();
      }
    }
    return new Result(new Page(rows, blocks), stagingRows);
  }

  private Page emptyStaging() {
    TableSchema schema = catalog.schema;
    Block[] blocks = new Block[schema.columnCount()];
    for (int c = 0; c < blocks.length; c++) {
      blocks[c] = BlockBuilder.forType(schema.column(c).type(), 0).build();
    }
    return new Page(0, blocks);
  }

  private static TableSchema stagingSchema(List<String> fields) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(ColumnSchema.of(field, DataType.VARCHAR));
    }
    columns.add(new ColumnSchema(KafkaPipeline.STAGING_ROW_COLUMN, DataType.BIGINT, false));
    return TableSchema.of(columns);
  }

  private static String sqlType(DataType type) {
    return switch (type.kind()) {
      case BOOLEAN -> "BOOLEAN";
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + type.precision() + ", " + type.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIMESTAMP -> "TIMESTAMP";
    };
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    engine.close();
  }

  /** A catalog of one table, {@code source}, whose rows are the batch being transformed. */
  private static final class StagingCatalog implements Catalog {
    private final TableSchema schema;
    private final Table source;
    private volatile @Nullable Page page;

    StagingCatalog(TableSchema schema) {
      this.schema = schema;
      this.source = new StagingTable();
    }

    @Override
    public List<String> tableNames() {
      return List.of(SOURCE);
    }

    @Override
    public @Nullable Table table(String name) {
      return SOURCE.equals(name) ? source : null;
    }

    @Override
    public void createTable(String name, TableSchema tableSchema, boolean ifNotExists) {
      throw readOnly();
    }

    @Override
    public void dropTable(String name, boolean ifExists) {
      throw readOnly();
    }

    @Override
    public void addColumn(String table, ColumnSchema column) {
      throw readOnly();
    }

    @Override
    public void checkpoint() {}

    private static AuroraException readOnly() {
      return new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "A pipeline's expressions read only its records");
    }

    private final class StagingTable implements Table {
      @Override
      public String name() {
        return SOURCE;
      }

      @Override
      public TableSchema schema() {
        return schema;
      }

      @Override
      public long rowCount() {
        Page current = page;
        return current == null ? 0 : current.rowCount();
      }

      @Override
      public TableScan scan(ScanRequest request) {
        ScanStatistics statistics = new ScanStatistics();
        Page current = page;
        if (current == null || current.rowCount() == 0) {
          return new TableScan(List.of(), statistics);
        }
        Page rows = current.compact();
        ScanContext context = new ScanContext(schema.columns(), request, statistics);
        return new TableScan(
            List.of(
                PageListScanner.split(
                    schema.columns(), new Page[] {rows}, 1, rows.positionCount(), context)),
            statistics);
      }

      @Override
      public void append(Page rows) {
        throw readOnly();
      }

      @Override
      public boolean append(Page rows, String producerId, long sequence) {
        throw readOnly();
      }

      @Override
      public long appendSourced(Page rows, long[] offsets, String sourceId, long endOffset) {
        throw readOnly();
      }

      @Override
      public long sourceOffset(String sourceId) {
        return -1;
      }
    }
  }
}
