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
