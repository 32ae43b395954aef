package io.aurora.consensus;

import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to a shard that this node holds no replica of (a cluster with more nodes than the table's
 * replication factor): each batch goes through a Raft client to the group's leader, one at a time,
 * under a producer id unique to this node's process, so sequences reach the log in order.
 */
final class RemoteShard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteShard.class);

  private final RaftClient client;
  private final String producerId;
  private final ReentrantLock lock = new ReentrantLock();
  private long nextSequence;

  RemoteShard(RaftClient client, String nodePeerId) {
    this.client = client;
    this.producerId = nodePeerId + "/" + UUID.randomUUID() + "/remote";
  }

  /** Appends the selected rows as this node's producer; returns once committed and applied. */
  AppendResult append(Page page) {
    return append(BatchCodec.encodePage(page));
  }

  /** Appends an encoded page as this node's producer; returns once committed and applied. */
  AppendResult append(BatchCodec.EncodedPage page) {
    lock.lock();
    try {
      return send(BatchCodec.encode(page, producerId, ++nextSequence), producerId);
    } finally {
      lock.unlock();
    }
  }

  /** Appends a producer's encoded batch, applied once per (producer, sequence) by the shard. */
  AppendResult append(BatchCodec.EncodedPage page, String producer, long sequence) {
    return send(BatchCodec.encode(page, producer, sequence), producer);
  }

  /** Appends a producer's batch, applied once per (producer, sequence) by the shard. */
  AppendResult append(Page page, String producer, long sequence) {
    return send(BatchCodec.encode(page, producer, sequence), producer);
  }

  /** Appends a sourced batch; see {@link ShardGroup#append(Page, long[], String, long)}. */
  AppendResult append(Page page, long[] offsets, String producer, long sequence) {
    return send(
        BatchCodec.encode(BatchCodec.encodePage(page, offsets), producer, sequence), producer);
  }

  /** The group's highest sequence for {@code producer}, read through its leader, or -1. */
  long producerSequence(String producer) {
    RaftClientReply reply;
    try {
      reply = client.io().sendReadOnly(Message.valueOf(producer));
    } catch (IOException e) {
      throw ShardGroup.notCommitted(client.getGroupId().getUuid(), producer, e);
    }
    if (!reply.isSuccess()) {
      throw ShardGroup.notCommitted(client.getGroupId().getUuid(), producer, reply.getException());
    }
    return reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
  }

  /** Submits a transaction entry; see {@link ShardGroup#submitTransaction}. */
  AppendResult submitTransaction(byte[] entry) {
    return send(entry, "transaction");
  }

  /** How a transaction ended on the group; see {@link ShardGroup#transactionOutcome}. */
  long transactionOutcome(String transaction) {
    byte[] tx = transaction.getBytes(StandardCharsets.UTF_8);
    byte[] request = new byte[tx.length + 1];
    request[0] = ShardStateMachine.DECISION_QUERY;
    System.arraycopy(tx, 0, request, 1, tx.length);
    RaftClientReply reply;
    try {
      reply = client.io().sendReadOnly(Message.valueOf(UnsafeByteOperations.unsafeWrap(request)));
    } catch (IOException e) {
      throw ShardGroup.notCommitted(client.getGroupId().getUuid(), "transaction", e);
    }
    if (!reply.isSuccess()) {
      throw ShardGroup.notCommitted(
          client.getGroupId().getUuid(), "transaction", reply.getException());
    }
    return reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
  }

  /** Adds a column through the group's log; see {@link ShardGroup#addColumn}. */
  void addColumn(ColumnSchema column) {
    send(ShardStateMachine.encodeAddColumn(column), "ddl");
  }

  private AppendResult send(byte[] entry, String producer) {
    RaftClientReply reply;
    try {
      reply = client.io().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry)));
    } catch (IOException e) {
      throw ShardGroup.notCommitted(client.getGroupId().getUuid(), producer, e);
    }
    if (!reply.isSuccess()) {
      throw ShardGroup.notCommitted(client.getGroupId().getUuid(), producer, reply.getException());
    }
    StateMachineReply result =
        StateMachineReply.decode(reply.getMessage().getContent().toByteArray());
    return new AppendResult(reply.getLogIndex(), (int) result.value(), !result.isApplied());
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      log.warn("Closing the Raft client of group[{}] failed", client.getGroupId(), e);
    }
  }
}
