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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A deterministic TPC-H data generator after the specification's clause 4.2 (table sizes, key
 * relationships, value domains and the rules for derived columns such as {@code l_returnflag},
 * {@code l_linestatus}, {@code o_orderstatus} and {@code o_totalprice}), so that all 22 queries
 * return non-trivial results. It is not byte-compatible with dbgen: comments come from a small
 * vocabulary rather than the specification's grammar, and order keys are dense.
 *
 * <p>Sizes at scale factor 0.01: 100 suppliers, 2,000 parts, 8,000 part suppliers, 1,500 customers,
 * 15,000 orders and about 60,000 line items.
 */
public final class TpchGenerator {
  private static final DataType KEY = DataType.INTEGER;
  private static final int START_DATE = (int) LocalDate.of(1992, 1, 1).toEpochDay();
  private static final int END_DATE = (int) LocalDate.of(1998, 12, 31).toEpochDay();
  private static final int CURRENT_DATE = (int) LocalDate.of(1995, 6, 17).toEpochDay();

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
    "burnished",
    "chartreuse",
    "chiffon",
    "chocolate",
    "coral",
    "cornflower",
    "cornsilk",
    "cream",
    "cyan",
    "dark",
    "deep",
    "dim",
    "dodger",
    "drab",
    "firebrick",
    "floral",
    "forest",
    "frosted",
    "gainsboro",
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
    "lawn",
    "lemon",
    "light",
    "lime",
    "linen",
    "magenta",
    "maroon",
    "medium",
    "metallic",
    "midnight",
    "mint",
    "misty",
    "moccasin",
    "navajo",
    "navy",
    "olive",
    "orange",
    "orchid",
    "pale",
    "papaya",
    "peach",
    "peru",
    "pink",
    "plum",
    "powder",
    "puff",
    "purple",
    "red",
    "rose",
    "rosy",
    "royal",
    "saddle",
    "salmon",
    "sandy",
    "seashell",
    "sienna",
    "sky",
    "slate",
    "smoke",
    "snow",
    "spring",
    "steel",
    "tan",
    "thistle",
    "tomato",
    "turquoise",
    "violet",
    "wheat",
    "white",
    "yellow"
  };
  private static final String[] INSTRUCTIONS = {
    "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"
  };
  private static final String[] WORDS = {
    "furiously",
    "quickly",
    "carefully",
    "blithely",
    "slyly",
    "ironic",
    "final",
    "regular",
    "express",
    "pending",
    "bold",
    "even",
    "silent",
    "unusual",
    "deposits",
    "packages",
    "accounts",
    "theodolites",
    "pinto",
    "beans",
    "foxes",
    "ideas",
    "instructions",
    "dependencies",
    "excuses",
    "platelets",
    "asymptotes",
    "courts",
    "dolphins",
    "sleep",
    "wake",
    "haggle",
    "nag",
    "use",
    "boost",
    "affix",
    "detect",
    "integrate",
    "about",
    "above",
    "against",
    "along",
    "among"
  };

  private final double scaleFactor;
  private final long seed;

  public TpchGenerator(double scaleFactor, long seed) {
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException("scale factor must be positive: " + scaleFactor);
    }
    this.scaleFactor = scaleFactor;
    this.seed = seed;
  }

  /** All eight tables, dimensions first, in memory. */
  public List<TableData> tables() {
    TableSink.Collecting sink = TableSink.collecting();
    generate(sink);
    return sink.tables();
  }

  /**
   * All eight tables, dimensions first, streamed to {@code sink} (orders and lineitem together).
   */
  public void generate(TableSink sink) {
    int suppliers = scaled(10_000);
    int parts = scaled(200_000);
    int customers = scaled(150_000);
    int orders = scaled(1_500_000);
    region(sink);
    nation(sink);
    supplier(sink, suppliers);
    customer(sink, customers);
    parts(sink, parts);
    partsupp(sink, parts, suppliers);
    ordersAndLineitems(sink, orders, customers, parts, suppliers);
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

  private void region(TableSink sink) {
    Consumer<List<Object>> rows =
        sink.table(
            "region",
            schema("r_regionkey", KEY, "r_name", DataType.VARCHAR, "r_comment", DataType.VARCHAR));
    Random random = new Random(seed);
    for (int i = 0; i < REGIONS.length; i++) {
      rows.accept(Arrays.asList(i, REGIONS[i], comment(random, 31, 115)));
    }
  }

  private void nation(TableSink sink) {
    Consumer<List<Object>> rows =
        sink.table(
            "nation",
            schema(
                "n_nationkey",
                KEY,
                "n_name",
                DataType.VARCHAR,
                "n_regionkey",
                KEY,
                "n_comment",
                DataType.VARCHAR));
    Random random = new Random(seed + 1);
    for (int i = 0; i < NATIONS.length; i++) {
      rows.accept(Arrays.asList(i, NATIONS[i], NATION_REGIONS[i], comment(random, 31, 114)));
    }
  }

  private void supplier(TableSink sink, int count) {
    Consumer<List<Object>> rows =
        sink.table(
            "supplier",
            schema(
                "s_suppkey",
                KEY,
                "s_name",
                DataType.VARCHAR,
                "s_address",
                DataType.VARCHAR,
                "s_nationkey",
                KEY,
                "s_phone",
                DataType.VARCHAR,
                "s_acctbal",
                MONEY,
                "s_comment",
                DataType.VARCHAR));
    Random random = new Random(seed + 2);
    for (int key = 1; key <= count; key++) {
      int nation = random.nextInt(NATIONS.length);
      String comment = comment(random, 25, 100);
      // Clause 4.2.3: a few suppliers have complaints or recommendations (Q16).
      int roll = random.nextInt(100);
      if (roll < 4) {
        comment = comment + " Customer " + word(random) + " Complaints";
      } else if (roll < 8) {
        comment = comment + " Customer " + word(random) + " Recommends";
      }
      rows.accept(
          Arrays.asList(
              key,
              String.format(Locale.ROOT, "Supplier#%09d", key),
              address(random),
              nation,
              phone(random, nation),
              money(random, -99_999, 999_999),
              comment));
    }
  }

  private void customer(TableSink sink, int count) {
    Consumer<List<Object>> rows =
        sink.table(
            "customer",
            schema(
                "c_custkey",
                KEY,
                "c_name",
                DataType.VARCHAR,
                "c_address",
                DataType.VARCHAR,
                "c_nationkey",
                KEY,
                "c_phone",
                DataType.VARCHAR,
                "c_acctbal",
                MONEY,
                "c_mktsegment",
                DataType.VARCHAR,
                "c_comment",
                DataType.VARCHAR));
    Random random = new Random(seed + 3);
    for (int key = 1; key <= count; key++) {
      int nation = random.nextInt(NATIONS.length);
      rows.accept(
          Arrays.asList(
              key,
              String.format(Locale.ROOT, "Customer#%09d", key),
              address(random),
              nation,
              phone(random, nation),
              money(random, -99_999, 999_999),
              SEGMENTS[random.nextInt(SEGMENTS.length)],
              comment(random, 29, 116)));
    }
  }

  private static TableSchema partSchema() {
    return schema(
        "p_partkey",
        KEY,
        "p_name",
        DataType.VARCHAR,
        "p_mfgr",
        DataType.VARCHAR,
        "p_brand",
        DataType.VARCHAR,
        "p_type",
        DataType.VARCHAR,
        "p_size",
        DataType.INTEGER,
        "p_container",
        DataType.VARCHAR,
        "p_retailprice",
        MONEY,
        "p_comment",
        DataType.VARCHAR);
  }

  private void parts(TableSink sink, int count) {
    Random random = new Random(seed + 4);
    Consumer<List<Object>> rows = sink.table("part", partSchema());
    for (int key = 1; key <= count; key++) {
      List<String> colours = new ArrayList<>(5);
      while (colours.size() < 5) {
        String colour = COLOURS[random.nextInt(COLOURS.length)];
        if (!colours.contains(colour)) {
          colours.add(colour);
        }
      }
      int manufacturer = 1 + random.nextInt(5);
      rows.accept(
          Arrays.asList(
              key,
              String.join(" ", colours),
              "Manufacturer#" + manufacturer,
              "Brand#" + manufacturer + (1 + random.nextInt(5)),
              TYPE_SIZES[random.nextInt(TYPE_SIZES.length)]
                  + " "
                  + TYPE_FINISHES[random.nextInt(TYPE_FINISHES.length)]
                  + " "
                  + TYPE_MATERIALS[random.nextInt(TYPE_MATERIALS.length)],
              1 + random.nextInt(50),
              CONTAINER_SIZES[random.nextInt(CONTAINER_SIZES.length)]
                  + " "
                  + CONTAINER_KINDS[random.nextInt(CONTAINER_KINDS.length)],
              BigDecimal.valueOf(retailPriceCents(key), 2),
              comment(random, 5, 22)));
    }
  }

  private static long retailPriceCents(int partKey) {
    return 90_000 + ((partKey / 10) % 20_001) + 100L * (partKey % 1000);
  }

  /**
   * Clause 4.2.3: the i-th supplier of a part, so that line items can name a real part supplier.
   */
  private static int partSupplier(int partKey, int i, int suppliers) {
    return (int)
            ((partKey + (i * ((suppliers / 4) + (long) (partKey - 1) / suppliers))) % suppliers)
        + 1;
  }

  private void partsupp(TableSink sink, int parts, int suppliers) {
    Consumer<List<Object>> rows =
        sink.table(
            "partsupp",
            schema(
                "ps_partkey",
                KEY,
                "ps_suppkey",
                KEY,
                "ps_availqty",
                DataType.INTEGER,
                "ps_supplycost",
                MONEY,
                "ps_comment",
                DataType.VARCHAR));
    Random random = new Random(seed + 5);
    for (int key = 1; key <= parts; key++) {
      for (int i = 0; i < 4; i++) {
        rows.accept(
            Arrays.asList(
                key,
                partSupplier(key, i, suppliers),
                1 + random.nextInt(9999),
                money(random, 100, 100_000),
                comment(random, 49, 198)));
      }
    }
  }

  private void ordersAndLineitems(
      TableSink sink, int orderCount, int customers, int parts, int suppliers) {
    Random random = new Random(seed + 6);
    int clerks = Math.max(1, scaled(1000));
    Consumer<List<Object>> orders =
        sink.table(
            "orders",
            schema(
                "o_orderkey",
                KEY,
                "o_custkey",
                KEY,
                "o_orderstatus",
                DataType.VARCHAR,
                "o_totalprice",
                MONEY,
                "o_orderdate",
                DataType.DATE,
                "o_orderpriority",
                DataType.VARCHAR,
                "o_clerk",
                DataType.VARCHAR,
                "o_shippriority",
                DataType.INTEGER,
                "o_comment",
                DataType.VARCHAR));
    Consumer<List<Object>> lineitems =
        sink.table(
            "lineitem",
            schema(
                "l_orderkey",
                KEY,
                "l_partkey",
                KEY,
                "l_suppkey",
                KEY,
                "l_linenumber",
                DataType.INTEGER,
                "l_quantity",
                MONEY,
                "l_extendedprice",
                MONEY,
                "l_discount",
                MONEY,
                "l_tax",
                MONEY,
                "l_returnflag",
                DataType.VARCHAR,
                "l_linestatus",
                DataType.VARCHAR,
                "l_shipdate",
                DataType.DATE,
                "l_commitdate",
                DataType.DATE,
                "l_receiptdate",
                DataType.DATE,
                "l_shipinstruct",
                DataType.VARCHAR,
                "l_shipmode",
                DataType.VARCHAR,
                "l_comment",
                DataType.VARCHAR));
    for (int orderKey = 1; orderKey <= orderCount; orderKey++) {
      // Clause 4.2.3: customers whose key is a multiple of three place no orders (Q13, Q22).
      int customer;
      do {
        customer = 1 + random.nextInt(customers);
      } while (customer % 3 == 0 && customers > 2);
      int orderDate = START_DATE + random.nextInt(END_DATE - 151 - START_DATE + 1);
      int lines = 1 + random.nextInt(7);
      long totalPrice = 0;
      int shipped = 0;
      for (int line = 1; line <= lines; line++) {
        int part = 1 + random.nextInt(parts);
        int supplier = partSupplier(part, random.nextInt(4), suppliers);
        int quantity = 1 + random.nextInt(50);
        long extendedPrice = quantity * retailPriceCents(part);
        int discount = random.nextInt(11);
        int tax = random.nextInt(9);
        int shipDate = orderDate + 1 + random.nextInt(121);
        int commitDate = orderDate + 30 + random.nextInt(61);
        int receiptDate = shipDate + 1 + random.nextInt(30);
        String returnFlag = receiptDate <= CURRENT_DATE ? (random.nextBoolean() ? "R" : "A") : "N";
        String lineStatus = shipDate > CURRENT_DATE ? "O" : "F";
        if (lineStatus.equals("F")) {
          shipped++;
        }
        // extendedprice * (1 + tax) * (1 - discount), in cents, rounded half up.
        totalPrice += (extendedPrice * (100 + tax) * (100 - discount) + 5_000) / 10_000;
        lineitems.accept(
            Arrays.asList(
                orderKey,
                part,
                supplier,
                line,
                BigDecimal.valueOf(quantity * 100L, 2),
                BigDecimal.valueOf(extendedPrice, 2),
                BigDecimal.valueOf(discount, 2),
                BigDecimal.valueOf(tax, 2),
                returnFlag,
                lineStatus,
                shipDate,
                commitDate,
                receiptDate,
                INSTRUCTIONS[random.nextInt(INSTRUCTIONS.length)],
                SHIP_MODES[random.nextInt(SHIP_MODES.length)],
                comment(random, 10, 43)));
      }
      String status = shipped == lines ? "F" : shipped == 0 ? "O" : "P";
      String comment = comment(random, 19, 78);
      // Some orders carry "special ... requests", which Q13 leaves out.
      if (random.nextInt(100) < 2) {
        comment = word(random) + " special " + word(random) + " requests " + comment;
      }
      orders.accept(
          Arrays.asList(
              orderKey,
              customer,
              status,
              BigDecimal.valueOf(totalPrice, 2),
              orderDate,
              PRIORITIES[random.nextInt(PRIORITIES.length)],
              String.format(Locale.ROOT, "Clerk#%09d", 1 + random.nextInt(clerks)),
              0,
              comment));
    }
  }

  private static BigDecimal money(Random random, int minCents, int maxCents) {
    return BigDecimal.valueOf(minCents + random.nextInt(maxCents - minCents + 1), 2);
  }

  /** Clause 4.2.2.9: the country code is the nation key plus ten. */
  private static String phone(Random random, int nation) {
    return String.format(
        Locale.ROOT,
        "%d-%03d-%03d-%04d",
        nation + 10,
        100 + random.nextInt(900),
        100 + random.nextInt(900),
        1000 + random.nextInt(9000));
  }

  private static String address(Random random) {
    int length = 10 + random.nextInt(31);
    StringBuilder address = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int c = random.nextInt(64);
      address.append(
          c < 26
              ? (char) ('a' + c)
              : c < 52 ? (char) ('A' + c - 26) : c < 62 ? (char) ('0' + c - 52) : ' ');
    }
    return address.toString();
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  private static String comment(Random random, int minLength, int maxLength) {
    int length = minLength + random.nextInt(maxLength - minLength + 1);
    StringBuilder comment = new StringBuilder(word(random));
    while (comment.length() < length) {
      comment.append(' ').append(word(random));
    }
    return comment.substring(0, length);
  }
}
