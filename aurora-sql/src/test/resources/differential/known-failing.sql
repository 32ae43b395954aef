-- Queries that fail on Aurora today, each with the reason above it. TestDifferentialQueries checks that each still fails; move a line to queries.sql when fixed.
-- DECIMAL(18, 4) cannot hold round(99999999999999.9999) = 100000000000000: Aurora decimals are limited to 18 digits, PostgreSQL numeric is not
SELECT id, round(dec, 2), round(dec), ceil(dec), floor(dec) FROM edge_values
-- reverse() is not implemented (Calcite's PostgreSQL library lacks it)
SELECT id, reverse(s) FROM edge_values WHERE length(s) < 50
-- lpad/rpad are validated but have no Aurora implementation
SELECT id, lpad(s, 6, '*'), rpad(s, 6, '*') FROM edge_values WHERE length(s) < 50
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT id, dt, dt + 1, dt - 1 FROM edge_values WHERE dt < DATE '2999-01-01'
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
WITH t AS (SELECT day, count(*) c FROM events GROUP BY day) SELECT t1.day, t1.c - t2.c FROM t t1 JOIN t t2 ON t1.day = t2.day + 1
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT user_id FROM events INTERSECT ALL SELECT user_id FROM users
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT user_id FROM users EXCEPT ALL SELECT user_id FROM events
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT event_type FROM events EXCEPT ALL SELECT event_type FROM events WHERE score > 0
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT country FROM events INTERSECT ALL SELECT country FROM events WHERE flag
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY score) FROM events
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT stddev_samp(score), stddev_pop(score), var_samp(duration), var_pop(duration) FROM events
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT event_type, stddev(score), variance(score) FROM events GROUP BY event_type
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT string_agg(plan, ',' ORDER BY plan) FROM (SELECT DISTINCT plan FROM users) t
-- reverse() is not implemented (Calcite's PostgreSQL library lacks it)
SELECT reverse(country), strpos(country, 'e'), replace(country, 'e', '') FROM events
-- lpad/rpad are validated but have no Aurora implementation
SELECT lpad(country, 12, '.'), rpad(country, 12, '.') FROM events
-- split_part, md5, ascii/chr, concat_ws are validated but have no Aurora implementation
SELECT split_part(url, '/', 4), split_part(url, '/', 5) FROM events
-- split_part, md5, ascii/chr, concat_ws are validated but have no Aurora implementation
SELECT md5(country) FROM events
-- split_part, md5, ascii/chr, concat_ws are validated but have no Aurora implementation
SELECT ascii(country), chr(65 + score % 26 + 26) FROM events WHERE score IS NOT NULL
-- split_part, md5, ascii/chr, concat_ws are validated but have no Aurora implementation
SELECT concat(country, '-', event_type), concat_ws('/', country, event_type) FROM events
-- interval literals with several fields ('1 day 2 hours') do not parse in Calcite
SELECT ts + INTERVAL '1 day 2 hours' FROM events
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT day + 7, day - 30 FROM events
-- date +/- interval is a DATE in Aurora (Calcite) and a timestamp in PostgreSQL
SELECT day + INTERVAL '1' DAY, day - INTERVAL '1' MONTH FROM events
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT day - DATE '2025-01-01' FROM events
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT count(*) FROM events WHERE day - 3 > DATE '2025-01-15'
-- date +/- interval is a DATE in Aurora (Calcite) and a timestamp in PostgreSQL
SELECT DATE '2024-01-31' + INTERVAL '1' MONTH, DATE '2024-03-31' - INTERVAL '1' MONTH FROM one_row
-- boolean to integer casts are rejected by Calcite's validator; PostgreSQL allows them
SELECT CAST(flag AS INTEGER) FROM events
-- trunc(numeric[, digits]) does not exist in Aurora's operator table
SELECT trunc(revenue), trunc(revenue, 1) FROM events
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT count(*) FROM events e JOIN users u ON e.day = u.signup + 5000
-- percentile_cont over an integer column returns an integer; PostgreSQL returns double precision
SELECT country, percentile_cont(0.25) WITHIN GROUP (ORDER BY score), percentile_cont(0.75) WITHIN GROUP (ORDER BY score) FROM events GROUP BY country
-- constant CAST of a string to TIMESTAMP truncates to milliseconds
SELECT CAST('2024-02-29' AS DATE), CAST('2024-02-29 23:59:59.123456' AS TIMESTAMP) FROM one_row
-- constant CAST(boolean AS VARCHAR) gives 'TRUE'; PostgreSQL gives 'true'
SELECT CAST(true AS VARCHAR), CAST(42 AS VARCHAR), CAST(DATE '2025-01-01' AS VARCHAR) FROM one_row
-- TIMESTAMP literals lose their fractional seconds
SELECT CAST(TIMESTAMP '2025-01-01 10:11:12' AS VARCHAR), CAST(TIMESTAMP '2025-01-01 10:11:12.5' AS VARCHAR) FROM one_row
-- constant CAST(decimal AS VARCHAR) drops the leading zero ('-.05')
SELECT CAST(12.50 AS VARCHAR), CAST(-0.05 AS VARCHAR) FROM one_row
-- GROUPS frames do not parse: Calcite's parser has no GROUPS frame unit
SELECT user_id, age, sum(age) OVER (ORDER BY user_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM users
-- ntile, percent_rank and cume_dist without ORDER BY: Calcite's validator requires ORDER BY for ranking functions, PostgreSQL does not
SELECT x, ntile(5) OVER (), percent_rank() OVER (), cume_dist() OVER () FROM one_row
