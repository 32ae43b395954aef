\dt
\d
\l
\d events
\dt+
\dn
SELECT version();
SELECT count(*) AS n FROM public.events;
SELECT relname FROM pg_class WHERE relname ~ '^ev' ORDER BY 1;
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'events'::regclass AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum;
CREATE VIEW named_events AS SELECT id, name FROM events WHERE name IS NOT NULL;
\dv
\d named_events
\d+ named_events
\d+ events
CREATE ROLE readers;
CREATE ROLE alice LOGIN NOINHERIT IN ROLE readers;
\du
\di
\df
\dp
GRANT SELECT ON events TO readers;
\dp events
\dD
\dc
\db
\dy
\do
\dC
\dF
\dL
\des
\drds
\dl
\x
SELECT 1 AS one, 'x' AS two;
\x
\timing on
SELECT 2 AS timed;
\timing off
DROP VIEW named_events;
REVOKE SELECT ON events FROM readers;
DROP ROLE alice, readers;
