package io.aurora.sql.datasets;

import io.aurora.sql.testing.TestingData;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Generates ClickBench's web-analytics {@code hits} table deterministically from a seed: the 105
 * columns of ClickBench's {@code create.sql} (lower-case names; CHAR becomes VARCHAR) with skewed
 * values chosen so that each of the 43 ClickBench queries has a non-trivial answer at 100k rows.
 *
 * <p>Events fall in July 2013 (a few in the neighbouring days), 40% of them on counter 62. Users,
 * URLs, referers, titles, search phrases and client IPs are drawn with a power-law skew from pools
 * that scale with the row count, so there are heavy hitters to group by. The hashes of the empty
 * referer and of the most frequent URL are the constants ClickBench's queries 41 and 42 filter on,
 * and user 0 has the id query 20 looks up.
 */
public final class HitsGenerator {
  /** The {@code RefererHash} of the empty referer, which ClickBench's query 41 filters on. */
  public static final long EMPTY_REFERER_HASH = 3_594_120_000_172_545_465L;

  /** The {@code URLHash} of the most frequent URL, which ClickBench's query 42 filters on. */
  public static final long TOP_URL_HASH = 2_868_770_270_353_813_622L;

  /** The {@code UserID} of the most active user, which ClickBench's query 20 looks up. */
  public static final long TOP_USER_ID = 435_090_932_899_640_449L;

  private static final int COUNTER_62 = 62;
  private static final LocalDate FIRST_DAY = LocalDate.of(2013, 6, 28);
  private static final int DAYS = 38;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final String[] HOSTS = {
    "yandex.ru",
    "www.google.com",
    "news.mail.ru",
    "auto.ru",
    "www.avito.ru",
    "vk.com",
    "maps.google.ru",
    "kinopoisk.ru",
    "www.example.org",
    "irr.ru",
    "mail.google.com",
    "livejournal.com",
    "www.googleapis.com",
    "market.yandex.ru",
    "rutube.ru",
    "wikipedia.org"
  };
  private static final String[] WORDS = {
    "buy", "car", "cheap", "weather", "moscow", "flights", "news", "google", "phone", "price",
    "hotel", "music", "free", "download", "online", "video", "map", "game", "recipe", "sale"
  };
  private static final String[] PHONE_MODELS = {
    "iPad", "iPhone", "GT-I9300", "GT-N7100", "Lumia 920", "Nexus 4", "HTC One", "Xperia Z"
  };
  private static final short[] RESOLUTION_WIDTHS = {
    1920, 1366, 1280, 1024, 1440, 1600, 1680, 1360, 800, 2560, 320, 0
  };
  private static final short[] RESOLUTION_HEIGHTS = {1080, 768, 1024, 900, 800, 1050, 600, 1440};
  private static final short[] TRAFFIC_SOURCES = {0, -1, 1, 2, 3, 5, 6, 8, 9};
  private static final String[] CHARSETS = {"utf-8", "windows-1251", "koi8-r"};
  private static final String[] LANGUAGES = {"ru", "en", "uk", "de", "tr"};
  private static final String[] COLORS = {"5", "F", "D", "E"};

  private final long seed;

  public HitsGenerator(long seed) {
    this.seed = seed;
  }

  /** The columns of ClickBench's {@code hits}, in {@code create.sql}'s order. */
  public static List<ColumnSchema> columns() {
    return List.of(
        column("watchid", DataType.BIGINT),
        column("javaenable", DataType.SMALLINT),
        column("title", DataType.VARCHAR),
        column("goodevent", DataType.SMALLINT),
        column("eventtime", DataType.TIMESTAMP),
        column("eventdate", DataType.DATE),
        column("counterid", DataType.INTEGER),
        column("clientip", DataType.INTEGER),
        column("regionid", DataType.INTEGER),
        column("userid", DataType.BIGINT),
        column("counterclass", DataType.SMALLINT),
        column("os", DataType.SMALLINT),
        column("useragent", DataType.SMALLINT),
        column("url", DataType.VARCHAR),
        column("referer", DataType.VARCHAR),
        column("isrefresh", DataType.SMALLINT),
        column("referercategoryid", DataType.SMALLINT),
        column("refererregionid", DataType.INTEGER),
        column("urlcategoryid", DataType.SMALLINT),
        column("urlregionid", DataType.INTEGER),
        column("resolutionwidth", DataType.SMALLINT),
        column("resolutionheight", DataType.SMALLINT),
        column("resolutiondepth", DataType.SMALLINT),
        column("flashmajor", DataType.SMALLINT),
        column("flashminor", DataType.SMALLINT),
        column("flashminor2", DataType.VARCHAR),
        column("netmajor", DataType.SMALLINT),
        column("netminor", DataType.SMALLINT),
        column("useragentmajor", DataType.SMALLINT),
        column("useragentminor", DataType.VARCHAR),
        column("cookieenable", DataType.SMALLINT),
        column("javascriptenable", DataType.SMALLINT),
        column("ismobile", DataType.SMALLINT),
        column("mobilephone", DataType.SMALLINT),
        column("mobilephonemodel", DataType.VARCHAR),
        column("params", DataType.VARCHAR),
        column("ipnetworkid", DataType.INTEGER),
        column("traficsourceid", DataType.SMALLINT),
        column("searchengineid", DataType.SMALLINT),
        column("searchphrase", DataType.VARCHAR),
        column("advengineid", DataType.SMALLINT),
        column("isartifical", DataType.SMALLINT),
        column("windowclientwidth", DataType.SMALLINT),
        column("windowclientheight", DataType.SMALLINT),
        column("clienttimezone", DataType.SMALLINT),
        column("clienteventtime", DataType.TIMESTAMP),
        column("silverlightversion1", DataType.SMALLINT),
        column("silverlightversion2", DataType.SMALLINT),
        column("silverlightversion3", DataType.INTEGER),
        column("silverlightversion4", DataType.SMALLINT),
        column("pagecharset", DataType.VARCHAR),
        column("codeversion", DataType.INTEGER),
        column("islink", DataType.SMALLINT),
        column("isdownload", DataType.SMALLINT),
        column("isnotbounce", DataType.SMALLINT),
        column("funiqid", DataType.BIGINT),
        column("originalurl", DataType.VARCHAR),
        column("hid", DataType.INTEGER),
        column("isoldcounter", DataType.SMALLINT),
        column("isevent", DataType.SMALLINT),
        column("isparameter", DataType.SMALLINT),
        column("dontcounthits", DataType.SMALLINT),
        column("withhash", DataType.SMALLINT),
        column("hitcolor", DataType.VARCHAR),
        column("localeventtime", DataType.TIMESTAMP),
        column("age", DataType.SMALLINT),
        column("sex", DataType.SMALLINT),
        column("income", DataType.SMALLINT),
        column("interests", DataType.SMALLINT),
        column("robotness", DataType.SMALLINT),
        column("remoteip", DataType.INTEGER),
        column("windowname", DataType.INTEGER),
        column("openername", DataType.INTEGER),
        column("historylength", DataType.SMALLINT),
        column("browserlanguage", DataType.VARCHAR),
        column("browsercountry", DataType.VARCHAR),
        column("socialnetwork", DataType.VARCHAR),
        column("socialaction", DataType.VARCHAR),
        column("httperror", DataType.SMALLINT),
        column("sendtiming", DataType.INTEGER),
        column("dnstiming", DataType.INTEGER),
        column("connecttiming", DataType.INTEGER),
        column("responsestarttiming", DataType.INTEGER),
        column("responseendtiming", DataType.INTEGER),
        column("fetchtiming", DataType.INTEGER),
        column("socialsourcenetworkid", DataType.SMALLINT),
        column("socialsourcepage", DataType.VARCHAR),
        column("paramprice", DataType.BIGINT),
        column("paramorderid", DataType.VARCHAR),
        column("paramcurrency", DataType.VARCHAR),
        column("paramcurrencyid", DataType.SMALLINT),
        column("openstatservicename", DataType.VARCHAR),
        column("openstatcampaignid", DataType.VARCHAR),
        column("openstatadid", DataType.VARCHAR),
        column("openstatsourceid", DataType.VARCHAR),
        column("utmsource", DataType.VARCHAR),
        column("utmmedium", DataType.VARCHAR),
        column("utmcampaign", DataType.VARCHAR),
        column("utmcontent", DataType.VARCHAR),
        column("utmterm", DataType.VARCHAR),
        column("fromtag", DataType.VARCHAR),
        column("hasgclid", DataType.SMALLINT),
        column("refererhash", DataType.BIGINT),
        column("urlhash", DataType.BIGINT),
        column("clid", DataType.INTEGER));
  }

  /**
   * The table definition: partitioned by day of {@code eventtime} and sorted like ClickBench's
   * primary key.
   */
  public static TableSchema schema() {
    return new TableSchema(
        columns(),
        "eventtime",
        PartitionGranularity.DAY,
        List.of("counterid", "eventdate", "userid", "eventtime", "watchid"),
        1);
  }

  /** {@code rowCount} rows of {@code hits}; the same seed and count always give the same rows. */
  public TestingData.TableData generate(int rowCount) {
    List<List<Object>> rows = new ArrayList<>(rowCount);
    generate(rowCount, rows::add);
    return new TestingData.TableData("hits", schema(), rows);
  }

  /** The rows of {@link #generate(int)}, streamed to {@code rows} instead of kept in a list. */
  public void generate(int rowCount, Consumer<List<Object>> rows) {
    Random random = new Random(seed);
    Pools pools = new Pools(random, rowCount);
    for (int i = 0; i < rowCount; i++) {
      rows.accept(row(random, pools));
    }
  }

  private static List<Object> row(Random random, Pools pools) {
    int day = random.nextInt(20) == 0 ? random.nextInt(DAYS) : 3 + random.nextInt(31);
    // Traffic peaks in the evening: the hour is skewed towards 20:00.
    int hour = (20 + 24 - (int) (Math.pow(random.nextDouble(), 2) * 24)) % 24;
    long second = hour * 3600L + random.nextInt(3600);
    LocalDate date = FIRST_DAY.plusDays(day);
    long eventTime = (date.toEpochDay() * 86_400L + second) * MICROS_PER_SECOND;
    int counter = random.nextInt(10) < 4 ? COUNTER_62 : 1 + skewed(random, 3000, 2.5);
    int user = skewed(random, pools.userIds.length, 3);
    String url = random.nextInt(50) == 0 ? "" : pools.urls[skewed(random, pools.urls.length, 3)];
    String referer =
        random.nextInt(4) == 0 ? "" : pools.referers[skewed(random, pools.referers.length, 3)];
    String searchPhrase =
        random.nextInt(100) < 8 ? pools.phrases[skewed(random, pools.phrases.length, 2.5)] : "";
    short searchEngine =
        searchPhrase.isEmpty()
            ? (short) (random.nextInt(30) == 0 ? 1 + random.nextInt(3) : 0)
            : (short) (1 + skewed(random, 20, 3));
    short advEngine = (short) (random.nextInt(40) == 0 ? 1 + skewed(random, 30, 2) : 0);
    String phoneModel =
        random.nextInt(20) == 0 ? PHONE_MODELS[skewed(random, PHONE_MODELS.length, 2)] : "";
    short phone = (short) (phoneModel.isEmpty() ? 0 : 1 + random.nextInt(5));
    int resolution = skewed(random, RESOLUTION_WIDTHS.length, 2);
    short width = RESOLUTION_WIDTHS[resolution];
    short height = RESOLUTION_HEIGHTS[resolution % RESOLUTION_HEIGHTS.length];
    short windowWidth = (short) Math.max(0, width - 20 * skewed(random, 12, 2));
    short windowHeight = (short) Math.max(0, height - 50 * skewed(random, 8, 2));
    int clientIp = pools.clientIps[skewed(random, pools.clientIps.length, 3)];
    short timeZone = (short) (random.nextInt(7) - 3);
    return Arrays.asList(
        random.nextLong(),
        (short) (random.nextInt(5) == 0 ? 0 : 1),
        random.nextInt(30) == 0 ? "" : pools.titles[skewed(random, pools.titles.length, 3)],
        (short) 1,
        eventTime,
        (int) date.toEpochDay(),
        counter,
        clientIp,
        1 + skewed(random, 300, 3),
        pools.userIds[user],
        (short) random.nextInt(4),
        (short) skewed(random, 50, 2),
        (short) skewed(random, 40, 2),
        url,
        referer,
        (short) (random.nextInt(10) == 0 ? 1 : 0),
        (short) random.nextInt(20),
        1 + skewed(random, 300, 3),
        (short) random.nextInt(20),
        1 + skewed(random, 300, 3),
        width,
        height,
        (short) (random.nextBoolean() ? 24 : 32),
        (short) (random.nextInt(4) == 0 ? 0 : 11),
        (short) random.nextInt(3),
        random.nextInt(4) == 0 ? "" : String.valueOf(random.nextInt(200)),
        (short) random.nextInt(4),
        (short) random.nextInt(5),
        (short) skewed(random, 30, 2),
        String.valueOf(random.nextInt(10)),
        (short) 1,
        (short) (random.nextInt(50) == 0 ? 0 : 1),
        (short) (phoneModel.isEmpty() ? 0 : 1),
        phone,
        phoneModel,
        "",
        random.nextInt(1 << 20),
        TRAFFIC_SOURCES[skewed(random, TRAFFIC_SOURCES.length, 2)],
        searchEngine,
        searchPhrase,
        advEngine,
        (short) 0,
        windowWidth,
        windowHeight,
        timeZone,
        eventTime + timeZone * 3600L * MICROS_PER_SECOND,
        (short) 0,
        (short) 0,
        0,
        (short) 0,
        CHARSETS[skewed(random, CHARSETS.length, 2)],
        random.nextInt(1000),
        (short) (random.nextInt(10) < 3 ? 1 : 0),
        (short) (random.nextInt(30) == 0 ? 1 : 0),
        (short) random.nextInt(2),
        random.nextInt(3) == 0 ? 0L : random.nextLong(),
        url,
        random.nextInt(),
        (short) 0,
        (short) (random.nextInt(20) == 0 ? 1 : 0),
        (short) 0,
        (short) (random.nextInt(20) == 0 ? 1 : 0),
        (short) (random.nextInt(10) == 0 ? 1 : 0),
        COLORS[random.nextInt(COLORS.length)],
        eventTime + random.nextInt(3) * 3600L * MICROS_PER_SECOND,
        (short) random.nextInt(6),
        (short) random.nextInt(3),
        (short) random.nextInt(5),
        (short) random.nextInt(1000),
        (short) random.nextInt(3),
        clientIp ^ 0x5a5a,
        random.nextInt(10) - 1,
        random.nextInt(10) - 1,
        (short) random.nextInt(20),
        LANGUAGES[skewed(random, LANGUAGES.length, 2)],
        LANGUAGES[skewed(random, LANGUAGES.length, 2)].toUpperCase(java.util.Locale.ROOT),
        "",
        "",
        (short) 0,
        random.nextInt(2000),
        random.nextInt(200),
        random.nextInt(300),
        random.nextInt(1000),
        random.nextInt(1500),
        random.nextInt(500),
        (short) 0,
        "",
        random.nextInt(50) == 0 ? (long) random.nextInt(100_000) : 0L,
        "",
        "",
        (short) 0,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        (short) 0,
        hash(referer, EMPTY_REFERER_HASH, ""),
        hash(url, TOP_URL_HASH, pools.urls[0]),
        random.nextInt(100) == 0 ? random.nextInt(1000) : 0);
  }

  /** The shared value pools: entry 0 of each is its heaviest hitter. */
  private static final class Pools {
    final long[] userIds;
    final int[] clientIps;
    final String[] urls;
    final String[] referers;
    final String[] titles;
    final String[] phrases;

    Pools(Random random, int rowCount) {
      userIds = new long[Math.max(100, rowCount / 10)];
      userIds[0] = TOP_USER_ID;
      for (int i = 1; i < userIds.length; i++) {
        userIds[i] = random.nextLong();
      }
      clientIps = new int[Math.max(100, rowCount / 8)];
      for (int i = 0; i < clientIps.length; i++) {
        // Kept clear of Integer.MIN_VALUE so that ClientIP - 3 (query 36) cannot overflow.
        clientIps[i] = random.nextInt() | 0x100;
      }
      urls = new String[Math.max(100, rowCount / 5)];
      for (int i = 0; i < urls.length; i++) {
        urls[i] = url(random);
      }
      referers = new String[Math.max(100, rowCount / 10)];
      for (int i = 0; i < referers.length; i++) {
        // A few referers are bare hosts, which the pattern of query 29 does not match.
        referers[i] =
            random.nextInt(50) == 0
                ? "http://" + HOSTS[skewed(random, HOSTS.length, 2)]
                : url(random);
      }
      titles = new String[Math.max(100, rowCount / 20)];
      for (int i = 0; i < titles.length; i++) {
        titles[i] =
            (random.nextInt(15) == 0 ? "Google " : "")
                + phrase(random, 2 + random.nextInt(3))
                + " - "
                + HOSTS[random.nextInt(HOSTS.length)];
      }
      phrases = new String[Math.max(100, rowCount / 50)];
      for (int i = 0; i < phrases.length; i++) {
        phrases[i] = phrase(random, 1 + random.nextInt(3));
      }
    }

    private static String url(Random random) {
      String scheme = random.nextInt(6) == 0 ? "https://" : "http://";
      return scheme
          + HOSTS[skewed(random, HOSTS.length, 2)]
          + "/"
          + WORDS[random.nextInt(WORDS.length)]
          + "/"
          + random.nextInt(100_000)
          + (random.nextInt(3) == 0 ? ".html?page=" + random.nextInt(20) : "");
    }

    private static String phrase(Random random, int words) {
      StringBuilder phrase = new StringBuilder();
      for (int i = 0; i < words; i++) {
        if (i > 0) {
          phrase.append(' ');
        }
        phrase.append(WORDS[skewed(random, WORDS.length, 1.5)]);
      }
      return phrase.toString();
    }
  }

  /**
   * An index in {@code [0, size)} with a power-law skew towards 0 (more with a larger exponent).
   */
  private static int skewed(Random random, int size, double exponent) {
    return Math.min(size - 1, (int) (Math.pow(random.nextDouble(), exponent) * size));
  }

  /** A 64-bit FNV-1a hash of the string, except that {@code special} hashes to {@code value}. */
  private static long hash(String text, long value, String special) {
    if (text.equals(special)) {
      return value;
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static ColumnSchema column(String name, DataType type) {
    return new ColumnSchema(name, type, false);
  }
}
