package io.aurora.consensus;

/**
 * The outcome of a committed and applied batch: the Raft log index of its entry, the rows it added
 * to the shard, and whether it was a retry of a batch already applied (then it added no rows).
 */
public record AppendResult(long logIndex, int rowsApplied, boolean isDuplicate) {}
