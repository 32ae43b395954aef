-- Queries that Grafana's PostgreSQL data source sends, from grafana/grafana
-- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts (commit 12f912ab).
-- A section starts with "-- query:" and its name; each "-- expect:" line is one check of its rows.

-- query: grafana version
-- getVersion(): the configuration page reads the server version to pick the PostgreSQL version.
-- expect: row 1600
SELECT current_setting('server_version_num')::int/100 as version

-- query: grafana timescaledb
-- getTimescaleDBVersion(): the configuration page checks whether TimescaleDB is installed.
-- expect: empty
SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'

-- query: grafana schemas
-- showSchemas(): the query builder's schema drop-down.
-- expect: row public
SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name

-- query: grafana tables of a schema
-- showTables(schema): the table drop-down once a schema is chosen; the schema is 'public'.
-- expect: cell events
-- expect: cell metrics
-- expect: cell recent_events
SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'public'
      ORDER BY 1

-- query: grafana tables on the search path
-- showTables(): the table drop-down without a schema; tables on the search path come unqualified.
-- It splits the search_path setting into an array and calls string_to_array in FROM; Aurora has no
-- arrays beyond the system tables' always-empty ones, so it rejects the query as a syntax error.
-- expect: fails 42601
SELECT
    CASE WHEN
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          ) THEN 0 ELSE 1 END, 1

-- query: grafana columns of a table
-- getSchema(table): the column drop-down and the SQL editor's completion; the table is 'events'.
-- It reads the search path as the query above does, and fails the same way.
-- expect: fails 42601
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('events'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('events'))[1]
          AND quote_ident(table_name) = (parse_ident('events'))[2]
        ELSE quote_ident(table_name) = 'events'
          AND
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END
