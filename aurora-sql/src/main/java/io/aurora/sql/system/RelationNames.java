package io.aurora.sql.system;

import java.util.ArrayList;
import java.util.List;

/** Splits a relation name as PostgreSQL reads it in {@code 'schema.table'::regclass}. */
final class RelationNames {
  private RelationNames() {}

  /** The dot-separated parts; unquoted parts fold to lower case, quoted ones keep their case. */
  static List<String> split(String name) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean isQuoted = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        if (isQuoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else {
          isQuoted = !isQuoted;
        }
      } else if (c == '.' && !isQuoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(isQuoted ? c : Character.toLowerCase(c));
      }
    }
    parts.add(part.toString().strip());
    return parts;
  }
}
