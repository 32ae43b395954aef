package io.aurora.sql.ddl;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The record fields a pipeline's mapping or filter expression may read, and the expression with
 * nested field paths made identifiers: {@code user.id} (unquoted words joined by dots) becomes
 * {@code "user.id"}, the name of the staging column that holds that JSON path. The fields are every
 * identifier that is not a function name (followed by {@code (}): an identifier that turns out to
 * be a keyword only adds a staging column nobody reads.
 */
public record FieldReferences(String expression, List<String> fields) {
  public FieldReferences {
    requireNonNull(expression, "expression is null");
    fields = List.copyOf(fields);
  }

  /** Reads the references of one expression as written in CREATE PIPELINE. */
  public static FieldReferences of(String expression) {
    DdlTokenizer tokens = new DdlTokenizer(expression);
    List<DdlTokenizer.Token> all = tokens.tokens();
    Set<String> fields = new LinkedHashSet<>();
    StringBuilder rewritten = new StringBuilder();
    int copied = 0;
    for (int i = 0; i < all.size(); i++) {
      DdlTokenizer.Token token = all.get(i);
      boolean isName = token.isWord() || token.isQuoted();
      if (!isName || (i > 0 && all.get(i - 1).isSymbol("."))) {
        continue;
      }
      // A path: name (. name)*, unquoted words only past the first.
      List<String> parts = new ArrayList<>();
      parts.add(token.isWord() ? token.text().toLowerCase(Locale.ROOT) : token.text());
      int last = i;
      while (last + 2 < all.size()
          && all.get(last + 1).isSymbol(".")
          && all.get(last + 2).isWord()
          && token.isWord()) {
        parts.add(all.get(last + 2).text().toLowerCase(Locale.ROOT));
        last += 2;
      }
      boolean isFunction = last + 1 < all.size() && all.get(last + 1).isSymbol("(");
      if (isFunction) {
        continue;
      }
      String path = String.join(".", parts);
      fields.add(path);
      if (parts.size() > 1) {
        DdlTokenizer.Token end = all.get(last);
        rewritten.append(expression, copied, token.position());
        rewritten.append('"').append(path.replace("\"", "\"\"")).append('"');
        copied = end.position() + end.text().length();
      }
      i = last;
    }
    rewritten.append(expression.substring(copied));
    return new FieldReferences(rewritten.toString(), new ArrayList<>(fields));
  }
}
