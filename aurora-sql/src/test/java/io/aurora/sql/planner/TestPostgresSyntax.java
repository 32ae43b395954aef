package io.aurora.sql.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPostgresSyntax {
  @Test
  void schemaQualifiedOperatorsBecomePlainOperators() {
    assertThat(PostgresSyntax.rewrite("WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$'"))
        .isEqualTo("WHERE c.relname  ~  '^(t)$'");
    assertThat(PostgresSyntax.rewrite("WHERE a operator ( pg_catalog.!~* ) 'x'"))
        .isEqualTo("WHERE a  !~*  'x'");
  }

  @Test
  void jsonOperatorsBecomeExtractPathCalls() {
    assertThat(PostgresSyntax.rewrite("SELECT doc ->> 'a' FROM t"))
        .isEqualTo("SELECT json_extract_path_text(doc, 'a') FROM t");
    assertThat(PostgresSyntax.rewrite("SELECT e.doc->'a'->0->>'b' = 'x'"))
        .isEqualTo("SELECT json_extract_path_text(e.doc, 'a', '0', 'b') = 'x'");
    assertThat(PostgresSyntax.rewrite("SELECT payload::jsonb -> 'user' FROM t"))
        .isEqualTo("SELECT json_extract_path(payload::jsonb, 'user') FROM t");
    assertThat(PostgresSyntax.rewrite("SELECT (a || b)::json ->> k, f(x) -> 'y'"))
        .isEqualTo(
            "SELECT json_extract_path_text((a || b)::json, CAST(k AS VARCHAR)),"
                + " json_extract_path(f(x), 'y')");
    assertThat(PostgresSyntax.rewrite("SELECT '{\"a\": 1}' ->> 'a', '->' AS arrow -- a -> b"))
        .isEqualTo("SELECT json_extract_path_text('{\"a\": 1}', 'a'), '->' AS arrow -- a -> b");
  }

  @Test
  void collateClausesAreDropped() {
    assertThat(PostgresSyntax.rewrite("WHERE a ~ '^x' COLLATE pg_catalog.default AND b"))
        .isEqualTo("WHERE a ~ '^x'  AND b");
    assertThat(PostgresSyntax.rewrite("ORDER BY a COLLATE \"C\", b")).isEqualTo("ORDER BY a , b");
  }

  @Test
  void catalogPrefixesOfFunctionsAreDroppedButNotOfTables() {
    assertThat(
            PostgresSyntax.rewrite(
                "SELECT pg_catalog.format_type(a, b) FROM pg_catalog.pg_class c"))
        .isEqualTo("SELECT format_type(a, b) FROM pg_catalog.pg_class c");
  }

  @Test
  void subscriptsBecomeArrayElementCalls() {
    assertThat(PostgresSyntax.rewrite("WHERE attnum = pr.prattrs[s + 1] AND ARRAY[1][1] = 1"))
        .isEqualTo("WHERE attnum = array_element(pr.prattrs, s + 1) AND ARRAY[1][1] = 1");
    assertThat(PostgresSyntax.rewrite("SELECT x::int2[]")).isEqualTo("SELECT x::int2[]");
  }

  @Test
  void aliasedSeriesGetAColumnNamedAfterTheAlias() {
    assertThat(
            PostgresSyntax.rewrite(
                "FROM pg_catalog.generate_series(0, pg_catalog.f(x)) s, t WHERE a = s"))
        .isEqualTo("FROM generate_series(0, f(x)) s(s), t WHERE a = s");
    assertThat(PostgresSyntax.rewrite("FROM generate_series(1, 3) AS g(n)"))
        .isEqualTo("FROM generate_series(1, 3) AS g(n)");
    assertThat(PostgresSyntax.rewrite("FROM generate_series(1, 3) WHERE true"))
        .isEqualTo("FROM generate_series(1, 3) WHERE true");
  }

  @Test
  void leavesStringsIdentifiersAndCommentsAlone() {
    String sql =
        "SELECT 'OPERATOR(pg_catalog.~)', \"collate\" -- COLLATE x\n"
            + "/* pg_catalog.f() */ FROM t WHERE s = E'it\\'s COLLATE y'";
    // The escape string becomes a plain literal, its content unchanged.
    assertThat(PostgresSyntax.rewrite(sql))
        .isEqualTo(sql.replace("E'it\\'s COLLATE y'", "'it''s COLLATE y'"));
  }

  @Test
  void escapeStringsBecomePlainLiterals() {
    assertThat(PostgresSyntax.rewrite("SELECT E'a\\tb\\n', e'\\x41\\101\\u00e9', E'\\\\'"))
        .isEqualTo("SELECT 'a\tb\n', 'AAé', '\\'");
  }

  @Test
  void objectIdentifierCastsBecomeFunctionsAndCatalogTypesAreMapped() {
    assertThat(SqlPlanner.rewrite("WHERE c.oid = 'events'::regclass"))
        .isEqualTo("WHERE c.oid = regclass('events')");
    assertThat(SqlPlanner.rewrite("SELECT c.reloftype::pg_catalog.regtype::pg_catalog.text"))
        .isEqualTo("SELECT CAST(regtype(c.reloftype) AS VARCHAR)");
    assertThat(SqlPlanner.rewrite("SELECT x::oid, y::int4, z::\"char\", w::pg_catalog.int2[]"))
        .isEqualTo(
            "SELECT CAST(x AS INTEGER), CAST(y AS INTEGER), CAST(z AS VARCHAR),"
                + " CAST(w AS VARCHAR)");
  }

  @Test
  void arraysOfQueriesBecomeAggregatedText() {
    assertThat(
            PostgresSyntax.rewrite(
                "SELECT ARRAY(SELECT b.rolname FROM pg_roles b WHERE b.oid = r.oid ORDER BY 1)"
                    + " AS memberof FROM pg_roles r"))
        .isEqualTo(
            "SELECT (SELECT '{' || coalesce(string_agg(CAST(b.rolname AS VARCHAR), ','"
                + " ORDER BY b.rolname), '') || '}' FROM pg_roles b WHERE b.oid = r.oid )"
                + " AS memberof FROM pg_roles r");
    assertThat(PostgresSyntax.rewrite("SELECT ARRAY[1, 2], ARRAY(SELECT a, b FROM t)"))
        .isEqualTo("SELECT ARRAY[1, 2], ARRAY(SELECT a, b FROM t)");
  }

  @Test
  void unnestInFromIsEmpty() {
    assertThat(
            PostgresSyntax.rewrite(
                "select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x where true"))
        .isEqualTo(
            "select 'toast.' || x from (SELECT CAST(NULL AS VARCHAR) AS \"unnest\" FROM (VALUES (1))"
                + " v WHERE FALSE) x(x) where true");
    assertThat(PostgresSyntax.rewrite("SELECT unnest(ix.indkey) attnum FROM pg_index ix"))
        .isEqualTo("SELECT CAST(NULL AS INTEGER) attnum FROM pg_index ix");
  }

  @Test
  void reservedWordsAfterAsAreQuotedLabelsExceptInCasts() {
    assertThat(PostgresSyntax.rewrite("SELECT (SELECT 1) AS DEFAULT, a AS date FROM t"))
        .isEqualTo("SELECT (SELECT 1) AS \"default\", a AS \"date\" FROM t");
    assertThat(PostgresSyntax.rewrite("SELECT CAST(a AS DATE), CAST(b AS timestamp) AS time"))
        .isEqualTo("SELECT CAST(a AS DATE), CAST(b AS timestamp) AS \"time\"");
  }

  @Test
  void setReturningFunctionsInASelectListAfterACommaStayInTheSelectList() {
    assertThat(PostgresSyntax.rewrite("SELECT a, unnest(conkey) AS k FROM pg_constraint"))
        .isEqualTo("SELECT a, CAST(NULL AS INTEGER) AS k FROM pg_constraint");
    assertThat(PostgresSyntax.rewrite("SELECT a FROM t, unnest(conkey) k"))
        .startsWith("SELECT a FROM t, (SELECT CAST(NULL AS VARCHAR) AS \"unnest\"");
  }

  @Test
  void theSearchPathUnnestsIntoItsSchemas() {
    assertThat(PostgresSyntax.rewrite("SELECT * FROM unnest(current_schemas(true))"))
        .isEqualTo("SELECT * FROM (VALUES ('pg_catalog'), ('public')) AS \"unnest\"(\"unnest\")");
    assertThat(PostgresSyntax.rewrite("SELECT s FROM unnest(current_schemas(false)) s"))
        .isEqualTo("SELECT s FROM (VALUES ('public')) s(s)");
  }

  @Test
  void statementKeywordsAreLabelsOnlyWhereALabelEnds() {
    assertThat(PostgresSyntax.rewrite("SELECT a as select, b as update FROM t"))
        .isEqualTo("SELECT a as \"select\", b as \"update\" FROM t");
    assertThat(PostgresSyntax.rewrite("CREATE TABLE t AS SELECT a FROM s"))
        .isEqualTo("CREATE TABLE t AS SELECT a FROM s");
  }
}
