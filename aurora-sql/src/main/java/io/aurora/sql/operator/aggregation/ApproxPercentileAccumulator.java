package io.aurora.sql.operator.aggregation;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.type.DataType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * approx_percentile(x, fraction): one merging t-digest of compression 100 per group with a non-null
 * value; decimals enter as their numeric value, NaN values are skipped (a t-digest cannot hold
 * them). NULL for a group without values. Intermediate layout: one VARCHAR column holding the
 * digest's {@link TDigest#asBytes} serialization, null for a group without values; opaque, not
 * text.
 */
final class ApproxPercentileAccumulator extends Accumulator {
  static final double COMPRESSION = 100;

  /** A rough size of a digest of compression 100 once it has seen many values. */
  private static final long DIGEST_BYTES = 8 * 1024;

  private final int inputChannel;
  private final double divisor;
  private final double fraction;
  private final ValueVectors vectors = new ValueVectors();
  private @Nullable TDigest[] digests = new TDigest[0];

  ApproxPercentileAccumulator(
      int inputChannel, DataType inputType, double fraction, MemoryContext memory) {
    super(memory);
    this.inputChannel = inputChannel;
    this.divisor = Math.pow(10, inputType.scale());
    this.fraction = fraction;
  }

  @Override
  public List<DataType> intermediateTypes() {
    return List.of(DataType.VARCHAR);
  }

  @Override
  public void ensureCapacity(int groupCount) {
    if (groupCount > digests.length) {
      int capacity = grownCapacity(digests.length, groupCount);
      reserve((capacity - digests.length) * 8L);
      digests = Arrays.copyOf(digests, capacity);
    }
  }

  private TDigest digest(int group) {
    TDigest digest = digests[group];
    if (digest == null) {
      reserve(DIGEST_BYTES);
      digest = TDigest.createMergingDigest(COMPRESSION);
      digests[group] = digest;
    }
    return digest;
  }

  @Override
  public void addInput(int[] groupIds, Page page) {
    int rows = page.rowCount();
    double[] values = vectors.doubles(page, inputChannel, divisor);
    boolean[] nulls = vectors.nulls(page, inputChannel);
    for (int row = 0; row < rows; row++) {
      double value = values[row];
      if ((nulls == null || !nulls[row]) && !Double.isNaN(value)) {
        digest(groupIds[row]).add(value);
      }
    }
  }

  @Override
  public void addIntermediate(int[] groupIds, Page page, int firstChannel) {
    VarcharBlock states = (VarcharBlock) page.block(firstChannel);
    int rows = page.rowCount();
    for (int row = 0; row < rows; row++) {
      int position = page.position(row);
      if (!states.isNull(position)) {
        ByteBuffer buffer =
            ByteBuffer.wrap(states.bytes(), states.offset(position), states.length(position));
        digest(groupIds[row]).add(MergingDigest.fromBytes(buffer));
      }
    }
  }

  @Override
  public void buildIntermediate(int from, int to, Block[] out, int offset) {
    BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(to - from);
    for (int group = from; group < to; group++) {
      TDigest digest = digests[group];
      if (digest == null) {
        builder.appendNull();
      } else {
        ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
        digest.asBytes(buffer);
        builder.append(buffer.array(), 0, buffer.position());
      }
    }
    out[offset] = builder.build();
  }

  @Override
  public Block buildFinal(int from, int to) {
    int count = to - from;
    double[] results = new double[count];
    boolean[] nulls = null;
    for (int group = from; group < to; group++) {
      TDigest digest = digests[group];
      if (digest == null || digest.size() == 0) {
        if (nulls == null) {
          nulls = new boolean[count];
        }
        nulls[group - from] = true;
      } else {
        results[group - from] = digest.quantile(fraction);
      }
    }
    return new DoubleBlock(count, results, nulls);
  }
}
