package io.aurora.benchmarks.storage;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a seeded 20-column web-event table, the data of {@link BenchmarkSegmentWrite} and
 * {@link SegmentSizeReport}: a timestamp that rises through one day with jitter, sequential and
 * skewed ids, small counters, an HTTP status, latencies and prices, a decimal, flags, a date, and
 * VARCHAR columns from low cardinality (device, OS, about 50 countries) through mid (1,000 cities,
 * 2,000 user agents) to high (about 100,000 URLs, a nullable referrer). Skewed columns follow a
 * Zipf-like law. The same seed and row count always give the same rows.
 */
public final class EventTableGenerator {
  /** Rows per generated page. */
  public static final int PAGE_ROWS = 8_192;

  /** The table's columns, in page channel order. */
  public static final List<ColumnSchema> COLUMNS =
      List.of(
          new ColumnSchema("event_time", DataType.TIMESTAMP, false),
          new ColumnSchema("event_id", DataType.BIGINT, false),
          new ColumnSchema("user_id", DataType.BIGINT, false),
          new ColumnSchema("session_id", DataType.BIGINT, false),
          new ColumnSchema("page_views", DataType.INTEGER, false),
          new ColumnSchema("duration_ms", DataType.INTEGER, false),
          new ColumnSchema("http_status", DataType.SMALLINT, false),
          new ColumnSchema("response_bytes", DataType.INTEGER, false),
          new ColumnSchema("latency_ms", DataType.DOUBLE, false),
          new ColumnSchema("price", DataType.DOUBLE, false),
          new ColumnSchema("revenue", DataType.decimal(12, 2), false),
          new ColumnSchema("is_mobile", DataType.BOOLEAN, false),
          new ColumnSchema("event_date", DataType.DATE, false),
          new ColumnSchema("country", DataType.VARCHAR, false),
          new ColumnSchema("device", DataType.VARCHAR, false),
          new ColumnSchema("os", DataType.VARCHAR, false),
          new ColumnSchema("city", DataType.VARCHAR, false),
          new ColumnSchema("url", DataType.VARCHAR, false),
          new ColumnSchema("referrer", DataType.VARCHAR, true),
          new ColumnSchema("user_agent", DataType.VARCHAR, false));

  /** One shard partitioned by day on {@code event_time}, without a sort key. */
  public static final TableSchema SCHEMA =
      new TableSchema(COLUMNS, "event_time", PartitionGranularity.DAY, List.of(), 1);

  private static final long DAY_START_MICROS = 1_735_689_600_000_000L;
  private static final int DAY_NUMBER = (int) LocalDate.of(2025, 1, 1).toEpochDay();
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final String[] DEVICES = {
    "desktop", "mobile", "tablet", "tv", "console", "watch", "car", "bot"
  };
  private static final String[] OPERATING_SYSTEMS = {
    "Android", "iOS", "Windows", "macOS", "Linux", "ChromeOS", "iPadOS", "Tizen", "other"
  };
  private static final int[] HTTP_STATUSES = {200, 200, 200, 200, 200, 200, 304, 301, 404, 500};
  private static final String[] URL_SECTIONS = {
    "products", "blog", "cart", "checkout", "search", "account", "help", "category", "news", "api"
  };

  private final SplittableRandom random;
  private final int rowCount;
  private final long microsPerRow;
  private final String[] countries = names(50, 11, 2);
  private final String[] cities = names(1_000, 23, 3);
  private final String[] userAgents = userAgents(2_000);
  private final ZipfSampler countrySampler;
  private final ZipfSampler citySampler;
  private final ZipfSampler userAgentSampler;
  private final ZipfSampler urlSampler;
  private final ZipfSampler userSampler;
  private int nextRow;

  /** A generator of {@code rowCount} rows from {@code seed}. */
  public EventTableGenerator(long seed, int rowCount) {
    if (rowCount < 1) {
      throw new IllegalArgumentException("rowCount must be positive: " + rowCount);
    }
    this.random = new SplittableRandom(seed);
    this.rowCount = rowCount;
    this.microsPerRow = Math.max(1, MICROS_PER_DAY / rowCount - 1);
    this.countrySampler = new ZipfSampler(countries.length, 1.1, random.split());
    this.citySampler = new ZipfSampler(cities.length, 0.9, random.split());
    this.userAgentSampler = new ZipfSampler(userAgents.length, 1.0, random.split());
    this.urlSampler = new ZipfSampler(100_000, 0.8, random.split());
    this.userSampler = new ZipfSampler(1_000_000, 0.7, random.split());
  }

  /** All {@code rowCount} rows as pages of {@link #PAGE_ROWS} rows (the last may be shorter). */
  public static List<Page> generate(long seed, int rowCount) {
    EventTableGenerator generator = new EventTableGenerator(seed, rowCount);
    List<Page> pages = new ArrayList<>();
    for (Page page = generator.nextPage(); page != null; page = generator.nextPage()) {
      pages.add(page);
    }
    return pages;
  }

  /** The next page, or {@code null} after the last row. */
  public Page nextPage() {
    int rows = Math.min(PAGE_ROWS, rowCount - nextRow);
    if (rows <= 0) {
      return null;
    }
    BlockBuilder.LongBuilder eventTime = new BlockBuilder.LongBuilder(rows);
    BlockBuilder.LongBuilder eventId = new BlockBuilder.LongBuilder(rows);
    BlockBuilder.LongBuilder userId = new BlockBuilder.LongBuilder(rows);
    BlockBuilder.LongBuilder sessionId = new BlockBuilder.LongBuilder(rows);
    BlockBuilder.IntBuilder pageViews = new BlockBuilder.IntBuilder(rows);
    BlockBuilder.IntBuilder durationMillis = new BlockBuilder.IntBuilder(rows);
    BlockBuilder.IntBuilder httpStatus = new BlockBuilder.IntBuilder(rows);
    BlockBuilder.IntBuilder responseBytes = new BlockBuilder.IntBuilder(rows);
    BlockBuilder.DoubleBuilder latency = new BlockBuilder.DoubleBuilder(rows);
    BlockBuilder.DoubleBuilder price = new BlockBuilder.DoubleBuilder(rows);
    BlockBuilder.LongBuilder revenue = new BlockBuilder.LongBuilder(rows);
    BlockBuilder.BooleanBuilder isMobile = new BlockBuilder.BooleanBuilder(rows);
    BlockBuilder.IntBuilder eventDate = new BlockBuilder.IntBuilder(rows);
    BlockBuilder.VarcharBuilder country = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder device = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder os = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder city = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder url = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder referrer = new BlockBuilder.VarcharBuilder(rows);
    BlockBuilder.VarcharBuilder userAgent = new BlockBuilder.VarcharBuilder(rows);
    for (int i = 0; i < rows; i++) {
      long row = nextRow + i;
      eventTime.append(DAY_START_MICROS + row * microsPerRow + random.nextLong(microsPerRow));
      eventId.append(5_000_000_000L + row);
      int user = userSampler.next();
      userId.append(10_000_000L + user);
      sessionId.append(random.nextLong(1L << 40));
      pageViews.append(random.nextInt(1 + random.nextInt(64)));
      durationMillis.append((int) Math.min(600_000, Math.abs(random.nextGaussian() * 40_000)));
      int status = HTTP_STATUSES[random.nextInt(HTTP_STATUSES.length)];
      httpStatus.append(status);
      responseBytes.append(status == 304 ? 0 : 200 + random.nextInt(500_000));
      latency.append(Math.exp(3 + random.nextGaussian()));
      double unitPrice = Math.round(Math.exp(3 + 0.8 * random.nextGaussian()) * 100) / 100.0;
      price.append(unitPrice);
      revenue.append(random.nextInt(10) == 0 ? Math.round(unitPrice * 100) : 0);
      String deviceName = DEVICES[Math.min(DEVICES.length - 1, (int) (random.nextExponential()))];
      isMobile.append(!deviceName.equals("desktop"));
      eventDate.append(DAY_NUMBER);
      country.append(countries[countrySampler.next()]);
      device.append(deviceName);
      os.append(OPERATING_SYSTEMS[Math.min(OPERATING_SYSTEMS.length - 1, user % 11)]);
      city.append(cities[citySampler.next()]);
      int page = urlSampler.next();
      url.append(url(page));
      if (random.nextInt(3) == 0) {
        referrer.appendNull();
      } else {
        referrer.append("https://ref" + random.nextInt(5_000) + ".example.org/" + url(page));
      }
      userAgent.append(userAgents[userAgentSampler.next()]);
    }
    nextRow += rows;
    Block[] blocks = {
      eventTime.build(),
      eventId.build(),
      userId.build(),
      sessionId.build(),
      pageViews.build(),
      durationMillis.build(),
      httpStatus.build(),
      responseBytes.build(),
      latency.build(),
      price.build(),
      revenue.build(),
      isMobile.build(),
      eventDate.build(),
      country.build(),
      device.build(),
      os.build(),
      city.build(),
      url.build(),
      referrer.build(),
      userAgent.build()
    };
    return new Page(rows, blocks);
  }

  private static String url(int page) {
    return "/" + URL_SECTIONS[page % URL_SECTIONS.length] + "/" + page + "/index.html";
  }

  /**
   * {@code count} distinct place-like names made of {@code syllables}-syllable words, the same for
   * the same arguments.
   */
  static String[] names(int count, long seed, int syllables) {
    String[] parts = {
      "ka", "lo", "ber", "san", "mi", "to", "ra", "vel", "dor", "ni", "sta", "gen", "hal", "qu",
      "ri", "mon", "ta", "lis", "bur", "ne", "ov", "ze", "pa", "fu"
    };
    SplittableRandom random = new SplittableRandom(seed);
    Set<String> seen = new LinkedHashSet<>();
    while (seen.size() < count) {
      StringBuilder name = new StringBuilder();
      for (int s = 0; s < syllables + random.nextInt(2); s++) {
        name.append(parts[random.nextInt(parts.length)]);
      }
      name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
      if (random.nextInt(4) == 0) {
        name.append(random.nextBoolean() ? " City" : "burg");
      }
      seen.add(name.toString());
    }
    return seen.toArray(new String[0]);
  }

  private static String[] userAgents(int count) {
    String[] agents = new String[count];
    String[] engines = {"AppleWebKit/537.36", "Gecko/20100101", "AppleWebKit/605.1.15"};
    String[] platforms = {
      "Windows NT 10.0; Win64; x64",
      "Macintosh; Intel Mac OS X 10_15_7",
      "X11; Linux x86_64",
      "iPhone; CPU iPhone OS 17_4 like Mac OS X",
      "Linux; Android 14; Pixel 8"
    };
    for (int i = 0; i < count; i++) {
      agents[i] =
          "Mozilla/5.0 ("
              + platforms[i % platforms.length]
              + ") "
              + engines[i % engines.length]
              + " (KHTML, like Gecko) Chrome/"
              + (100 + i / 20)
              + ".0."
              + (4000 + i)
              + ".0 Safari/537.36";
    }
    return agents;
  }

  /**
   * Draws ranks {@code 0..size} with probability proportional to {@code 1 / (rank + 1)^exponent} by
   * binary search over the cumulative distribution.
   */
  static final class ZipfSampler {
    private final double[] cumulative;
    private final SplittableRandom random;

    ZipfSampler(int size, double exponent, SplittableRandom random) {
      this.cumulative = new double[size];
      this.random = random;
      double sum = 0;
      for (int rank = 0; rank < size; rank++) {
        sum += 1 / Math.pow(rank + 1, exponent);
        cumulative[rank] = sum;
      }
      for (int rank = 0; rank < size; rank++) {
        cumulative[rank] /= sum;
      }
    }

    int next() {
      double u = random.nextDouble();
      int low = 0;
      int high = cumulative.length - 1;
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (cumulative[middle] < u) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    }
  }
}
