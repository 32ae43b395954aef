-- Queries that pgcli sends to fill its completion metadata, from dbcli/pgcli pgcli/pgexecute.py
-- (commit 0058553a). pgcli interpolates the relkind list with psycopg's mogrify, which sends a
-- Python list as ARRAY['r','p','f']; the texts below hold what the server receives.

-- query: pgcli search path
-- PGExecute.search_path_query: schemas to complete unqualified names from.
-- expect: row pg_catalog
-- expect: row public
SELECT * FROM unnest(current_schemas(true))

-- query: pgcli schemata
-- PGExecute.schemata_query: schema names.
-- expect: row information_schema
-- expect: row pg_catalog
-- expect: row public
SELECT  nspname
        FROM    pg_catalog.pg_namespace
        ORDER BY 1

-- query: pgcli tables
-- PGExecute.tables_query with kinds ['r', 'p', 'f']: table names.
-- expect: row public|events
-- expect: row public|metrics
SELECT  n.nspname schema_name,
                c.relname table_name
        FROM    pg_catalog.pg_class c
                LEFT JOIN pg_catalog.pg_namespace n
                    ON n.oid = c.relnamespace
        WHERE   c.relkind = ANY(ARRAY['r','p','f'])
        ORDER BY 1,2

-- query: pgcli views
-- PGExecute.tables_query with kinds ['v', 'm']: view names.
-- expect: row public|recent_events
SELECT  n.nspname schema_name,
                c.relname table_name
        FROM    pg_catalog.pg_class c
                LEFT JOIN pg_catalog.pg_namespace n
                    ON n.oid = c.relnamespace
        WHERE   c.relkind = ANY(ARRAY['v','m'])
        ORDER BY 1,2

-- query: pgcli table columns
-- PGExecute._columns with kinds ['r', 'p', 'f']: column names and types of tables.
-- expect: row public|events|id|bigint|false|null
-- expect: row public|events|amount|numeric|false|null
-- expect: row public|metrics|at|timestamp without time zone|false|null
SELECT  nsp.nspname schema_name,
                        cls.relname table_name,
                        att.attname column_name,
                        att.atttypid::regtype::text type_name,
                        att.atthasdef AS has_default,
                        pg_catalog.pg_get_expr(def.adbin, def.adrelid, true) as default
                FROM    pg_catalog.pg_attribute att
                        INNER JOIN pg_catalog.pg_class cls
                            ON att.attrelid = cls.oid
                        INNER JOIN pg_catalog.pg_namespace nsp
                            ON cls.relnamespace = nsp.oid
                        LEFT OUTER JOIN pg_attrdef def
                            ON def.adrelid = att.attrelid
                            AND def.adnum = att.attnum
                WHERE   cls.relkind = ANY(ARRAY['r','p','f'])
                        AND NOT att.attisdropped
                        AND att.attnum  > 0
                ORDER BY 1, 2, att.attnum

-- query: pgcli view columns
-- PGExecute._columns with kinds ['v', 'm']: column names and types of views.
-- expect: row public|recent_events|id|bigint|false|null
-- expect: row public|recent_events|created|timestamp without time zone|false|null
SELECT  nsp.nspname schema_name,
                        cls.relname table_name,
                        att.attname column_name,
                        att.atttypid::regtype::text type_name,
                        att.atthasdef AS has_default,
                        pg_catalog.pg_get_expr(def.adbin, def.adrelid, true) as default
                FROM    pg_catalog.pg_attribute att
                        INNER JOIN pg_catalog.pg_class cls
                            ON att.attrelid = cls.oid
                        INNER JOIN pg_catalog.pg_namespace nsp
                            ON cls.relnamespace = nsp.oid
                        LEFT OUTER JOIN pg_attrdef def
                            ON def.adrelid = att.attrelid
                            AND def.adnum = att.attnum
                WHERE   cls.relkind = ANY(ARRAY['v','m'])
                        AND NOT att.attisdropped
                        AND att.attnum  > 0
                ORDER BY 1, 2, att.attnum

-- query: pgcli databases
-- PGExecute.databases_query: database names for \c completion.
-- expect: row aurora
SELECT d.datname
        FROM pg_catalog.pg_database d
        ORDER BY 1

-- query: pgcli full databases
-- PGExecute.full_databases_query: the \l listing.
-- expect: row aurora|aurora|UTF8|C.UTF-8|C.UTF-8|null
SELECT d.datname as "Name",
            pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
            pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
            d.datcollate as "Collate",
            d.datctype as "Ctype",
            pg_catalog.array_to_string(d.datacl, E'\n') AS "Access privileges"
        FROM pg_catalog.pg_database d
        ORDER BY 1

-- query: pgcli socket directory
-- PGExecute.socket_directory_query: where the server listens; Aurora has no Unix socket setting.
-- expect: empty
SELECT setting
        FROM pg_settings
        WHERE name = 'unix_socket_directories'

-- query: pgcli foreign keys
-- PGExecute.foreignkeys(): join suggestions; Aurora has no constraints.
-- expect: empty
SELECT s_p.nspname AS parentschema,
                       t_p.relname AS parenttable,
                       unnest((
                        select
                            array_agg(attname ORDER BY i)
                        from
                            (select unnest(confkey) as attnum, generate_subscripts(confkey, 1) as i) x
                            JOIN pg_catalog.pg_attribute c USING(attnum)
                            WHERE c.attrelid = fk.confrelid
                        )) AS parentcolumn,
                       s_c.nspname AS childschema,
                       t_c.relname AS childtable,
                       unnest((
                        select
                            array_agg(attname ORDER BY i)
                        from
                            (select unnest(conkey) as attnum, generate_subscripts(conkey, 1) as i) x
                            JOIN pg_catalog.pg_attribute c USING(attnum)
                            WHERE c.attrelid = fk.conrelid
                        )) AS childcolumn
                FROM pg_catalog.pg_constraint fk
                JOIN pg_catalog.pg_class      t_p ON t_p.oid = fk.confrelid
                JOIN pg_catalog.pg_namespace  s_p ON s_p.oid = t_p.relnamespace
                JOIN pg_catalog.pg_class      t_c ON t_c.oid = fk.conrelid
                JOIN pg_catalog.pg_namespace  s_c ON s_c.oid = t_c.relnamespace
                WHERE fk.contype = 'f'

-- query: pgcli functions
-- PGExecute.functions() for servers from 11 on: function completion; pg_proc is empty in Aurora.
-- expect: empty
SELECT n.nspname schema_name,
                        p.proname func_name,
                        p.proargnames,
                        COALESCE(proallargtypes::regtype[], proargtypes::regtype[])::text[],
                        p.proargmodes,
                        prorettype::regtype::text return_type,
                        p.prokind = 'a' is_aggregate,
                        p.prokind = 'w' is_window,
                        p.proretset is_set_returning,
                        d.deptype = 'e' is_extension,
                        pg_get_expr(proargdefaults, 0) AS arg_defaults
                FROM pg_catalog.pg_proc p
                        INNER JOIN pg_catalog.pg_namespace n
                            ON n.oid = p.pronamespace
                LEFT JOIN pg_depend d ON d.objid = p.oid and d.deptype = 'e'
                WHERE p.prorettype::regtype != 'trigger'::regtype
                ORDER BY 1, 2

-- query: pgcli datatypes
-- PGExecute.datatypes() for servers after 9.0: user-defined types; Aurora has none outside pg_catalog.
-- expect: empty
SELECT n.nspname schema_name,
                           t.typname type_name
                    FROM   pg_catalog.pg_type t
                           INNER JOIN pg_catalog.pg_namespace n
                              ON n.oid = t.typnamespace
                    WHERE ( t.typrelid = 0  -- non-composite types
                            OR (  -- composite type, but not a table
                                  SELECT c.relkind = 'c'
                                  FROM pg_catalog.pg_class c
                                  WHERE c.oid = t.typrelid
                                )
                          )
                          AND NOT EXISTS( -- ignore array types
                                SELECT  1
                                FROM    pg_catalog.pg_type el
                                WHERE   el.oid = t.typelem AND el.typarray = t.oid
                              )
                          AND n.nspname <> 'pg_catalog'
                          AND n.nspname <> 'information_schema'
                    ORDER BY 1, 2
