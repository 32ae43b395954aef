package io.aurora.sql.datasets;

import static io.aurora.sql.datasets.TpchVocabulary.CONTAINER_KINDS;
import static io.aurora.sql.datasets.TpchVocabulary.CONTAINER_SIZES;
import static io.aurora.sql.datasets.TpchVocabulary.MONEY;
import static io.aurora.sql.datasets.TpchVocabulary.NATIONS;
import static io.aurora.sql.datasets.TpchVocabulary.NATION_REGIONS;
import static io.aurora.sql.datasets.TpchVocabulary.PRIORITIES;
import static io.aurora.sql.datasets.TpchVocabulary.REGIONS;
import static io.aurora.sql.datasets.TpchVocabulary.SEGMENTS;
import static io.aurora.sql.datasets.TpchVocabulary.SHIP_MODES;
import static io.aurora.sql.datasets.TpchVocabulary.TYPE_FINISHES;
import static io.aurora.sql.datasets.TpchVocabulary.TYPE_MATERIALS;
import static io.aurora.sql.datasets.TpchVocabulary.TYPE_SIZES;

import io.aurora.sql.testing.TestingData.TableData;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A deterministic Star Schema Benchmark generator after O'Neil et al.'s SSB specification: the
 * {@code lineorder} fact table and the {@code customer}, {@code supplier}, {@code part} and date
 * dimensions. The date table is called {@code dates} because {@code date} is a reserved word.
 *
 * <p>Sizes at scale factor 0.01: 3,000 customers, 500 suppliers, 2,000 parts, 2,556 dates and about
 * 60,000 line orders. The specification has 30,000 &times; SF customers and 2,000 &times; SF
 * suppliers; below scale factor 0.1 (customers) and 0.25 (suppliers) they stay at those minimums so
 * that Q3.3's two cities are present. The specification grows parts logarithmically; this generator
 * keeps 200,000 &times; SF parts so that the data stays small.
 */
public final class SsbGenerator {
  private static final LocalDate FIRST_DATE = LocalDate.of(1992, 1, 1);
  private static final LocalDate LAST_DATE = LocalDate.of(1998, 12, 31);
  private static final String[] COLOURS = {
    "almond",
    "antique",
    "aquamarine",
    "azure",
    "beige",
    "bisque",
    "black",
    "blanched",
    "blue",
    "blush",
    "brown",
    "burlywood",
    "chartreuse",
    "chiffon",
    "chocolate",
    "coral",
    "cornflower",
    "cream",
    "cyan",
    "dark",
    "deep",
    "dim",
    "dodger",
    "drab",
    "firebrick",
    "forest",
    "frosted",
    "ghost",
    "goldenrod",
    "green",
    "grey",
    "honeydew",
    "hot",
    "indian",
    "ivory",
    "khaki",
    "lace",
    "lavender",
    "lemon",
    "light",
    "lime",
    "linen",
    "magenta",
    "maroon",
    "medium",
    "metallic"
  };
  private static final String[] SEASONS = {
    "Winter",
    "Winter",
    "Spring",
    "Spring",
    "Spring",
    "Summer",
    "Summer",
    "Summer",
    "Fall",
    "Fall",
    "Christmas",
    "Christmas"
  };

  private final double scaleFactor;
  private final long seed;

  public SsbGenerator(double scaleFactor, long seed) {
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException("scale factor must be positive: " + scaleFactor);
    }
    this.scaleFactor = scaleFactor;
    this.seed = seed;
  }

  /** All five tables, dimensions first, in memory. */
  public List<TableData> tables() {
    TableSink.Collecting sink = TableSink.collecting();
    generate(sink);
    return sink.tables();
  }

  /** All five tables, dimensions first, streamed to {@code sink}. */
  public void generate(TableSink sink) {
    // Small scale factors keep enough customers and suppliers for the city-level filters of
    // Q3.3 (two cities out of 250) to select something.
    int customers = Math.max(3_000, scaled(30_000));
    int suppliers = Math.max(500, scaled(2_000));
    int parts = scaled(200_000);
    List<List<Object>> dateRows = dates();
    dateRows.forEach(sink.table("dates", datesSchema()));
    customer(sink, customers);
    supplier(sink, suppliers);
    part(sink, parts);
    lineorder(sink, scaled(1_500_000), customers, suppliers, parts, dateRows.size());
  }

  private int scaled(int base) {
    return Math.max(1, (int) Math.round(base * scaleFactor));
  }

  private static TableSchema schema(Object... namesAndTypes) {
    List<ColumnSchema> columns = new ArrayList<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      columns.add(
          new ColumnSchema((String) namesAndTypes[i], (DataType) namesAndTypes[i + 1], false));
    }
    return TableSchema.of(columns);
  }

  private static int dateKey(LocalDate date) {
    return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
  }

  private static TableSchema datesSchema() {
    return schema(
        "d_datekey", DataType.INTEGER,
        "d_date", DataType.VARCHAR,
        "d_dayofweek", DataType.VARCHAR,
        "d_month", DataType.VARCHAR,
        "d_year", DataType.INTEGER,
        "d_yearmonthnum", DataType.INTEGER,
        "d_yearmonth", DataType.VARCHAR,
        "d_daynuminweek", DataType.INTEGER,
        "d_daynuminmonth", DataType.INTEGER,
        "d_daynuminyear", DataType.INTEGER,
        "d_monthnuminyear", DataType.INTEGER,
        "d_weeknuminyear", DataType.INTEGER,
        "d_sellingseason", DataType.VARCHAR,
        "d_lastdayinweekfl", DataType.INTEGER,
        "d_lastdayinmonthfl", DataType.INTEGER,
        "d_holidayfl", DataType.INTEGER,
        "d_weekdayfl", DataType.INTEGER);
  }

  private static List<List<Object>> dates() {
    List<List<Object>> rows = new ArrayList<>();
    for (LocalDate date = FIRST_DATE; !date.isAfter(LAST_DATE); date = date.plusDays(1)) {
      String month = date.getMonth().getDisplayName(TextStyle.FULL, Locale.ROOT);
      String shortMonth = date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
      DayOfWeek day = date.getDayOfWeek();
      // SSB numbers days Sunday = 1 and weeks from the first day of the year.
      int dayInWeek = day.getValue() % 7 + 1;
      rows.add(
          Arrays.asList(
              dateKey(date),
              month + " " + date.getDayOfMonth() + ", " + date.getYear(),
              day.getDisplayName(TextStyle.FULL, Locale.ROOT),
              month,
              date.getYear(),
              date.getYear() * 100 + date.getMonthValue(),
              shortMonth + date.getYear(),
              dayInWeek,
              date.getDayOfMonth(),
              date.getDayOfYear(),
              date.getMonthValue(),
              (date.getDayOfYear() - 1) / 7 + 1,
              SEASONS[date.getMonthValue() - 1],
              dayInWeek == 7 ? 1 : 0,
              date.getDayOfMonth() == date.lengthOfMonth() ? 1 : 0,
              (date.getMonthValue() == 12 && date.getDayOfMonth() == 25)
                      || (date.getMonthValue() == 1 && date.getDayOfMonth() == 1)
                  ? 1
                  : 0,
              dayInWeek >= 2 && dayInWeek <= 6 ? 1 : 0));
    }
    return rows;
  }

  /** SSB's city: the nation's name cut or padded to nine characters, then a digit. */
  private static String city(Random random, int nation) {
    String name = NATIONS[nation];
    String prefix =
        name.length() >= 9 ? name.substring(0, 9) : String.format(Locale.ROOT, "%-9s", name);
    return prefix + random.nextInt(10);
  }

  private static String phone(Random random, int nation) {
    return String.format(
        Locale.ROOT,
        "%d-%03d-%03d-%04d",
        nation + 10,
        100 + random.nextInt(900),
        100 + random.nextInt(900),
        1000 + random.nextInt(9000));
  }

  private void customer(TableSink sink, int count) {
    Consumer<List<Object>> rows =
        sink.table(
            "customer",
            schema(
                "c_custkey", DataType.INTEGER,
                "c_name", DataType.VARCHAR,
                "c_address", DataType.VARCHAR,
                "c_city", DataType.VARCHAR,
                "c_nation", DataType.VARCHAR,
                "c_region", DataType.VARCHAR,
                "c_phone", DataType.VARCHAR,
                "c_mktsegment", DataType.VARCHAR));
    Random random = new Random(seed + 10);
    for (int key = 1; key <= count; key++) {
      int nation = random.nextInt(NATIONS.length);
      rows.accept(
          Arrays.asList(
              key,
              String.format(Locale.ROOT, "Customer#%09d", key),
              "address " + random.nextInt(1_000_000),
              city(random, nation),
              NATIONS[nation],
              REGIONS[NATION_REGIONS[nation]],
              phone(random, nation),
              SEGMENTS[random.nextInt(SEGMENTS.length)]));
    }
  }

  private void supplier(TableSink sink, int count) {
    Consumer<List<Object>> rows =
        sink.table(
            "supplier",
            schema(
                "s_suppkey", DataType.INTEGER,
                "s_name", DataType.VARCHAR,
                "s_address", DataType.VARCHAR,
                "s_city", DataType.VARCHAR,
                "s_nation", DataType.VARCHAR,
                "s_region", DataType.VARCHAR,
                "s_phone", DataType.VARCHAR));
    Random random = new Random(seed + 11);
    for (int key = 1; key <= count; key++) {
      int nation = random.nextInt(NATIONS.length);
      rows.accept(
          Arrays.asList(
              key,
              String.format(Locale.ROOT, "Supplier#%09d", key),
              "address " + random.nextInt(1_000_000),
              city(random, nation),
              NATIONS[nation],
              REGIONS[NATION_REGIONS[nation]],
              phone(random, nation)));
    }
  }

  private void part(TableSink sink, int count) {
    Consumer<List<Object>> rows =
        sink.table(
            "part",
            schema(
                "p_partkey", DataType.INTEGER,
                "p_name", DataType.VARCHAR,
                "p_mfgr", DataType.VARCHAR,
                "p_category", DataType.VARCHAR,
                "p_brand1", DataType.VARCHAR,
                "p_color", DataType.VARCHAR,
                "p_type", DataType.VARCHAR,
                "p_size", DataType.INTEGER,
                "p_container", DataType.VARCHAR));
    Random random = new Random(seed + 12);
    for (int key = 1; key <= count; key++) {
      int manufacturer = 1 + random.nextInt(5);
      String category = "MFGR#" + manufacturer + (1 + random.nextInt(5));
      rows.accept(
          Arrays.asList(
              key,
              COLOURS[random.nextInt(COLOURS.length)]
                  + " "
                  + COLOURS[random.nextInt(COLOURS.length)],
              "MFGR#" + manufacturer,
              category,
              category + (1 + random.nextInt(40)),
              COLOURS[random.nextInt(COLOURS.length)],
              TYPE_SIZES[random.nextInt(TYPE_SIZES.length)]
                  + " "
                  + TYPE_FINISHES[random.nextInt(TYPE_FINISHES.length)]
                  + " "
                  + TYPE_MATERIALS[random.nextInt(TYPE_MATERIALS.length)],
              1 + random.nextInt(50),
              CONTAINER_SIZES[random.nextInt(CONTAINER_SIZES.length)]
                  + " "
                  + CONTAINER_KINDS[random.nextInt(CONTAINER_KINDS.length)]));
    }
  }

  private void lineorder(
      TableSink sink, int orders, int customers, int suppliers, int parts, int days) {
    Consumer<List<Object>> rows =
        sink.table(
            "lineorder",
            schema(
                "lo_orderkey", DataType.INTEGER,
                "lo_linenumber", DataType.INTEGER,
                "lo_custkey", DataType.INTEGER,
                "lo_partkey", DataType.INTEGER,
                "lo_suppkey", DataType.INTEGER,
                "lo_orderdate", DataType.INTEGER,
                "lo_orderpriority", DataType.VARCHAR,
                "lo_shippriority", DataType.INTEGER,
                "lo_quantity", DataType.INTEGER,
                "lo_extendedprice", MONEY,
                "lo_ordtotalprice", MONEY,
                "lo_discount", DataType.INTEGER,
                "lo_revenue", MONEY,
                "lo_supplycost", MONEY,
                "lo_tax", DataType.INTEGER,
                "lo_commitdate", DataType.INTEGER,
                "lo_shipmode", DataType.VARCHAR));
    Random random = new Random(seed + 13);
    for (int orderKey = 1; orderKey <= orders; orderKey++) {
      int customer = 1 + random.nextInt(customers);
      // Orders are placed up to 151 days before the last date so that commit dates stay in range.
      LocalDate orderDate = FIRST_DATE.plusDays(random.nextInt(days - 151));
      String priority = PRIORITIES[random.nextInt(PRIORITIES.length)];
      int lines = 1 + random.nextInt(7);
      List<List<Object>> orderRows = new ArrayList<>(lines);
      long orderTotal = 0;
      for (int line = 1; line <= lines; line++) {
        int part = 1 + random.nextInt(parts);
        int quantity = 1 + random.nextInt(50);
        long priceCents = 90_000 + ((part / 10) % 20_001) + 100L * (part % 1000);
        long extendedPrice = quantity * priceCents;
        int discount = random.nextInt(11);
        int tax = random.nextInt(9);
        long revenue = extendedPrice * (100 - discount) / 100;
        long supplyCost = 6 * priceCents / 10;
        orderTotal += extendedPrice * (100 + tax) * (100 - discount) / 10_000;
        LocalDate commitDate = orderDate.plusDays(30 + random.nextInt(61));
        orderRows.add(
            Arrays.asList(
                orderKey,
                line,
                customer,
                part,
                1 + random.nextInt(suppliers),
                dateKey(orderDate),
                priority,
                0,
                quantity,
                BigDecimal.valueOf(extendedPrice, 2),
                null,
                discount,
                BigDecimal.valueOf(revenue, 2),
                BigDecimal.valueOf(supplyCost, 2),
                tax,
                dateKey(commitDate),
                SHIP_MODES[random.nextInt(SHIP_MODES.length)]));
      }
      BigDecimal total = BigDecimal.valueOf(orderTotal, 2);
      for (List<Object> row : orderRows) {
        row.set(10, total);
        rows.accept(row);
      }
    }
  }
}
