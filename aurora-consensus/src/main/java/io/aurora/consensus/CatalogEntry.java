package io.aurora.consensus;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.List;

/** A DDL statement as a catalog Raft log entry; {@link CatalogCodec} is its byte form. */
sealed interface CatalogEntry {
  /** CREATE TABLE with the peers of each shard ({@code placement.size() == shardCount}). */
  record Create(
      String name,
      TableSchema schema,
      boolean ifNotExists,
      List<List<PeerAddress>> placement,
      List<String> distributionColumns,
      long retentionMicros)
      implements CatalogEntry {
    public Create {
      requireNonNull(name, "name is null");
      requireNonNull(schema, "schema is null");
      distributionColumns = List.copyOf(distributionColumns);
      placement = placement.stream().map(List::copyOf).toList();
      if (placement.size() != schema.shardCount()) {
        throw new IllegalArgumentException(
            "placement of shards[" + placement.size() + "] for shard count " + schema.shardCount());
      }
    }
  }

  /** ALTER TABLE ... SET (retention = ...) / RESET (retention): 0 keeps rows forever. */
  record SetRetention(String table, long retentionMicros) implements CatalogEntry {
    public SetRetention {
      requireNonNull(table, "table is null");
    }
  }

  /** DROP TABLE. */
  record Drop(String name, boolean ifExists) implements CatalogEntry {
    public Drop {
      requireNonNull(name, "name is null");
    }
  }

  /** ALTER TABLE ADD COLUMN. */
  record AddColumn(String table, ColumnSchema column) implements CatalogEntry {
    public AddColumn {
      requireNonNull(table, "table is null");
      requireNonNull(column, "column is null");
    }
  }

  /** A node announcing itself: its Raft peer id, its name and the addresses it serves. */
  record RegisterNode(NodeRecord node) implements CatalogEntry {
    public RegisterNode {
      requireNonNull(node, "node is null");
    }
  }

  /** CREATE PIPELINE; the definition's id is assigned when the entry is applied. */
  record CreatePipeline(io.aurora.sql.catalog.PipelineDefinition pipeline, boolean ifNotExists)
      implements CatalogEntry {
    public CreatePipeline {
      requireNonNull(pipeline, "pipeline is null");
    }
  }

  /** DROP PIPELINE. */
  record DropPipeline(String name, boolean ifExists) implements CatalogEntry {
    public DropPipeline {
      requireNonNull(name, "name is null");
    }
  }

  /** START / STOP PIPELINE. */
  record SetPipelineRunning(String name, boolean running) implements CatalogEntry {
    public SetPipelineRunning {
      requireNonNull(name, "name is null");
    }
  }

  /** CREATE [OR REPLACE] VIEW. */
  record CreateView(io.aurora.sql.catalog.ViewDefinition view, boolean orReplace)
      implements CatalogEntry {
    public CreateView {
      requireNonNull(view, "view is null");
    }
  }

  /** DROP VIEW. */
  record DropView(String name, boolean ifExists) implements CatalogEntry {
    public DropView {
      requireNonNull(name, "name is null");
    }
  }

  /** CREATE [OR REPLACE] ENDPOINT. */
  record CreateEndpoint(io.aurora.sql.catalog.EndpointDefinition endpoint, boolean orReplace)
      implements CatalogEntry {
    public CreateEndpoint {
      requireNonNull(endpoint, "endpoint is null");
    }
  }

  /** DROP ENDPOINT. */
  record DropEndpoint(String name, boolean ifExists) implements CatalogEntry {
    public DropEndpoint {
      requireNonNull(name, "name is null");
    }
  }

  /**
   * CREATE / ALTER / DROP ROLE, GRANT, REVOKE or a table's owner; applied with {@link
   * io.aurora.sql.access.AccessState#apply}.
   */
  record ChangeAccess(io.aurora.sql.access.AccessChange change) implements CatalogEntry {
    public ChangeAccess {
      requireNonNull(change, "change is null");
    }
  }
}
