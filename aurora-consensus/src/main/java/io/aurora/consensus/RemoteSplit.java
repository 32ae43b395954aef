package io.aurora.consensus;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A shard read from a replica on another node, as one split. The replicas are tried in turn: one
 * that fails before it sent a page is replaced by the next, so a node that went down does not fail
 * the query; a replica that fails after it sent pages fails the query, never giving a partial
 * answer. The same holds for a query fragment ({@link #openFragment}) that the replica's node runs
 * over its scan.
 */
final class RemoteSplit implements ScanSplit {
  private static final Logger log = LoggerFactory.getLogger(RemoteSplit.class);

  private final RemoteShardReader reader;
  private final List<NodeRecord> replicas;
  private final UUID groupId;
  private final ScanRequest request;
  private final long estimatedRows;

  /** {@code replicas} in the order to try them; at least one. */
  RemoteSplit(
      RemoteShardReader reader,
      List<NodeRecord> replicas,
      UUID groupId,
      ScanRequest request,
      long estimatedRows) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("no replica of group " + groupId);
    }
    this.reader = reader;
    this.replicas = List.copyOf(replicas);
    this.groupId = groupId;
    this.request = request;
    this.estimatedRows = estimatedRows;
  }

  @Override
  public PageSource open() {
    return new FailoverSource(null);
  }

  @Override
  public boolean isRemote() {
    return true;
  }

  @Override
  public @Nullable PageSource openFragment(String fragment) {
    PageSource first = reader.scanFragment(replicas.get(0), groupId, request, fragment);
    if (first == null) {
      return null;
    }
    FailoverSource source = new FailoverSource(fragment);
    source.current = first;
    return source;
  }

  @Override
  public long estimatedRows() {
    return estimatedRows;
  }

  private final class FailoverSource implements PageSource {
    private final @Nullable String fragment;
    private int replica;
    private @Nullable PageSource current;
    private boolean hasSentPage;

    FailoverSource(@Nullable String fragment) {
      this.fragment = fragment;
    }

    @Override
    public @Nullable Page next() {
      while (true) {
        if (current == null) {
          NodeRecord node = replicas.get(replica);
          current =
              fragment == null
                  ? reader.scan(node, groupId, request)
                  : java.util.Objects.requireNonNull(
                      reader.scanFragment(node, groupId, request, fragment), "fragment source");
        }
        try {
          Page page = current.next();
          hasSentPage |= page != null;
          return page;
        } catch (AuroraException e) {
          if (hasSentPage
              || e.errorCode() != ErrorCode.UNAVAILABLE
              || replica + 1 >= replicas.size()) {
            throw e;
          }
          log.info(
              "Replica of shard group[{}] on node[{}] failed before sending rows; trying node[{}]",
              groupId,
              replicas.get(replica).nodeId(),
              replicas.get(replica + 1).nodeId());
          closeCurrent();
          replica++;
        }
      }
    }

    private void closeCurrent() {
      PageSource source = current;
      current = null;
      if (source != null) {
        source.close();
      }
    }

    @Override
    public void close() {
      closeCurrent();
    }
  }
}
