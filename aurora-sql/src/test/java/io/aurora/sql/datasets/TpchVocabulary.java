package io.aurora.sql.datasets;

import io.aurora.storage.type.DataType;

/**
 * The value domains that TPC-H and the Star Schema Benchmark share (SSB derives its schema from
 * TPC-H): regions and nations, market segments, order priorities, ship modes, part types and
 * containers, and the money type.
 */
final class TpchVocabulary {
  static final DataType MONEY = DataType.decimal(12, 2);
  static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
  static final String[] NATIONS = {
    "ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY", "INDIA",
    "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU",
    "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES"
  };
  static final int[] NATION_REGIONS = {
    0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1
  };
  static final String[] SEGMENTS = {
    "AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"
  };
  static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
  static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
  static final String[] TYPE_SIZES = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
  static final String[] TYPE_FINISHES = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
  static final String[] TYPE_MATERIALS = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
  static final String[] CONTAINER_SIZES = {"SM", "LG", "MED", "JUMBO", "WRAP"};
  static final String[] CONTAINER_KINDS = {
    "CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"
  };

  private TpchVocabulary() {}
}
