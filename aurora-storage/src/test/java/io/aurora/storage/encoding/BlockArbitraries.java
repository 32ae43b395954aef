package io.aurora.storage.encoding;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.DoubleBlock;
import io.aurora.storage.block.FloatBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.VarcharBlock;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * jqwik generators for blocks of every physical type, with value shapes that exercise each encoding
 * (random full range, extremes, small ranges, runs, sorted sequences, empty and single-row blocks)
 * and null masks that are absent, all false, partial or all true.
 */
final class BlockArbitraries {
  private static final long TIMESTAMP_2024 = 1_704_067_200_000_000L;

  private enum NullMode {
    NONE,
    ALL_FALSE,
    SOME,
    ALL
  }

  private BlockArbitraries() {}

  static Arbitrary<Block> intBlocks() {
    return Combinators.combine(integers(Integer.MIN_VALUE, Integer.MAX_VALUE), nullMasks())
        .as(
            (values, masks) -> {
              int[] ints = new int[values.length];
              for (int i = 0; i < ints.length; i++) {
                ints[i] = (int) values[i];
              }
              return new IntBlock(ints.length, ints, masks.mask(ints.length));
            });
  }

  static Arbitrary<Block> longBlocks() {
    return Combinators.combine(integers(Long.MIN_VALUE, Long.MAX_VALUE), nullMasks())
        .as((values, masks) -> new LongBlock(values.length, values, masks.mask(values.length)));
  }

  static Arbitrary<Block> floatBlocks() {
    Arbitrary<Integer> specials =
        Arbitraries.of(
            Float.floatToRawIntBits(Float.NaN),
            0x7f80_0001,
            0x7fc0_1234,
            0xffc0_0000,
            0xff80_0001,
            Float.floatToRawIntBits(-0.0f),
            0,
            Float.floatToRawIntBits(Float.POSITIVE_INFINITY),
            Float.floatToRawIntBits(Float.NEGATIVE_INFINITY),
            Float.floatToRawIntBits(Float.MIN_VALUE),
            Float.floatToRawIntBits(Float.MAX_VALUE),
            Float.floatToRawIntBits(1.5f));
    Arbitrary<long[]> bits =
        Arbitraries.oneOf(
            integers(Integer.MIN_VALUE, Integer.MAX_VALUE), runs(specials.map(Integer::longValue)));
    return Combinators.combine(bits, nullMasks())
        .as(
            (values, masks) -> {
              float[] floats = new float[values.length];
              for (int i = 0; i < floats.length; i++) {
                floats[i] = Float.intBitsToFloat((int) values[i]);
              }
              return new FloatBlock(floats.length, floats, masks.mask(floats.length));
            });
  }

  static Arbitrary<Block> doubleBlocks() {
    Arbitrary<Long> specials =
        Arbitraries.of(
            Double.doubleToRawLongBits(Double.NaN),
            0x7ff0_0000_0000_0001L,
            0x7ff8_0000_dead_beefL,
            0xfff8_0000_0000_0000L,
            Double.doubleToRawLongBits(-0.0),
            0L,
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
            Double.doubleToRawLongBits(Double.MIN_VALUE),
            Double.doubleToRawLongBits(Double.MAX_VALUE),
            Double.doubleToRawLongBits(0.1));
    Arbitrary<long[]> bits =
        Arbitraries.oneOf(integers(Long.MIN_VALUE, Long.MAX_VALUE), runs(specials));
    return Combinators.combine(bits, nullMasks())
        .as(
            (values, masks) -> {
              double[] doubles = new double[values.length];
              for (int i = 0; i < doubles.length; i++) {
                doubles[i] = Double.longBitsToDouble(values[i]);
              }
              return new DoubleBlock(doubles.length, doubles, masks.mask(doubles.length));
            });
  }

  static Arbitrary<Block> booleanBlocks() {
    Arbitrary<long[]> values =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 1).array(long[].class).ofMaxSize(1000),
            runs(Arbitraries.longs().between(0, 1)));
    return Combinators.combine(values, nullMasks())
        .as(
            (bits, masks) -> {
              boolean[] booleans = new boolean[bits.length];
              for (int i = 0; i < booleans.length; i++) {
                booleans[i] = bits[i] == 1;
              }
              return new BooleanBlock(booleans.length, booleans, masks.mask(booleans.length));
            });
  }

  static Arbitrary<Block> varcharBlocks() {
    Arbitrary<String> strings =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just("")),
            Tuple.of(4, Arbitraries.strings().ascii().ofMaxLength(20)),
            Tuple.of(4, Arbitraries.strings().all().ofMaxLength(20)),
            Tuple.of(2, Arbitraries.of("日本語", "Ωmega", "😀🚀", "naïve café", "\u0000", "𝄞")),
            Tuple.of(
                1,
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .ofMinLength(10_000)
                    .ofMaxLength(12_000)));
    return Combinators.combine(strings.list().ofMaxSize(200), nullMasks())
        .as(
            (values, masks) -> {
              boolean[] nulls = masks.mask(values.size());
              BlockBuilder.VarcharBuilder builder = new BlockBuilder.VarcharBuilder(values.size());
              for (int i = 0; i < values.size(); i++) {
                if (nulls != null && nulls[i]) {
                  builder.appendNull();
                } else {
                  builder.append(values.get(i));
                }
              }
              VarcharBlock block = builder.build();
              return new VarcharBlock(
                  block.positionCount(),
                  block.bytes(),
                  block.offsets(),
                  nulls == null ? null : Arrays.copyOf(nulls, values.size()));
            });
  }

  static Arbitrary<Block> anyBlocks() {
    return Arbitraries.oneOf(
        intBlocks(), longBlocks(), floatBlocks(), doubleBlocks(), booleanBlocks(), varcharBlocks());
  }

  /** Integer value shapes within {@code [min, max]}, as longs. */
  private static Arbitrary<long[]> integers(long min, long max) {
    Arbitrary<Long> full = Arbitraries.longs().between(min, max);
    Arbitrary<Long> extremes = Arbitraries.of(min, max, min + 1, max - 1, 0L, -1L, 1L);
    Arbitrary<long[]> smallRange =
        Combinators.combine(
                full,
                Arbitraries.integers().between(0, 20),
                Arbitraries.longs().between(0, 1 << 20).array(long[].class).ofMaxSize(1000))
            .as(
                (base, bits, offsets) -> {
                  long[] values = new long[offsets.length];
                  for (int i = 0; i < values.length; i++) {
                    values[i] = clamp(base + (offsets[i] & ((1L << bits) - 1)), min, max);
                  }
                  return values;
                });
    Arbitrary<long[]> sorted =
        Combinators.combine(
                Arbitraries.oneOf(full, Arbitraries.just(clamp(TIMESTAMP_2024, min, max))),
                Arbitraries.longs().between(0, 10_000).array(long[].class).ofMaxSize(2000))
            .as(
                (start, deltas) -> {
                  long[] values = new long[deltas.length];
                  long value = start;
                  for (int i = 0; i < values.length; i++) {
                    value = clamp(value + deltas[i], min, max);
                    values[i] = value;
                  }
                  return values;
                });
    return Arbitraries.oneOf(
        full.array(long[].class).ofMaxSize(1000),
        full.array(long[].class).ofMaxSize(1),
        extremes.array(long[].class).ofMaxSize(300),
        smallRange,
        sorted,
        runs(Arbitraries.oneOf(full, extremes)));
  }

  private static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }

  /** Runs of 1 to 300 equal values. */
  private static Arbitrary<long[]> runs(Arbitrary<Long> values) {
    return Combinators.combine(values, Arbitraries.integers().between(1, 300))
        .as(
            (value, length) -> {
              long[] run = new long[length];
              Arrays.fill(run, value);
              return run;
            })
        .list()
        .ofMaxSize(40)
        .map(BlockArbitraries::concatenate);
  }

  private static long[] concatenate(List<long[]> runs) {
    int total = 0;
    for (long[] run : runs) {
      total += run.length;
    }
    long[] values = new long[total];
    int position = 0;
    for (long[] run : runs) {
      System.arraycopy(run, 0, values, position, run.length);
      position += run.length;
    }
    return values;
  }

  private static Arbitrary<NullMasks> nullMasks() {
    return Combinators.combine(
            Arbitraries.of(NullMode.class),
            Arbitraries.longs(),
            Arbitraries.integers().between(1, 100))
        .as(NullMasks::new);
  }

  /** Makes a null mask of a requested size; SOME marks about {@code percent}% of positions. */
  private record NullMasks(NullMode mode, long seed, int percent) {
    boolean @Nullable [] mask(int count) {
      return switch (mode) {
        case NONE -> null;
        case ALL_FALSE -> new boolean[count];
        case ALL -> {
          boolean[] nulls = new boolean[count];
          Arrays.fill(nulls, true);
          yield nulls;
        }
        case SOME -> {
          SplittableRandom random = new SplittableRandom(seed);
          boolean[] nulls = new boolean[count];
          for (int i = 0; i < count; i++) {
            nulls[i] = random.nextInt(100) < percent;
          }
          yield nulls;
        }
      };
    }

    @Override
    public String toString() {
      return mode + (mode == NullMode.SOME ? "(" + percent + "%, seed " + seed + ")" : "");
    }
  }
}
