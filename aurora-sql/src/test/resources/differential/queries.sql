-- Differential queries: each line runs on Aurora and on DuckDB over TestingData; results must match.
-- "ordered:" compares rows in order (the ORDER BY must determine it fully); otherwise as multisets.
-- Queries Aurora cannot run yet live in known-failing.sql with their reasons; PostgreSQL-vs-DuckDB
-- differences (integer division, float text, date_trunc('century'), upper('ß')) are left out.
-- Basic projections and counts
SELECT count(*) FROM events
SELECT count(*) FROM users
SELECT count(*) FROM empty_events
SELECT count(*) FROM one_row
SELECT * FROM one_row
SELECT x, s FROM one_row WHERE x = 42
SELECT x + 1, x * 2, x - 50, -x FROM one_row
SELECT user_id, event_type, country FROM events
SELECT ts, user_id, revenue, duration, score, flag, day, small, url FROM events
SELECT count(user_id), count(event_type), count(country), count(revenue), count(duration), count(score), count(flag), count(day), count(small) FROM events
SELECT * FROM users
SELECT * FROM empty_events
-- WHERE on every type
SELECT user_id, score FROM events WHERE score > 50
SELECT user_id, score FROM events WHERE score >= 50 AND score < 60
SELECT user_id, score FROM events WHERE score <= -90
SELECT user_id, score FROM events WHERE score = 0
SELECT count(*) FROM events WHERE score <> 0
SELECT count(*) FROM events WHERE score BETWEEN -10 AND 10
SELECT count(*) FROM events WHERE score NOT BETWEEN -10 AND 10
SELECT count(*) FROM events WHERE score IN (1, 2, 3, 5, 8, 13)
SELECT count(*) FROM events WHERE score NOT IN (1, 2, 3, 5, 8, 13)
SELECT count(*) FROM events WHERE score IS NULL
SELECT count(*) FROM events WHERE score IS NOT NULL
SELECT count(*) FROM events WHERE user_id = 7
SELECT count(*) FROM events WHERE user_id < 10
SELECT count(*) FROM events WHERE user_id > 400
SELECT count(*) FROM events WHERE user_id IN (0, 1, 2, 499)
SELECT count(*) FROM events WHERE user_id IS NULL
SELECT count(*) FROM events WHERE event_type = 'click'
SELECT count(*) FROM events WHERE event_type <> 'click'
SELECT count(*) FROM events WHERE event_type IN ('click', 'purchase')
SELECT count(*) FROM events WHERE event_type NOT IN ('click', 'purchase')
SELECT count(*) FROM events WHERE event_type IS NULL
SELECT count(*) FROM events WHERE event_type > 'logout'
SELECT count(*) FROM events WHERE event_type < 'purchase' AND event_type >= 'click'
SELECT count(*) FROM events WHERE country = ''
SELECT count(*) FROM events WHERE country = 'Österreich'
SELECT count(*) FROM events WHERE country LIKE 'D%'
SELECT count(*) FROM events WHERE country LIKE '%S%'
SELECT count(*) FROM events WHERE url LIKE 'https://example.com/a/%'
SELECT count(*) FROM events WHERE url LIKE '%/1_'
SELECT count(*) FROM events WHERE url NOT LIKE '%/1%'
SELECT count(*) FROM events WHERE country ILIKE 'de'
SELECT count(*) FROM events WHERE country ILIKE '%s%'
SELECT count(*) FROM events WHERE revenue > 100.50
SELECT count(*) FROM events WHERE revenue = 0
SELECT count(*) FROM events WHERE revenue < -100
SELECT count(*) FROM events WHERE revenue BETWEEN 0 AND 10
SELECT count(*) FROM events WHERE duration > 500.0
SELECT count(*) FROM events WHERE duration <= 1.5
SELECT count(*) FROM events WHERE duration IS NULL
SELECT count(*) FROM events WHERE flag
SELECT count(*) FROM events WHERE NOT flag
SELECT count(*) FROM events WHERE flag IS NULL
SELECT count(*) FROM events WHERE flag = true AND score > 0
SELECT count(*) FROM events WHERE flag IS NOT TRUE
SELECT count(*) FROM events WHERE flag IS NOT FALSE
SELECT count(*) FROM events WHERE day = DATE '2025-01-10'
SELECT count(*) FROM events WHERE day > DATE '2025-01-20'
SELECT count(*) FROM events WHERE day BETWEEN DATE '2025-01-05' AND DATE '2025-01-07'
SELECT count(*) FROM events WHERE ts >= TIMESTAMP '2025-01-03 00:00:00'
SELECT count(*) FROM events WHERE ts < TIMESTAMP '2025-01-02 12:00:00'
SELECT count(*) FROM events WHERE ts BETWEEN TIMESTAMP '2025-01-04 00:00:00' AND TIMESTAMP '2025-01-05 23:59:59'
SELECT count(*) FROM events WHERE small > 50
SELECT count(*) FROM events WHERE small = -10
SELECT count(*) FROM events WHERE score > 0 OR user_id < 5
SELECT count(*) FROM events WHERE (score > 0 OR flag) AND country <> 'US'
SELECT count(*) FROM events WHERE NOT (score > 0 AND flag)
SELECT count(*) FROM events WHERE score > small
SELECT count(*) FROM events WHERE score + small > 20
SELECT count(*) FROM events WHERE user_id * 2 = score
SELECT count(*) FROM events WHERE coalesce(score, 0) = 0
SELECT count(*) FROM events WHERE nullif(score, 0) IS NULL
-- Arithmetic and expressions
SELECT score + 1, score - 1, score * 3, score % 7, -score FROM events
SELECT user_id + score, user_id * small, user_id - small FROM events
SELECT revenue + 1, revenue * 2, revenue - revenue, -revenue FROM events
SELECT duration + 1.5, duration * 2, duration / 4, duration - score FROM events
SELECT abs(score), abs(revenue), abs(duration) FROM events
SELECT score % 3, small % 4, user_id % 10 FROM events
SELECT CASE WHEN score > 0 THEN 'positive' WHEN score < 0 THEN 'negative' ELSE 'zero or null' END FROM events
SELECT CASE event_type WHEN 'click' THEN 1 WHEN 'view' THEN 2 END FROM events
SELECT CASE WHEN score IS NULL THEN -1 ELSE score END FROM events
SELECT CASE WHEN score <> 0 THEN CAST(1000 AS DOUBLE) / score ELSE 0 END FROM events WHERE score IS NOT NULL AND score BETWEEN -5 AND 5
SELECT coalesce(event_type, country, 'none') FROM events
SELECT coalesce(score, small, -1) FROM events
SELECT nullif(event_type, 'click') FROM events
SELECT nullif(score, 0) FROM events
SELECT CAST(score AS BIGINT), CAST(score AS DOUBLE), CAST(small AS INTEGER) FROM events
SELECT CAST(score AS VARCHAR), CAST(user_id AS VARCHAR) FROM events
SELECT CAST(revenue AS DOUBLE) FROM events
SELECT CAST(day AS TIMESTAMP) FROM events
SELECT CAST(ts AS DATE) FROM events
SELECT score::bigint, user_id::varchar FROM events
SELECT CAST('123' AS INTEGER) + x, CAST('2.5' AS DOUBLE) * x FROM one_row
SELECT event_type || '-' || country FROM events
SELECT 'x' || score FROM events
SELECT length(url), length(country), char_length(event_type) FROM events
SELECT upper(country), lower(event_type) FROM events
SELECT substring(url from 21 for 3), substring(event_type from 2) FROM events
SELECT substr(url, 20, 5) FROM events
SELECT position('/' in substring(url from 21)) FROM events
SELECT strpos(url, 'example'), strpos(country, 'E') FROM events
SELECT trim(both ' ' from '  ' || event_type || '  '), ltrim('  a'), rtrim('b  ') FROM events
SELECT replace(url, 'example', 'sample') FROM events
SELECT left(url, 10), right(url, 3) FROM events
SELECT regexp_replace(url, '[0-9]+', 'N') FROM events
SELECT url FROM events WHERE starts_with(url, 'https://example.com/z')
SELECT repeat(event_type, 2) FROM events
-- Date and time functions
SELECT date_trunc('day', ts), count(*) FROM events GROUP BY 1
SELECT date_trunc('hour', ts) FROM events
SELECT date_trunc('month', ts), date_trunc('year', ts) FROM events
SELECT extract(year from ts), extract(month from ts), extract(day from ts) FROM events
SELECT extract(hour from ts), extract(minute from ts) FROM events
SELECT extract(year from day), extract(month from day), extract(day from day) FROM events
SELECT extract(dow from ts), extract(doy from ts) FROM events
SELECT ts + INTERVAL '1' DAY, ts - INTERVAL '2' HOUR FROM events
SELECT CAST(day AS TIMESTAMP) + INTERVAL '3' DAY FROM events
SELECT ts + INTERVAL '1' MONTH FROM events
SELECT count(*) FROM events WHERE ts > TIMESTAMP '2025-01-05 00:00:00' - INTERVAL '1' DAY
-- Aggregation
SELECT sum(score), min(score), max(score), avg(score) FROM events
SELECT sum(revenue), min(revenue), max(revenue), avg(revenue) FROM events
SELECT sum(duration), min(duration), max(duration), avg(duration) FROM events
SELECT sum(user_id), min(user_id), max(user_id) FROM events
SELECT sum(small), min(small), max(small), avg(small) FROM events
-- Sums of shifted integers (rewritten into sum(x) + k * count(x)) and scans that read no column
SELECT sum(score), sum(score + 1), sum(score + 2), sum(3 + score), sum(score - 4) FROM events
SELECT country, sum(small + 1), sum(small + 1000), sum(small - 7), count(*) FROM events GROUP BY country
SELECT sum(user_id + 1), sum(user_id + 2), sum(score * 2 + 5), sum(score * 2 + 6) FROM events WHERE flag
SELECT sum(score + 1), sum(score + 2) FROM empty_events
SELECT sum(score + 1), sum(score + 2) FROM events WHERE score IS NULL
SELECT event_type, sum(score + 1) AS a, sum(score + 2) AS b FROM events GROUP BY event_type HAVING sum(score + 2) > 0
SELECT count(*) FROM events WHERE score > 10
SELECT count(*), count(*) + 1 FROM events WHERE country = 'DE'
SELECT 1 FROM one_row
SELECT 7 FROM events WHERE user_id = 7
-- Keys that are functions of other keys (grouped by the plain key alone) and single DISTINCT aggregates (nested aggregations)
SELECT score, score - 1, score * 2 + 3, count(*) FROM events GROUP BY score, score - 1, score * 2 + 3
SELECT country, upper(country), event_type, count(*), sum(small) FROM events GROUP BY country, upper(country), event_type
SELECT user_id % 5, user_id, count(*) FROM events GROUP BY user_id % 5, user_id
SELECT count(DISTINCT country) FROM events
SELECT count(DISTINCT score), count(*), sum(small), min(user_id), max(score) FROM events
SELECT event_type, count(DISTINCT user_id), count(*), sum(score) FROM events GROUP BY event_type
SELECT country, count(DISTINCT score) FROM events WHERE flag GROUP BY country
SELECT count(DISTINCT score) FROM empty_events
SELECT event_type, sum(DISTINCT small), count(DISTINCT small) FROM events GROUP BY event_type
SELECT min(event_type), max(event_type), min(country), max(country) FROM events
SELECT min(day), max(day), min(ts), max(ts) FROM events
SELECT min(flag), max(flag) FROM events
SELECT count(*), sum(score), avg(duration) FROM empty_events
SELECT count(*), sum(x), min(s) FROM one_row
SELECT count(DISTINCT event_type), count(DISTINCT country), count(DISTINCT user_id) FROM events
SELECT count(DISTINCT score) FROM events
SELECT sum(DISTINCT score) FROM events
SELECT event_type, count(*) FROM events GROUP BY event_type
SELECT country, count(*), sum(revenue) FROM events GROUP BY country
SELECT user_id, count(*), sum(score), min(duration), max(ts) FROM events GROUP BY user_id
SELECT event_type, country, count(*) FROM events GROUP BY event_type, country
SELECT event_type, country, flag, count(*), avg(score) FROM events GROUP BY event_type, country, flag
SELECT flag, count(*) FROM events GROUP BY flag
SELECT day, count(*), count(DISTINCT user_id) FROM events GROUP BY day
SELECT small, sum(score) FROM events GROUP BY small
SELECT revenue, count(*) FROM events GROUP BY revenue
SELECT duration, count(*) FROM events GROUP BY duration
SELECT url, count(*) FROM events GROUP BY url
SELECT score % 10, count(*) FROM events GROUP BY score % 10
SELECT event_type, count(*) FROM events GROUP BY 1
SELECT upper(event_type), count(*) FROM events GROUP BY upper(event_type)
SELECT CASE WHEN score > 0 THEN 'p' ELSE 'n' END AS sign, count(*) FROM events GROUP BY 1
SELECT event_type, count(*) FROM events GROUP BY event_type HAVING count(*) > 500
SELECT user_id, sum(score) FROM events GROUP BY user_id HAVING sum(score) > 100
SELECT country, avg(duration) FROM events GROUP BY country HAVING avg(duration) > 490 AND count(*) > 10
SELECT event_type, count(*) FROM empty_events GROUP BY event_type
SELECT event_type, sum(revenue) FROM events WHERE score > 1000 GROUP BY event_type
SELECT count(*) FROM (SELECT user_id FROM events GROUP BY user_id) t
SELECT event_type, count(DISTINCT country), sum(DISTINCT small) FROM events GROUP BY event_type
SELECT user_id, min(event_type), max(country) FROM events GROUP BY user_id
SELECT event_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FROM events GROUP BY event_type
SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY score) FROM events
SELECT bool_and(flag), bool_or(flag) FROM events
SELECT event_type, bool_or(flag) FROM events GROUP BY event_type
SELECT DISTINCT event_type FROM events
SELECT DISTINCT event_type, country FROM events
SELECT DISTINCT flag FROM events
SELECT DISTINCT user_id FROM events WHERE score > 90
SELECT count(*) FROM (SELECT DISTINCT country FROM events) t
-- ORDER BY, LIMIT, OFFSET
ordered: SELECT event_type, count(*) AS c FROM events GROUP BY event_type ORDER BY event_type
ordered: SELECT event_type, count(*) AS c FROM events GROUP BY event_type ORDER BY c DESC, event_type
ordered: SELECT country, count(*) FROM events GROUP BY country ORDER BY country NULLS FIRST
ordered: SELECT country, count(*) FROM events GROUP BY country ORDER BY country DESC NULLS LAST
ordered: SELECT country, count(*) FROM events GROUP BY country ORDER BY 1 DESC
ordered: SELECT user_id, count(*) FROM events GROUP BY user_id ORDER BY 2 DESC, 1 LIMIT 10
ordered: SELECT user_id, count(*) FROM events GROUP BY user_id ORDER BY 2 DESC, 1 LIMIT 10 OFFSET 5
ordered: SELECT user_id FROM users ORDER BY user_id LIMIT 5
ordered: SELECT user_id FROM users ORDER BY user_id DESC LIMIT 5 OFFSET 390
ordered: SELECT user_id FROM users ORDER BY user_id OFFSET 395
ordered: SELECT user_id, name FROM users ORDER BY name NULLS FIRST, user_id LIMIT 20
ordered: SELECT ts, user_id FROM events ORDER BY ts, user_id LIMIT 7
ordered: SELECT ts FROM events ORDER BY ts DESC LIMIT 3
ordered: SELECT duration FROM events WHERE duration IS NOT NULL ORDER BY duration LIMIT 5
ordered: SELECT revenue FROM events ORDER BY revenue DESC NULLS LAST LIMIT 5
ordered: SELECT day, count(*) FROM events GROUP BY day ORDER BY day
ordered: SELECT flag, count(*) FROM events GROUP BY flag ORDER BY flag
ordered: SELECT url FROM events WHERE url IS NOT NULL GROUP BY url ORDER BY url LIMIT 10
ordered: SELECT x FROM one_row ORDER BY x LIMIT 0
ordered: SELECT event_type FROM events GROUP BY event_type ORDER BY event_type LIMIT 100
ordered: SELECT score, count(*) FROM events WHERE score IS NOT NULL GROUP BY score ORDER BY score DESC LIMIT 15
ordered: SELECT name, age FROM users WHERE age IS NOT NULL ORDER BY age DESC, name NULLS LAST, user_id LIMIT 10
-- Joins
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id
SELECT u.plan, count(*) FROM events e JOIN users u ON e.user_id = u.user_id GROUP BY u.plan
SELECT e.event_type, u.plan, sum(e.revenue) FROM events e JOIN users u ON e.user_id = u.user_id GROUP BY 1, 2
SELECT count(*) FROM events e LEFT JOIN users u ON e.user_id = u.user_id
SELECT count(*), count(u.user_id) FROM events e LEFT JOIN users u ON e.user_id = u.user_id
SELECT count(*), count(e.user_id) FROM events e RIGHT JOIN users u ON e.user_id = u.user_id
SELECT count(*), count(e.user_id), count(u.user_id) FROM events e FULL JOIN users u ON e.user_id = u.user_id
SELECT u.user_id, u.name FROM users u LEFT JOIN events e ON e.user_id = u.user_id WHERE e.user_id IS NULL
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id AND e.score > u.age
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id WHERE u.age > 50 AND e.flag
SELECT count(*) FROM events e LEFT JOIN users u ON e.user_id = u.user_id AND u.plan = 'pro'
SELECT count(*) FROM events e, users u WHERE e.user_id = u.user_id AND u.plan = 'team'
SELECT count(*) FROM events e JOIN users u ON e.score = u.age
SELECT count(*) FROM events e JOIN users u ON e.small = u.age
SELECT count(*) FROM one_row o JOIN users u ON o.x = u.age
SELECT count(*) FROM one_row o CROSS JOIN users u
SELECT o.x, u.user_id FROM one_row o, users u WHERE u.user_id < 10
SELECT count(*) FROM empty_events e JOIN users u ON e.user_id = u.user_id
SELECT count(*) FROM users u LEFT JOIN empty_events e ON e.user_id = u.user_id
SELECT a.user_id, b.user_id FROM users a JOIN users b ON a.user_id = b.user_id + 2 WHERE a.user_id < 20
SELECT count(*) FROM events a JOIN events b ON a.user_id = b.user_id WHERE a.user_id > 300
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id JOIN one_row o ON u.age = o.x
SELECT u.plan, count(DISTINCT e.event_type) FROM users u JOIN events e ON u.user_id = e.user_id GROUP BY u.plan
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id AND e.country = u.plan
SELECT count(*) FROM users a JOIN users b ON a.name = b.name
SELECT count(*) FROM users a JOIN users b ON a.age < b.age WHERE a.user_id < 40 AND b.user_id < 40
-- Subqueries
SELECT count(*) FROM events WHERE user_id IN (SELECT user_id FROM users WHERE plan = 'pro')
SELECT count(*) FROM events WHERE user_id NOT IN (SELECT user_id FROM users WHERE plan = 'pro')
SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id AND u.age > 40)
SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id)
SELECT count(*) FROM users u WHERE u.user_id IN (SELECT user_id FROM events WHERE event_type = 'purchase')
SELECT user_id, name FROM users WHERE age = (SELECT max(age) FROM users)
SELECT count(*) FROM events WHERE score > (SELECT avg(score) FROM events)
SELECT (SELECT count(*) FROM users), (SELECT max(score) FROM events) FROM one_row
SELECT u.user_id, (SELECT count(*) FROM events e WHERE e.user_id = u.user_id) FROM users u WHERE u.user_id < 30
SELECT count(*) FROM (SELECT user_id, count(*) c FROM events GROUP BY user_id) t WHERE t.c > 20
SELECT plan, avg(cnt) FROM (SELECT u.plan, u.user_id, count(*) cnt FROM users u JOIN events e ON u.user_id = e.user_id GROUP BY u.plan, u.user_id) t GROUP BY plan
-- CTEs and set operations
WITH t AS (SELECT user_id, count(*) c FROM events GROUP BY user_id) SELECT count(*), sum(c) FROM t
WITH a AS (SELECT user_id FROM users WHERE plan = 'pro'), b AS (SELECT user_id FROM events WHERE flag) SELECT count(*) FROM a JOIN b ON a.user_id = b.user_id
SELECT event_type FROM events UNION SELECT plan FROM users
SELECT event_type FROM events WHERE score > 95 UNION ALL SELECT plan FROM users WHERE age > 75
SELECT user_id FROM events INTERSECT SELECT user_id FROM users
SELECT user_id FROM users EXCEPT SELECT user_id FROM events
SELECT x FROM one_row UNION ALL SELECT x FROM one_row
SELECT count(*) FROM (SELECT user_id FROM events UNION ALL SELECT user_id FROM users) t
SELECT 1 UNION SELECT 2 UNION SELECT 1
VALUES (1, 'a'), (2, 'b'), (3, NULL)
SELECT * FROM (VALUES (1, 2.5), (2, NULL)) AS t(a, b)
-- Window functions
SELECT user_id, row_number() OVER (ORDER BY user_id) FROM users
SELECT user_id, plan, row_number() OVER (PARTITION BY plan ORDER BY user_id) FROM users
SELECT user_id, age, rank() OVER (ORDER BY age), dense_rank() OVER (ORDER BY age) FROM users WHERE age IS NOT NULL
SELECT user_id, plan, age, rank() OVER (PARTITION BY plan ORDER BY age DESC) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY user_id) FROM users
SELECT user_id, plan, sum(age) OVER (PARTITION BY plan) FROM users
SELECT user_id, plan, avg(age) OVER (PARTITION BY plan), count(*) OVER (PARTITION BY plan) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY user_id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM users
SELECT user_id, age, min(age) OVER (ORDER BY user_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), max(age) OVER (ORDER BY user_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM users
SELECT user_id, plan, count(age) OVER (PARTITION BY plan ORDER BY user_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY age) FROM users
SELECT event_type, c, rank() OVER (ORDER BY c DESC) FROM (SELECT event_type, count(*) c FROM events GROUP BY event_type) t
-- NULL semantics
SELECT NULL = NULL, NULL <> 1, 1 + NULL FROM one_row
SELECT count(*) FROM events WHERE score = NULL
SELECT count(*) FROM events WHERE score IN (1, NULL)
SELECT count(*) FROM events WHERE score NOT IN (1, NULL)
SELECT count(*) FROM events WHERE NOT (score > 10)
SELECT score > 10 OR flag, score > 10 AND flag FROM events
SELECT flag IS TRUE, flag IS FALSE, flag IS NULL FROM events
SELECT coalesce(NULL, NULL, 3) FROM one_row
SELECT max(score) FROM events WHERE score IS NULL
-- Type edge cases
SELECT 9223372036854775807, -9223372036854775807 FROM one_row
SELECT 2147483647 + 0, CAST(2147483647 AS BIGINT) + 1 FROM one_row
SELECT 1.5 + 2.25, 0.1 + 0.2 FROM one_row
SELECT CAST(0.1 AS DOUBLE) + CAST(0.2 AS DOUBLE) FROM one_row
SELECT '' || s, length(''), upper('é'), lower('ÉA') FROM one_row
SELECT 'Österreich' < 'US', 'a' < 'B', 'abc' = 'abc' FROM one_row
SELECT CAST('2025-03-01' AS DATE), CAST('2025-03-01 10:11:12' AS TIMESTAMP) FROM one_row
SELECT CAST(DATE '2024-02-29' AS TIMESTAMP) + INTERVAL '1' YEAR FROM one_row
SELECT TIMESTAMP '2025-01-31 10:00:00' + INTERVAL '1' MONTH FROM one_row
SELECT -7 % 3, 7 % -3 FROM one_row
SELECT abs(-9223372036854775807) FROM one_row
-- A join condition repeated in every branch of an OR (TPC-H Q19's shape)
SELECT count(*), sum(e.score) FROM events e, users u WHERE (e.user_id = u.user_id AND u.plan = 'pro' AND e.score > 50) OR (e.user_id = u.user_id AND u.plan = 'free' AND e.score < -50) OR (e.user_id = u.user_id AND u.age IS NULL)
-- Edge values table
SELECT * FROM edge_values
SELECT min(big), max(big), min(r), max(r), min(d), max(d), min(dec), max(dec) FROM edge_values
SELECT min(s), max(s), min(b), max(b), min(dt), max(dt), min(t), max(t), min(i), max(i), min(sm), max(sm) FROM edge_values
SELECT count(*), count(big), count(r), count(s), count(dt) FROM edge_values
SELECT id, big - 1, big + 1 FROM edge_values WHERE big < 9223372036854775807 AND big > -9223372036854775807
SELECT id, -big, abs(big) FROM edge_values
SELECT sum(big) FROM edge_values WHERE id IN (1, 2, 3, 7)
SELECT id, i + 1, i - 1 FROM edge_values WHERE i < 2147483647 AND i > -2147483647
SELECT id, CAST(i AS BIGINT) * 2, CAST(sm AS INTEGER) * 1000 FROM edge_values
SELECT sum(i), sum(sm), avg(sm) FROM edge_values
SELECT id, dec + 1, dec - 1, dec * 2, -dec FROM edge_values WHERE abs(dec) < 1000
SELECT id, round(dec, 0), round(dec, 1) FROM edge_values WHERE abs(dec) < 1000
SELECT id, CAST(dec AS INTEGER), CAST(dec AS BIGINT) FROM edge_values WHERE abs(dec) < 1000
SELECT id, CAST(dec AS DOUBLE), CAST(r AS DOUBLE) FROM edge_values
SELECT id, r + 1, r * 2, -r FROM edge_values WHERE abs(r) < 1000
SELECT id, d * 2, d / 2, -d FROM edge_values WHERE abs(d) < 1e300
SELECT id, sqrt(abs(d)), ln(abs(d) + 1), exp(-abs(d)) FROM edge_values WHERE abs(d) < 1000
SELECT id, power(d, 2), sign(d), sign(dec), sign(i) FROM edge_values WHERE abs(d) < 1000
SELECT id, floor(d), ceil(d) FROM edge_values WHERE abs(d) < 1e15
SELECT id, length(s), upper(s), lower(s) FROM edge_values
SELECT id, char_length(s) FROM edge_values
SELECT id, substring(s from 2 for 3), left(s, 2), right(s, 2) FROM edge_values
SELECT id, trim(s), ltrim(s), rtrim(s), '[' || s || ']' FROM edge_values
SELECT id, replace(s, 'a', 'AA'), strpos(s, 'b'), position('c' in s) FROM edge_values
SELECT id, repeat(s, 3) FROM edge_values WHERE length(s) < 50
SELECT id FROM edge_values WHERE s LIKE 'a\%b\_c' ESCAPE '\'
SELECT id FROM edge_values WHERE s LIKE '%\%%' ESCAPE '\'
SELECT id FROM edge_values WHERE s LIKE '%!_%' ESCAPE '!'
SELECT id FROM edge_values WHERE s LIKE 'a_b_c'
SELECT id FROM edge_values WHERE s LIKE '___'
SELECT id FROM edge_values WHERE s LIKE ''
SELECT id FROM edge_values WHERE s LIKE '%'
SELECT id FROM edge_values WHERE s ILIKE 'abc'
SELECT id FROM edge_values WHERE s ILIKE 'är%'
SELECT id FROM edge_values WHERE s LIKE '%it''s'
SELECT id FROM edge_values WHERE s NOT LIKE '%a%'
SELECT id FROM edge_values WHERE s NOT ILIKE '%A%'
SELECT id FROM edge_values WHERE s = ''
SELECT id FROM edge_values WHERE s > 'Z'
SELECT id, s || 'x', 'x' || s FROM edge_values
SELECT id, b, NOT b, b AND true, b OR false FROM edge_values
SELECT id, b IS TRUE, b IS NOT TRUE, b IS UNKNOWN FROM edge_values
SELECT id, extract(year from dt), extract(month from dt), extract(day from dt), extract(dow from dt) FROM edge_values
SELECT id, extract(year from t), extract(hour from t), extract(minute from t) FROM edge_values
SELECT id, CAST(t AS DATE), CAST(dt AS TIMESTAMP) FROM edge_values
SELECT id, date_trunc('month', t), date_trunc('year', t), date_trunc('day', t) FROM edge_values
SELECT id, t + INTERVAL '1' DAY, t - INTERVAL '1' SECOND FROM edge_values WHERE t < TIMESTAMP '2999-01-01 00:00:00'
SELECT id, t + INTERVAL '1' MONTH, t - INTERVAL '1' YEAR FROM edge_values WHERE t < TIMESTAMP '2999-01-01 00:00:00'
SELECT id, CAST(big AS VARCHAR), CAST(i AS VARCHAR), CAST(sm AS VARCHAR) FROM edge_values
SELECT id, CAST(dec AS VARCHAR) FROM edge_values
SELECT id, CAST(b AS VARCHAR), CAST(dt AS VARCHAR) FROM edge_values
SELECT id, CAST(t AS VARCHAR) FROM edge_values
SELECT id, CAST(CAST(big AS VARCHAR) AS BIGINT) = big FROM edge_values
SELECT id, CAST(CAST(dec AS VARCHAR) AS DECIMAL(18, 4)) FROM edge_values
SELECT id, CAST(CAST(dt AS VARCHAR) AS DATE), CAST(CAST(t AS VARCHAR) AS TIMESTAMP) FROM edge_values
SELECT id, CAST(CAST(b AS VARCHAR) AS BOOLEAN) FROM edge_values
SELECT id, CAST(i AS DOUBLE), CAST(i AS REAL), CAST(i AS DECIMAL(12, 2)) FROM edge_values
SELECT id, CAST(sm AS BIGINT), CAST(i AS SMALLINT) FROM edge_values WHERE abs(i) < 1000
SELECT id, CAST(floor(d) AS BIGINT) FROM edge_values WHERE abs(d) < 1e15
SELECT id, CAST(big AS DOUBLE) FROM edge_values
SELECT id, CAST(big AS DECIMAL(18, 0)) FROM edge_values WHERE abs(big) < 1000000000000
SELECT id, coalesce(s, 'null'), coalesce(big, i, sm, -1), coalesce(dt, DATE '2000-01-01') FROM edge_values
SELECT id, nullif(s, ''), nullif(i, 0), nullif(b, false) FROM edge_values
SELECT id, greatest(i, sm), least(i, sm) FROM edge_values
SELECT id, greatest(dt, DATE '2000-01-01'), least(s, 'b') FROM edge_values
SELECT id, CASE WHEN b THEN 'yes' WHEN NOT b THEN 'no' END FROM edge_values
ordered: SELECT id, big FROM edge_values ORDER BY big NULLS FIRST, id
ordered: SELECT id, big FROM edge_values ORDER BY big DESC NULLS LAST, id
ordered: SELECT id, r FROM edge_values ORDER BY r, id
ordered: SELECT id, d FROM edge_values ORDER BY d DESC, id
ordered: SELECT id, dec FROM edge_values ORDER BY dec NULLS FIRST, id
ordered: SELECT id, s FROM edge_values ORDER BY s, id
ordered: SELECT id, s FROM edge_values ORDER BY s DESC NULLS LAST, id
ordered: SELECT id, dt, t FROM edge_values ORDER BY dt, t, id
ordered: SELECT id, b FROM edge_values ORDER BY b NULLS FIRST, id
ordered: SELECT id, sm FROM edge_values ORDER BY sm DESC, id LIMIT 4
SELECT b, count(*), sum(i), min(s), max(dt) FROM edge_values GROUP BY b
SELECT dt, count(*) FROM edge_values GROUP BY dt
SELECT r, count(*) FROM edge_values GROUP BY r
SELECT dec, count(*) FROM edge_values GROUP BY dec
SELECT s, count(*) FROM edge_values GROUP BY s
SELECT a.id, b.id FROM edge_values a JOIN edge_values b ON a.dt = b.dt
SELECT a.id, b.id FROM edge_values a JOIN edge_values b ON a.s = lower(b.s) WHERE a.id <> b.id
-- Special doubles
SELECT * FROM special_doubles
SELECT count(*) FROM special_doubles WHERE v > 0
SELECT count(*) FROM special_doubles WHERE v < 0
SELECT count(*) FROM special_doubles WHERE v = 0
SELECT id FROM special_doubles WHERE v = CAST('NaN' AS DOUBLE)
SELECT id FROM special_doubles WHERE v <> CAST('NaN' AS DOUBLE)
SELECT id FROM special_doubles WHERE v = CAST('Infinity' AS DOUBLE)
SELECT min(v), max(v), count(v) FROM special_doubles
SELECT min(v), max(v) FROM special_doubles WHERE id <> 1 AND id <> 8
SELECT v, count(*) FROM special_doubles GROUP BY v
SELECT count(DISTINCT v) FROM special_doubles
ordered: SELECT id, v FROM special_doubles ORDER BY v, id
ordered: SELECT id, v FROM special_doubles ORDER BY v DESC, id
ordered: SELECT id, v FROM special_doubles ORDER BY v NULLS FIRST, id
SELECT id, v * 2, v + 1, -v, abs(v) FROM special_doubles
SELECT a.id, b.id FROM special_doubles a JOIN special_doubles b ON a.v = b.v
SELECT id, v FROM special_doubles WHERE v IN (1.5, CAST('Infinity' AS DOUBLE))
SELECT id, CASE WHEN v > 1 THEN 'big' ELSE 'small' END FROM special_doubles
-- Subqueries: IN, EXISTS, scalar, correlated
SELECT count(*) FROM events WHERE user_id IN (SELECT user_id FROM users WHERE age IS NULL)
SELECT count(*) FROM events WHERE user_id NOT IN (SELECT user_id FROM users WHERE age > 30)
SELECT count(*) FROM events WHERE user_id NOT IN (SELECT user_id FROM events WHERE score > 99)
SELECT count(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM events)
SELECT count(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM events WHERE user_id IS NOT NULL)
SELECT count(*) FROM users WHERE user_id IN (SELECT user_id FROM empty_events)
SELECT count(*) FROM users WHERE user_id NOT IN (SELECT user_id FROM empty_events)
SELECT count(*) FROM users WHERE age IN (SELECT score FROM events WHERE event_type = 'signup')
SELECT count(*) FROM users WHERE (user_id, age) IN (SELECT user_id, score FROM events)
SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id AND u.plan = e.event_type)
SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id AND e.revenue > 700)
SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id AND e.flag)
SELECT count(*) FROM users WHERE EXISTS (SELECT 1 FROM empty_events)
SELECT count(*) FROM users WHERE NOT EXISTS (SELECT 1 FROM empty_events)
SELECT count(*) FROM users WHERE EXISTS (SELECT 1 FROM one_row WHERE x > 40)
SELECT count(*) FROM events e WHERE EXISTS (SELECT 1 FROM events e2 WHERE e2.user_id = e.user_id AND e2.score <> e.score)
SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM events e2 WHERE e2.user_id = e.user_id AND e2.score > e.score)
SELECT e.user_id, count(*) FROM events e WHERE EXISTS (SELECT * FROM users u WHERE u.user_id = e.user_id) AND NOT EXISTS (SELECT u.age FROM users u WHERE u.user_id = e.user_id AND u.age < e.score) GROUP BY e.user_id
SELECT count(*) FROM events e WHERE e.score > 90 OR EXISTS (SELECT 1 FROM users u WHERE u.user_id = e.user_id AND u.age > 60)
SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM one_row o WHERE o.x > u.age)
SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM one_row o WHERE o.x > u.age)
SELECT count(*) FROM users u WHERE EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id AND e.score IN (SELECT age FROM users))
SELECT count(*) FROM users u WHERE u.age > 20 AND EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id AND EXISTS (SELECT 1 FROM one_row o WHERE o.x < e.score))
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id WHERE (e.score > 50 AND u.age < 30) OR (e.score < -50 AND u.plan = 'team')
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id WHERE (e.score > 50 AND u.age < 30) OR u.age > 60
SELECT e.country, count(*) FROM events e JOIN users u ON e.user_id = u.user_id WHERE (e.country = 'DE' AND u.age IS NULL) OR (e.country IS NULL AND u.plan = 'free') OR (e.score = 0 AND u.age > 50) GROUP BY e.country
SELECT u.user_id, (SELECT max(e.score) FROM events e WHERE e.user_id = u.user_id) FROM users u
SELECT u.user_id, (SELECT sum(e.revenue) FROM events e WHERE e.user_id = u.user_id AND e.flag) FROM users u WHERE u.user_id < 100
SELECT u.user_id, u.age FROM users u WHERE u.age > (SELECT avg(u2.age) FROM users u2 WHERE u2.plan = u.plan)
SELECT e.user_id, e.score FROM events e WHERE e.score = (SELECT max(e2.score) FROM events e2 WHERE e2.user_id = e.user_id) AND e.user_id < 50
SELECT (SELECT count(*) FROM empty_events), (SELECT max(score) FROM empty_events) FROM one_row
SELECT x, (SELECT min(user_id) FROM users WHERE age = o.x) FROM one_row o
SELECT count(*) FROM events WHERE score > ALL (SELECT age FROM users WHERE age IS NOT NULL AND user_id < 20)
SELECT count(*) FROM events WHERE score > ANY (SELECT age FROM users WHERE user_id < 20)
SELECT count(*) FROM events WHERE score = ANY (SELECT age FROM users)
SELECT plan, (SELECT count(*) FROM events) FROM users GROUP BY plan
SELECT count(*) FROM (SELECT * FROM (SELECT user_id, score FROM events WHERE score > 0) a WHERE user_id > 10) b
SELECT t.plan, t.c FROM (SELECT plan, count(*) c FROM users GROUP BY plan) t WHERE t.c = (SELECT max(c) FROM (SELECT count(*) c FROM users GROUP BY plan) s)
SELECT user_id FROM users WHERE user_id IN (SELECT user_id FROM events GROUP BY user_id HAVING count(*) > 30)
SELECT event_type, count(*) FROM events WHERE user_id IN (SELECT user_id FROM users WHERE plan = 'team') GROUP BY event_type
-- CTEs
WITH t AS (SELECT user_id, count(*) c FROM events GROUP BY user_id) SELECT a.user_id, a.c, b.c FROM t a JOIN t b ON a.user_id = b.user_id + 2
WITH t AS (SELECT plan, avg(age) a FROM users GROUP BY plan) SELECT (SELECT max(a) FROM t), (SELECT min(a) FROM t) FROM one_row
WITH a AS (SELECT user_id FROM users WHERE plan = 'pro'), b AS (SELECT user_id FROM users WHERE age > 40), c AS (SELECT user_id FROM a INTERSECT SELECT user_id FROM b) SELECT count(*) FROM c
WITH a AS (SELECT event_type, count(*) c FROM events GROUP BY event_type), b AS (SELECT max(c) m FROM a) SELECT a.event_type FROM a, b WHERE a.c = b.m
WITH e AS (SELECT * FROM events WHERE score > 50), u AS (SELECT * FROM users WHERE plan <> 'free') SELECT u.plan, count(*), sum(e.revenue) FROM e JOIN u ON e.user_id = u.user_id GROUP BY u.plan
WITH x AS (SELECT * FROM empty_events) SELECT count(*), max(score) FROM x
WITH x AS (SELECT * FROM one_row), y AS (SELECT x + 1 AS z FROM x) SELECT x.x, y.z FROM x, y
WITH RECURSIVE_FREE AS (SELECT 1 AS n UNION ALL SELECT 2) SELECT sum(n) FROM RECURSIVE_FREE
-- Set operations
SELECT event_type FROM events EXCEPT SELECT event_type FROM events WHERE score > 0
SELECT score FROM events WHERE score < 0 UNION SELECT age FROM users
SELECT score FROM events WHERE score < -90 UNION ALL SELECT age FROM users WHERE age > 70 UNION ALL SELECT x FROM one_row
SELECT user_id FROM empty_events UNION SELECT user_id FROM users WHERE user_id < 10
SELECT user_id FROM users INTERSECT SELECT user_id FROM empty_events
SELECT user_id FROM users WHERE user_id < 10 EXCEPT SELECT user_id FROM empty_events
SELECT NULL UNION SELECT NULL
SELECT country FROM events UNION SELECT NULL
SELECT country FROM events INTERSECT SELECT country FROM events WHERE country IS NULL
SELECT event_type, country FROM events WHERE score > 90 UNION SELECT event_type, country FROM events WHERE score < -90
SELECT a FROM (SELECT user_id a FROM users UNION ALL SELECT user_id FROM users) t GROUP BY a HAVING count(*) <> 2
ordered: SELECT x FROM (SELECT score x FROM events WHERE score > 95 UNION SELECT age FROM users WHERE age > 75) t ORDER BY x DESC LIMIT 5
ordered: SELECT score FROM events WHERE score > 95 UNION SELECT age FROM users WHERE age > 75 ORDER BY 1
SELECT count(*) FROM (SELECT user_id, event_type FROM events EXCEPT SELECT user_id, plan FROM users) t
SELECT count(*) FROM (SELECT DISTINCT user_id FROM events INTERSECT SELECT user_id FROM users WHERE plan = 'free') t
SELECT user_id FROM events INTERSECT ALL SELECT user_id FROM users
SELECT user_id FROM users EXCEPT ALL SELECT user_id FROM events
SELECT event_type FROM events EXCEPT ALL SELECT event_type FROM events WHERE score > 0
SELECT country FROM events INTERSECT ALL SELECT country FROM events WHERE flag
SELECT country FROM events INTERSECT ALL SELECT country FROM events WHERE country IS NULL OR score > 0
SELECT country FROM events EXCEPT ALL SELECT country FROM events WHERE country IS NULL
SELECT country, event_type FROM events EXCEPT ALL SELECT country, event_type FROM events WHERE score > 50
SELECT country, flag FROM events INTERSECT ALL SELECT country, flag FROM events WHERE user_id < 250
SELECT event_type, day, small FROM events INTERSECT ALL SELECT event_type, day, small FROM events WHERE score < 0
SELECT user_id FROM users INTERSECT ALL SELECT user_id FROM empty_events
SELECT user_id FROM empty_events EXCEPT ALL SELECT user_id FROM users
SELECT user_id FROM users WHERE user_id < 20 EXCEPT ALL SELECT user_id FROM empty_events
SELECT NULL INTERSECT ALL SELECT NULL
SELECT x FROM one_row UNION ALL SELECT x FROM one_row UNION ALL SELECT NULL EXCEPT ALL SELECT x FROM one_row
SELECT event_type FROM events INTERSECT ALL SELECT event_type FROM events WHERE score > 0 INTERSECT ALL SELECT event_type FROM events WHERE flag
SELECT event_type FROM events EXCEPT ALL SELECT event_type FROM events WHERE score > 0 EXCEPT ALL SELECT event_type FROM events WHERE flag
SELECT user_id FROM events INTERSECT ALL SELECT user_id FROM events WHERE score > 0 UNION ALL SELECT user_id FROM users WHERE age > 70
SELECT user_id FROM users UNION SELECT user_id FROM events EXCEPT ALL SELECT user_id FROM events WHERE score > 0
SELECT country FROM events EXCEPT ALL (SELECT country FROM events WHERE score > 0 INTERSECT ALL SELECT country FROM events WHERE flag)
SELECT country FROM events INTERSECT SELECT country FROM events WHERE flag EXCEPT ALL SELECT plan FROM users
SELECT count(*), count(DISTINCT country) FROM (SELECT country FROM events EXCEPT ALL SELECT country FROM events WHERE score > 0) t
ordered: SELECT country, event_type FROM events INTERSECT ALL SELECT country, event_type FROM events WHERE score > 0 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST
ordered: SELECT score FROM events EXCEPT ALL SELECT score FROM events WHERE flag ORDER BY score DESC NULLS LAST LIMIT 7
SELECT user_id, count(*) FROM (SELECT user_id FROM events EXCEPT ALL SELECT user_id FROM events WHERE score > 0) t GROUP BY user_id
-- Window functions over partitions and frames
SELECT user_id, ts, row_number() OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, score, sum(score) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, score, sum(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM events
SELECT user_id, ts, count(*) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM events
SELECT user_id, ts, max(revenue) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM events
SELECT user_id, ts, min(duration) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM events
SELECT user_id, ts, avg(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM events
SELECT url, ts, row_number() OVER (PARTITION BY url ORDER BY ts) FROM events
SELECT url, ts, count(*) OVER (PARTITION BY url) FROM events
SELECT ts, score, sum(score) OVER (ORDER BY ts ROWS BETWEEN 5 PRECEDING AND 5 FOLLOWING) FROM events
SELECT ts, score, rank() OVER (PARTITION BY event_type ORDER BY score DESC) FROM events
SELECT ts, score, dense_rank() OVER (PARTITION BY country ORDER BY score) FROM events
SELECT user_id, plan, row_number() OVER (PARTITION BY plan ORDER BY age DESC NULLS LAST, user_id) FROM users
SELECT user_id, plan, rank() OVER (PARTITION BY plan ORDER BY age NULLS FIRST) FROM users
SELECT user_id, plan, sum(age) OVER (PARTITION BY plan ORDER BY user_id RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM users
SELECT user_id, count(*) OVER (), sum(age) OVER () FROM users
SELECT ts, row_number() OVER (ORDER BY ts) FROM empty_events
SELECT user_id, sum(score) OVER (PARTITION BY user_id) FROM empty_events
SELECT x, row_number() OVER (), rank() OVER (ORDER BY x), sum(x) OVER () FROM one_row
SELECT plan, cnt, rank() OVER (ORDER BY cnt DESC) FROM (SELECT plan, count(*) cnt FROM users GROUP BY plan) t
SELECT event_type, country, count(*), sum(count(*)) OVER (PARTITION BY event_type) FROM events GROUP BY event_type, country
SELECT user_id, rn FROM (SELECT user_id, row_number() OVER (PARTITION BY plan ORDER BY user_id) rn FROM users) t WHERE rn <= 3
ordered: SELECT user_id, age, row_number() OVER (ORDER BY age DESC NULLS LAST, user_id) rn FROM users ORDER BY rn LIMIT 10
SELECT day, count(*), avg(count(*)) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM events WHERE day IS NOT NULL GROUP BY day
SELECT user_id, ts, sum(revenue) OVER w, count(revenue) OVER w FROM events WINDOW w AS (PARTITION BY user_id ORDER BY ts)
-- Window functions of PostgreSQL: lag/lead, value functions, ntile and distributions, RANGE offsets, EXCLUDE
SELECT user_id, ts, lag(score) OVER (PARTITION BY user_id ORDER BY ts), lead(score) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, lag(score, 2, -1) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, first_value(score) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, last_value(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM events
SELECT user_id, age, ntile(4) OVER (ORDER BY user_id) FROM users
SELECT user_id, age, percent_rank() OVER (ORDER BY age), cume_dist() OVER (ORDER BY age) FROM users
SELECT user_id, sum(age) OVER (ORDER BY user_id RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM users
SELECT user_id, ts, lag(revenue) OVER (PARTITION BY user_id ORDER BY ts), lead(duration, 3) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, age, count(*) OVER (ORDER BY age RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING), sum(age) OVER (ORDER BY age DESC RANGE BETWEEN 1 PRECEDING AND 3 FOLLOWING) FROM users
SELECT user_id, age, count(*) OVER (ORDER BY age NULLS FIRST RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING), count(*) OVER (ORDER BY age DESC NULLS LAST RANGE BETWEEN 1 PRECEDING AND UNBOUNDED FOLLOWING) FROM users
SELECT user_id, age, first_value(age) OVER (ORDER BY age), last_value(age) OVER (ORDER BY age), cume_dist() OVER (PARTITION BY plan ORDER BY age), percent_rank() OVER (PARTITION BY plan ORDER BY age DESC) FROM users
SELECT user_id, plan, lag(user_id) OVER (PARTITION BY plan ORDER BY user_id DESC), lead(name, 2, 'none') OVER (PARTITION BY plan ORDER BY user_id DESC) FROM users
SELECT user_id, ts, lag(score, 1, 0) OVER (PARTITION BY ts ORDER BY ts), ntile(3) OVER (PARTITION BY ts ORDER BY user_id), percent_rank() OVER (PARTITION BY ts ORDER BY score), cume_dist() OVER (PARTITION BY ts ORDER BY score) FROM events
SELECT user_id, lag(user_id, 1000) OVER (ORDER BY user_id), lead(user_id, 399, -5) OVER (ORDER BY user_id), lag(user_id, 0) OVER (ORDER BY user_id) FROM users
SELECT user_id, ts, lag(country, 1, 'n/a') OVER (PARTITION BY user_id ORDER BY ts), lead(day, 1, DATE '2000-01-01') OVER (PARTITION BY user_id ORDER BY ts), lag(score, 2, 0) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, lead(score, 1, score) OVER (PARTITION BY user_id ORDER BY ts), lag(revenue, 1, revenue) OVER (PARTITION BY user_id ORDER BY ts) FROM events
SELECT user_id, ts, sum(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), count(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), first_value(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) FROM events
SELECT user_id, signup, count(*) OVER (ORDER BY signup RANGE BETWEEN INTERVAL '30' DAY PRECEDING AND INTERVAL '30' DAY FOLLOWING), avg(age) OVER (ORDER BY signup DESC RANGE BETWEEN INTERVAL '7' DAY PRECEDING AND CURRENT ROW) FROM users
SELECT ts, user_id, count(*) OVER (PARTITION BY user_id ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW), sum(score) OVER (PARTITION BY user_id ORDER BY ts RANGE BETWEEN INTERVAL '12' HOUR PRECEDING AND INTERVAL '12' HOUR FOLLOWING) FROM events
SELECT ts, day, count(*) OVER (ORDER BY day RANGE BETWEEN INTERVAL '36' HOUR PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY day DESC RANGE BETWEEN INTERVAL '2' DAY PRECEDING AND INTERVAL '1' DAY FOLLOWING) FROM events
SELECT ts, revenue, count(*) OVER (ORDER BY revenue RANGE BETWEEN 1.5 PRECEDING AND 0.25 FOLLOWING), sum(revenue) OVER (ORDER BY revenue DESC RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM events
SELECT ts, duration, count(*) OVER (ORDER BY duration RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING), max(duration) OVER (ORDER BY duration DESC RANGE BETWEEN 2.5 PRECEDING AND 1 FOLLOWING) FROM events
SELECT id, v, count(*) OVER (ORDER BY v RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY v DESC RANGE BETWEEN CURRENT ROW AND 1e308 FOLLOWING) FROM special_doubles
SELECT ts, small, count(*) OVER (PARTITION BY event_type ORDER BY small RANGE BETWEEN 3 FOLLOWING AND 10 FOLLOWING), min(score) OVER (PARTITION BY event_type ORDER BY small RANGE BETWEEN UNBOUNDED PRECEDING AND 2 PRECEDING) FROM events
SELECT user_id, age, sum(age) OVER (ORDER BY age RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES), count(*) OVER (ORDER BY age RANGE BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE GROUP) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY user_id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW), first_value(user_id) OVER (ORDER BY user_id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM users
SELECT user_id, plan, ntile(500) OVER (PARTITION BY plan ORDER BY user_id), ntile(7) OVER (PARTITION BY plan ORDER BY user_id DESC) FROM users
SELECT user_id, ts, nth_value(revenue, 2) OVER (PARTITION BY user_id ORDER BY ts), nth_value(country, 3) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM events
SELECT id, dt, t, count(*) OVER (ORDER BY dt RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND INTERVAL '1' DAY FOLLOWING), count(*) OVER (ORDER BY t DESC RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW) FROM edge_values
SELECT user_id, last_value(name) OVER (ORDER BY user_id RANGE BETWEEN CURRENT ROW AND 10 FOLLOWING), nth_value(age, 2) OVER (ORDER BY user_id DESC RANGE BETWEEN 4 PRECEDING AND 4 FOLLOWING) FROM users
SELECT x, lag(x) OVER (), lead(x, 1, -1) OVER (), first_value(x) OVER (), last_value(x) OVER (), nth_value(x, 2) OVER () FROM one_row
SELECT user_id, signup, count(*) OVER (ORDER BY signup RANGE BETWEEN INTERVAL '1' MONTH PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY signup DESC RANGE BETWEEN INTERVAL '2' MONTH PRECEDING AND INTERVAL '1' YEAR FOLLOWING) FROM users
SELECT id, dt, t, count(*) OVER (ORDER BY t RANGE BETWEEN INTERVAL '1' MONTH PRECEDING AND INTERVAL '1' MONTH FOLLOWING), count(*) OVER (ORDER BY dt RANGE BETWEEN INTERVAL '100' YEAR PRECEDING AND CURRENT ROW) FROM edge_values
-- GROUPS frames: offsets count peer groups
SELECT user_id, age, sum(age) OVER (ORDER BY user_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM users
SELECT user_id, age, count(*) OVER (ORDER BY age GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(user_id) OVER (ORDER BY age DESC NULLS LAST GROUPS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM users
SELECT user_id, plan, age, count(*) OVER (PARTITION BY plan ORDER BY age GROUPS 1 PRECEDING), max(user_id) OVER (PARTITION BY plan ORDER BY age GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM users
SELECT user_id, age, count(*) OVER (ORDER BY age GROUPS BETWEEN 2 FOLLOWING AND 3 FOLLOWING), min(user_id) OVER (ORDER BY age GROUPS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY age GROUPS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), count(*) OVER (ORDER BY age GROUPS CURRENT ROW), count(*) OVER (ORDER BY age GROUPS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM users
SELECT user_id, age, sum(age) OVER (ORDER BY age GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE GROUP), first_value(user_id) OVER (ORDER BY age, user_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM users
SELECT ts, event_type, count(*) OVER (PARTITION BY event_type ORDER BY day GROUPS BETWEEN 1 PRECEDING AND 0 FOLLOWING), max(ts) OVER (PARTITION BY event_type ORDER BY day GROUPS BETWEEN 0 PRECEDING AND 5 FOLLOWING) FROM events
SELECT user_id, sum(age) OVER (ORDER BY user_id ROWS BETWEEN 2000000000000000000 PRECEDING AND CURRENT ROW) FROM users
-- COUNT(DISTINCT), percentile_cont and many aggregates with GROUP BY
SELECT user_id, count(DISTINCT event_type), count(DISTINCT country), count(*) FROM events GROUP BY user_id
SELECT day, count(DISTINCT url), count(DISTINCT user_id), count(url) FROM events GROUP BY day
SELECT event_type, country, count(DISTINCT user_id) FROM events GROUP BY event_type, country
SELECT flag, count(DISTINCT score), sum(DISTINCT score), avg(DISTINCT score) FROM events GROUP BY flag
SELECT count(DISTINCT event_type), count(DISTINCT score) FROM empty_events
SELECT event_type, count(DISTINCT user_id) FROM events WHERE score > 80 GROUP BY event_type HAVING count(DISTINCT user_id) > 10
SELECT count(DISTINCT user_id), count(DISTINCT url), count(DISTINCT day), count(DISTINCT revenue), count(DISTINCT duration), count(DISTINCT flag), count(DISTINCT ts) FROM events
SELECT percentile_cont(0) WITHIN GROUP (ORDER BY duration), percentile_cont(1) WITHIN GROUP (ORDER BY duration) FROM events
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY score DESC) FROM events
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FROM empty_events
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM one_row
SELECT user_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FROM events GROUP BY user_id
SELECT event_type, count(*), count(score), sum(score), min(score), max(score), avg(score), sum(revenue), min(revenue), max(revenue), avg(revenue), min(duration), max(duration), sum(duration), min(ts), max(ts), min(day), max(day), min(url), max(url), bool_and(flag), bool_or(flag) FROM events GROUP BY event_type
SELECT count(*) FILTER (WHERE flag), sum(score) FILTER (WHERE score > 0) FROM events
SELECT event_type, count(*) FILTER (WHERE country = 'DE') FROM events GROUP BY event_type
SELECT avg(revenue), sum(revenue) / count(revenue) FROM events
-- PostgreSQL aggregates: stddev/variance, string_agg, percentile_disc, mode, FILTER
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY score) FROM events
SELECT stddev_samp(score), stddev_pop(score), var_samp(duration), var_pop(duration) FROM events
SELECT event_type, stddev(score), variance(score) FROM events GROUP BY event_type
SELECT string_agg(plan, ',' ORDER BY plan) FROM (SELECT DISTINCT plan FROM users) t
SELECT country, percentile_cont(0.25) WITHIN GROUP (ORDER BY score), percentile_cont(0.75) WITHIN GROUP (ORDER BY score) FROM events GROUP BY country
SELECT event_type, percentile_disc(0.3) WITHIN GROUP (ORDER BY url), percentile_disc(0.9) WITHIN GROUP (ORDER BY ts DESC), percentile_disc(0) WITHIN GROUP (ORDER BY day), percentile_disc(1) WITHIN GROUP (ORDER BY revenue) FROM events GROUP BY event_type
SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY score DESC), percentile_cont(0.5) WITHIN GROUP (ORDER BY score) + 1 FROM events
SELECT country, percentile_cont(0.5) WITHIN GROUP (ORDER BY score) AS p FROM events GROUP BY country ORDER BY p
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.1) WITHIN GROUP (ORDER BY dec), percentile_cont(0.5) WITHIN GROUP (ORDER BY i) FROM edge_values
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY s DESC), mode() WITHIN GROUP (ORDER BY dt), percentile_disc(0.25) WITHIN GROUP (ORDER BY t), percentile_disc(0.5) WITHIN GROUP (ORDER BY b) FROM edge_values
SELECT mode() WITHIN GROUP (ORDER BY small), mode() WITHIN GROUP (ORDER BY country) FROM events
SELECT var_samp(big), var_pop(dec), stddev_pop(r), stddev_samp(id) FROM edge_values WHERE id < 4
SELECT stddev_samp(x), stddev_pop(x), var_pop(x), string_agg(s, ','), percentile_disc(0.5) WITHIN GROUP (ORDER BY s), mode() WITHIN GROUP (ORDER BY x) FROM one_row
SELECT stddev_samp(score), var_pop(score), string_agg(url, ','), percentile_disc(0.5) WITHIN GROUP (ORDER BY url), mode() WITHIN GROUP (ORDER BY score) FROM empty_events
SELECT stddev_samp(duration), var_pop(revenue), string_agg(country, ',' ORDER BY ts), percentile_disc(0.5) WITHIN GROUP (ORDER BY day) FROM events WHERE score > 1000
SELECT event_type, stddev_pop(duration), string_agg(country, ',') FROM events WHERE score > 1000 GROUP BY event_type
SELECT user_id, count(*), stddev_samp(score), var_pop(score), string_agg(country, '/' ORDER BY ts) FROM events WHERE user_id > 400 GROUP BY user_id
SELECT user_id % 7, string_agg(url, '|' ORDER BY ts DESC, url) FROM events GROUP BY user_id % 7
SELECT event_type, string_agg(DISTINCT country, ',' ORDER BY country) FROM events GROUP BY event_type
SELECT stddev_samp(DISTINCT score), var_pop(DISTINCT score), sum(score) FROM events
SELECT event_type, stddev_samp(DISTINCT score), count(DISTINCT country) FROM events GROUP BY event_type
SELECT event_type, count(DISTINCT country) FILTER (WHERE flag), sum(DISTINCT score) FILTER (WHERE score > 0), count(DISTINCT day) FROM events GROUP BY event_type
SELECT event_type, count(*) FILTER (WHERE flag), stddev_samp(score) FILTER (WHERE flag), var_pop(duration) FILTER (WHERE country = 'US'), percentile_disc(0.5) WITHIN GROUP (ORDER BY score) FILTER (WHERE country = 'DE'), percentile_cont(0.5) WITHIN GROUP (ORDER BY duration) FILTER (WHERE score > 0), string_agg(country, ',' ORDER BY ts) FILTER (WHERE score > 90), bool_and(flag) FILTER (WHERE score > 50), bool_or(flag) FILTER (WHERE score < -90) FROM events GROUP BY event_type
SELECT country, mode() WITHIN GROUP (ORDER BY small) FILTER (WHERE flag) FROM events GROUP BY country
SELECT string_agg(s, ', ' ORDER BY id DESC) FILTER (WHERE length(s) < 20), count(*) FILTER (WHERE id > 100), stddev_pop(id) FILTER (WHERE id > 100) FROM edge_values
-- GROUPING SETS, ROLLUP and CUBE with grouping()
SELECT event_type, country, count(*), sum(score) FROM events GROUP BY ROLLUP(event_type, country)
SELECT event_type, country, count(*), grouping(event_type), grouping(country), grouping(event_type, country) FROM events GROUP BY CUBE(event_type, country)
SELECT event_type, flag, avg(duration), stddev_samp(score) FROM events GROUP BY GROUPING SETS ((event_type), (flag), ())
SELECT event_type, count(*), sum(score) FROM empty_events GROUP BY ROLLUP(event_type)
SELECT event_type, count(DISTINCT country), string_agg(DISTINCT country, ',' ORDER BY country), percentile_disc(0.5) WITHIN GROUP (ORDER BY score) FROM events GROUP BY ROLLUP(event_type)
SELECT x, ntile(5) OVER (), percent_rank() OVER (), cume_dist() OVER () FROM one_row
SELECT user_id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () FROM users
SELECT plan, rank() OVER (PARTITION BY plan), percent_rank() OVER (PARTITION BY plan), cume_dist() OVER (PARTITION BY plan) FROM users
SELECT n, count(*) FROM (SELECT ntile(7) OVER () AS n FROM events) t GROUP BY n
SELECT count(DISTINCT r), min(r), max(r) FROM (SELECT row_number() OVER () AS r FROM events) t
SELECT plan, n, count(*) FROM (SELECT plan, ntile(3) OVER (PARTITION BY plan) AS n FROM users) t GROUP BY plan, n
SELECT count(*) FROM (SELECT rank() OVER () AS r FROM empty_events) t
SELECT event_type, count(*) FILTER (WHERE flag), sum(score) FILTER (WHERE score > 0) FROM events GROUP BY ROLLUP(event_type)
SELECT day, count(*) FROM events GROUP BY ROLLUP(day) HAVING count(*) > 100
ordered: SELECT event_type, country, count(*) FROM events GROUP BY ROLLUP(event_type, country) ORDER BY grouping(event_type, country), 1, 2
SELECT x, s, count(*), grouping(x, s) FROM one_row GROUP BY CUBE(x, s)
SELECT event_type, bool_and(flag), bool_or(flag) FROM events WHERE score > 95 GROUP BY ROLLUP(event_type)
SELECT u.plan, e.event_type, count(*), avg(e.score) FROM events e JOIN users u ON e.user_id = u.user_id GROUP BY GROUPING SETS ((u.plan), (u.plan, e.event_type))
-- Skewed and high-cardinality GROUP BY
SELECT user_id, count(*), sum(revenue), avg(duration), min(url), max(score) FROM events GROUP BY user_id
SELECT url, count(*), count(DISTINCT user_id), min(ts), max(ts) FROM events GROUP BY url
SELECT ts, count(*), sum(score) FROM events GROUP BY ts
SELECT ts, user_id, count(*) FROM events GROUP BY ts, user_id
SELECT user_id, url, count(*) FROM events GROUP BY user_id, url
SELECT user_id, day, sum(revenue) FROM events GROUP BY user_id, day
SELECT user_id, event_type, count(*) FROM events GROUP BY user_id, event_type HAVING count(*) > 3
SELECT user_id % 7, event_type, count(*), sum(small) FROM events GROUP BY user_id % 7, event_type
SELECT date_trunc('hour', ts), count(*), count(DISTINCT user_id) FROM events GROUP BY 1
SELECT url, flag, count(*) FROM events GROUP BY url, flag
SELECT revenue, duration, count(*) FROM events GROUP BY revenue, duration
SELECT duration, score, small, count(*) FROM events GROUP BY duration, score, small
SELECT count(*) FROM (SELECT url, user_id FROM events GROUP BY url, user_id) t
ordered: SELECT user_id, count(*) c FROM events GROUP BY user_id ORDER BY c DESC, user_id NULLS FIRST LIMIT 20
ordered: SELECT url, count(*) c FROM events GROUP BY url ORDER BY c DESC, url NULLS LAST LIMIT 15
ordered: SELECT ts, score FROM events ORDER BY ts DESC LIMIT 10 OFFSET 100
-- CASE in WHERE, GROUP BY and ORDER BY
SELECT count(*) FROM events WHERE CASE WHEN flag THEN score ELSE -score END > 10
SELECT count(*) FROM events WHERE CASE event_type WHEN 'click' THEN true WHEN 'view' THEN false END
SELECT CASE WHEN revenue > 500 THEN 'high' WHEN revenue > 0 THEN 'low' WHEN revenue IS NULL THEN 'none' ELSE 'neg' END AS b, count(*), sum(revenue) FROM events GROUP BY 1
SELECT CASE WHEN age < 30 THEN 'young' WHEN age < 60 THEN 'mid' ELSE 'old' END, plan, count(*) FROM users GROUP BY CASE WHEN age < 30 THEN 'young' WHEN age < 60 THEN 'mid' ELSE 'old' END, plan
ordered: SELECT user_id, plan FROM users ORDER BY CASE plan WHEN 'team' THEN 0 WHEN 'pro' THEN 1 ELSE 2 END, user_id LIMIT 30
ordered: SELECT event_type, count(*) FROM events GROUP BY event_type ORDER BY CASE WHEN event_type IS NULL THEN 0 ELSE 1 END, event_type
SELECT CASE WHEN score > 0 THEN revenue ELSE 0 END FROM events
SELECT CASE WHEN flag THEN duration END, CASE WHEN NOT flag THEN day END FROM events
SELECT CASE WHEN score IS NULL THEN NULL WHEN score > 0 THEN 1 ELSE 0 END + 1 FROM events
SELECT sum(CASE WHEN event_type = 'click' THEN 1 ELSE 0 END), sum(CASE WHEN event_type = 'view' THEN revenue END) FROM events
-- NULLIF and COALESCE chains
SELECT coalesce(nullif(country, ''), nullif(event_type, 'view'), 'n/a') FROM events
SELECT coalesce(score, small, user_id, 0), coalesce(revenue, CAST(score AS DECIMAL(12, 2)), 0) FROM events
SELECT nullif(nullif(score, 0), 1), nullif(coalesce(score, 0), 0) FROM events
SELECT coalesce(duration, score, 0.5) FROM events
SELECT coalesce(flag, score > 0, false) FROM events
SELECT coalesce(day, CAST(ts AS DATE)), coalesce(url, country, event_type) FROM events
SELECT count(*) FROM events WHERE coalesce(country, 'xx') = coalesce(event_type, 'xx')
SELECT nullif(country, event_type), nullif(day, DATE '2025-01-10') FROM events
SELECT coalesce(NULL, x), nullif(x, 42), nullif(s, 'other') FROM one_row
-- String functions on NULL, empty and non-ASCII strings
SELECT length(NULL), upper(NULL), NULL || 'a', 'a' || NULL FROM one_row
SELECT country, length(country), upper(country), lower(country), country || '!' FROM events GROUP BY country
SELECT substring(country from 1 for 2), left(country, 3), right(country, 3) FROM events
SELECT trim(country), trim(leading 'D' from country), trim(trailing 'E' from country) FROM events
SELECT count(*) FROM events WHERE country LIKE '_'
SELECT count(*) FROM events WHERE country LIKE '__'
SELECT count(*) FROM events WHERE country ILIKE 'ö%'
SELECT count(*) FROM events WHERE country NOT ILIKE '%r%'
SELECT count(*) FROM events WHERE url LIKE 'https://example.com/_/__'
SELECT count(*) FROM events WHERE url ILIKE 'HTTPS://EXAMPLE.COM/Q/%'
SELECT count(*) FROM events WHERE url LIKE '%.com/%/2%5'
SELECT count(*) FROM events WHERE url LIKE '%\_%' ESCAPE '\'
SELECT regexp_replace(country, '[A-Z]', '#', 'g') FROM events
-- Date, time and interval arithmetic
SELECT date_trunc('minute', ts), date_trunc('second', ts) FROM events
SELECT date_trunc('week', ts), date_trunc('quarter', ts) FROM events
SELECT date_trunc('decade', ts) FROM events
SELECT date_trunc('milliseconds', ts), date_trunc('microseconds', ts) FROM events
SELECT extract(second from date_trunc('second', ts)), extract(millisecond from date_trunc('millisecond', ts)) FROM events
SELECT date_trunc('millisecond', ts), date_trunc('Hours', ts), date_trunc('days', ts) FROM events
SELECT CAST(date_trunc('month', e.day) AS DATE), CAST(date_trunc('week', e.day) AS DATE) FROM events e
SELECT extract(quarter from ts), extract(week from ts), extract(isodow from ts) FROM events
SELECT extract(decade from ts), extract(century from ts), extract(millennium from ts) FROM events
SELECT extract(isoyear from day), extract(doy from day), extract(quarter from day), extract(week from day) FROM events
SELECT extract(year from TIMESTAMP '2024-12-30 00:00:00'), extract(isoyear from TIMESTAMP '2024-12-30 00:00:00'), extract(week from DATE '2021-01-01') FROM one_row
SELECT date_part('hour', ts), date_part('day', day) FROM events
SELECT ts + INTERVAL '90' MINUTE, ts - INTERVAL '30' SECOND FROM events
SELECT ts + INTERVAL '2' YEAR, ts - INTERVAL '3' MONTH FROM events
SELECT count(*) FROM events WHERE ts + INTERVAL '12' HOUR < TIMESTAMP '2025-01-05 00:00:00'
SELECT TIMESTAMP '2024-02-29 12:00:00' + INTERVAL '1' YEAR, TIMESTAMP '2024-02-29 12:00:00' - INTERVAL '4' YEAR FROM one_row
SELECT TIMESTAMP '2025-12-31 23:59:59' + INTERVAL '1' SECOND FROM one_row
SELECT count(*) FROM events WHERE CAST(ts AS DATE) = day
SELECT count(*) FROM events WHERE ts >= CAST(day AS TIMESTAMP)
SELECT date_trunc('day', ts) = CAST(CAST(ts AS DATE) AS TIMESTAMP) FROM events
SELECT extract(hour from ts), count(*) FROM events GROUP BY 1
SELECT extract(dow from day), count(*), sum(revenue) FROM events GROUP BY 1
-- Casts between types
SELECT CAST('42' AS INTEGER), CAST('-7' AS BIGINT), CAST('3' AS SMALLINT) FROM one_row
SELECT CAST('1.25' AS DOUBLE), CAST('-0.5' AS REAL), CAST('12.345' AS DECIMAL(10, 3)) FROM one_row
SELECT CAST('true' AS BOOLEAN), CAST('false' AS BOOLEAN) FROM one_row
SELECT CAST(CAST(score AS VARCHAR) AS INTEGER) = score FROM events
SELECT CAST(CAST(revenue AS VARCHAR) AS DECIMAL(12, 2)) FROM events
SELECT CAST(revenue AS VARCHAR) FROM events
SELECT CAST(day AS VARCHAR), CAST(CAST(day AS VARCHAR) AS DATE) FROM events
SELECT CAST(flag AS VARCHAR), CAST(CAST(flag AS VARCHAR) AS BOOLEAN) FROM events
SELECT CAST(CAST(ts AS VARCHAR) AS TIMESTAMP) = ts FROM events
SELECT CAST(CAST(duration AS VARCHAR) AS DOUBLE) FROM events
SELECT CAST(score AS DECIMAL(10, 2)), CAST(small AS DOUBLE), CAST(user_id AS REAL) FROM events
SELECT CAST(revenue AS INTEGER), CAST(revenue AS BIGINT) FROM events
SELECT CAST(revenue AS DECIMAL(14, 4)), CAST(revenue AS DECIMAL(8, 1)) FROM events
SELECT CAST(floor(duration) AS INTEGER), CAST(ceil(duration) AS BIGINT) FROM events
SELECT CAST(score AS SMALLINT), CAST(small AS BIGINT) FROM events
SELECT CAST(score > 0 AS VARCHAR) FROM events
SELECT CAST(' 12 ' AS INTEGER) FROM one_row
SELECT CAST(x AS VARCHAR) || s, CAST(x AS DOUBLE) / 8 FROM one_row
-- Arithmetic edge cases
SELECT 9223372036854775806 + 1, -9223372036854775806 - 1 FROM one_row
SELECT CAST(4611686018427387903 AS BIGINT) * 2 FROM one_row
SELECT sum(CAST(user_id AS BIGINT) * 1000000000000) FROM events
SELECT max(user_id * 10000000000000000) FROM events
SELECT 2147483647 * CAST(2 AS BIGINT), CAST(-2147483648 AS BIGINT) * -1 FROM one_row
SELECT CAST(score AS DOUBLE) / 3, CAST(score AS DECIMAL(10, 2)) / 4 FROM events
SELECT revenue * revenue, revenue * score, revenue + duration FROM events
SELECT revenue / 2, revenue / CAST(4 AS DECIMAL(3, 0)), revenue / 8 FROM events
SELECT revenue / score FROM events WHERE score IN (-4, -2, 1, 2, 4, 5, 8, 10)
SELECT round(revenue, 1), round(revenue, 0), round(revenue, -1) FROM events
SELECT round(CAST(2.5 AS DECIMAL(3, 1))), round(CAST(-2.5 AS DECIMAL(3, 1))), round(CAST(0.125 AS DECIMAL(5, 3)), 2) FROM one_row
SELECT ceil(revenue), floor(revenue), ceil(duration), floor(duration) FROM events
SELECT mod(score, 7), mod(user_id, 3) FROM events
SELECT score % small FROM events WHERE small <> 0
SELECT abs(small), -small, small * small FROM events
SELECT 1e3, 1.5e-3, CAST(1e300 AS DOUBLE) * 10 FROM one_row
SELECT sqrt(CAST(2 AS DOUBLE)), power(CAST(2 AS DOUBLE), 62), exp(CAST(1 AS DOUBLE)), ln(CAST(10 AS DOUBLE)) FROM one_row
SELECT sqrt(duration), ln(duration + 1), log10(duration + 1) FROM events
SELECT duration * duration, duration / (abs(score) + 1) FROM events
SELECT sum(duration * 1000), avg(duration / 1000) FROM events
SELECT user_id * 2 + score * 3 - small, (user_id + score) * (small - 1) FROM events
SELECT score - score, score * 0, score + 0 FROM events
SELECT avg(CAST(score AS DOUBLE)), sum(CAST(score AS BIGINT)), avg(CAST(score AS DECIMAL(10, 2))) FROM events
SELECT sum(revenue * 100), sum(revenue) * 100 FROM events
SELECT min(-score), max(-score), min(abs(revenue)) FROM events
-- NULL semantics
SELECT NULL IS NULL, NULL IS NOT NULL, NOT NULL IS NULL FROM one_row
SELECT CAST(NULL AS INTEGER) + 1, CAST(NULL AS VARCHAR) || 'a', CAST(NULL AS BOOLEAN) AND false FROM one_row
SELECT CAST(NULL AS BOOLEAN) OR true, CAST(NULL AS BOOLEAN) AND true, NOT CAST(NULL AS BOOLEAN) FROM one_row
SELECT count(*) FROM events WHERE score IS DISTINCT FROM small
SELECT count(*) FROM events WHERE score IS NOT DISTINCT FROM small
SELECT count(*) FROM events WHERE flag = NULL OR flag
SELECT count(*) FROM events WHERE NOT (flag AND score > 0)
SELECT count(*) FROM events WHERE score BETWEEN NULL AND 10
SELECT count(*) FROM events WHERE country NOT IN ('DE', NULL)
SELECT count(*) FROM events WHERE country IN ('DE', NULL)
SELECT sum(score), avg(score), min(score), count(score) FROM events WHERE score IS NULL
SELECT count(*), count(x) FROM one_row WHERE x IS NULL
SELECT event_type, count(*), count(event_type) FROM events GROUP BY event_type
SELECT country, event_type, count(*) FROM events WHERE country IS NULL OR event_type IS NULL GROUP BY country, event_type
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id WHERE e.user_id IS NULL
SELECT count(*) FROM events a JOIN events b ON a.country = b.country WHERE a.country IS NULL
SELECT DISTINCT country FROM events WHERE country IS NULL OR country = ''
SELECT max(CASE WHEN false THEN 1 END) FROM events
-- Empty and one-row tables in every construct
SELECT sum(score), min(ts), max(url), avg(revenue), count(DISTINCT user_id), bool_or(flag) FROM empty_events
SELECT event_type, count(*) FROM empty_events GROUP BY event_type HAVING count(*) >= 0
SELECT count(*) FROM empty_events HAVING count(*) = 0
SELECT * FROM empty_events WHERE score > 0
SELECT * FROM empty_events ORDER BY ts LIMIT 5
SELECT DISTINCT country FROM empty_events
SELECT count(*) FROM empty_events a JOIN empty_events b ON a.user_id = b.user_id
SELECT count(*), count(e.user_id) FROM users u LEFT JOIN empty_events e ON u.user_id = e.user_id
SELECT count(*), count(u.user_id) FROM empty_events e RIGHT JOIN users u ON u.user_id = e.user_id
SELECT count(*) FROM empty_events e FULL JOIN one_row o ON e.score = o.x
SELECT count(*) FROM empty_events CROSS JOIN users
SELECT count(*) FROM one_row o LEFT JOIN empty_events e ON o.x = e.score
SELECT o.x, e.score FROM one_row o LEFT JOIN empty_events e ON o.x = e.score
SELECT x, s, count(*) FROM one_row GROUP BY x, s
SELECT x, s FROM one_row WHERE x > 100
SELECT max(x), min(s), avg(x), sum(x), count(DISTINCT s) FROM one_row
SELECT o.x, count(*) FROM one_row o JOIN events e ON e.score = o.x GROUP BY o.x
SELECT a.x, b.x FROM one_row a, one_row b
SELECT count(*) FROM one_row a FULL JOIN one_row b ON a.x = b.x + 1
SELECT x FROM one_row UNION SELECT x FROM one_row
SELECT x FROM one_row INTERSECT SELECT x FROM one_row
SELECT x FROM one_row EXCEPT SELECT x FROM one_row
SELECT x FROM one_row EXCEPT SELECT score FROM empty_events
ordered: SELECT x FROM one_row ORDER BY x LIMIT 1 OFFSET 1
ordered: SELECT x FROM one_row ORDER BY x DESC LIMIT 10
SELECT s, upper(s), length(s), s || s FROM one_row
-- Joins of three to five tables, self joins and joins on expressions
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id JOIN events e2 ON e2.user_id = u.user_id WHERE u.user_id < 20
SELECT u.plan, count(*) FROM events e JOIN users u ON e.user_id = u.user_id JOIN users u2 ON u2.user_id = u.user_id + 2 GROUP BY u.plan
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id JOIN users u2 ON u2.age = u.age AND u2.plan = u.plan JOIN one_row o ON o.x > u2.age WHERE e.score > 90
SELECT u.plan, o.s, count(*) FROM users u JOIN events e ON e.user_id = u.user_id CROSS JOIN one_row o LEFT JOIN empty_events x ON x.user_id = e.user_id GROUP BY u.plan, o.s
SELECT count(*) FROM users a JOIN users b ON a.user_id = b.user_id + 2 JOIN users c ON b.user_id = c.user_id + 2 JOIN users d ON c.user_id = d.user_id + 2 JOIN users f ON d.user_id = f.user_id + 2
SELECT a.user_id, b.user_id, c.user_id FROM users a LEFT JOIN users b ON b.user_id = a.user_id + 1 LEFT JOIN users c ON c.user_id = a.user_id + 2 WHERE a.user_id < 30
SELECT count(*) FROM events e JOIN users u ON e.user_id + 1 = u.user_id + 1
SELECT count(*) FROM events e JOIN users u ON e.user_id * 2 = u.user_id
SELECT count(*) FROM events e JOIN users u ON CAST(e.score AS BIGINT) = u.user_id
SELECT count(*) FROM events e JOIN users u ON lower(e.event_type) = u.plan
SELECT count(*) FROM events e JOIN users u ON CAST(e.ts AS DATE) = e.day AND e.user_id = u.user_id
SELECT count(*) FROM events e JOIN users u ON e.user_id = u.user_id OR e.score = u.age
SELECT count(*) FROM events e LEFT JOIN users u ON e.user_id = u.user_id AND e.score > u.age WHERE u.user_id IS NULL
SELECT count(*) FROM users u LEFT JOIN events e ON e.user_id = u.user_id AND e.revenue > 900
SELECT count(*), count(a.user_id), count(b.user_id) FROM (SELECT DISTINCT user_id FROM events WHERE flag) a FULL JOIN (SELECT user_id FROM users WHERE plan = 'pro') b ON a.user_id = b.user_id
SELECT a.event_type, b.event_type, count(*) FROM events a JOIN events b ON a.user_id = b.user_id AND a.ts < b.ts WHERE a.user_id BETWEEN 100 AND 120 GROUP BY 1, 2
SELECT a.user_id, a.ts, b.ts FROM events a JOIN events b ON a.user_id = b.user_id AND b.ts > a.ts AND b.ts < a.ts + INTERVAL '1' HOUR
SELECT e.url, u.name FROM events e JOIN users u ON e.user_id = u.user_id WHERE e.url LIKE '%/z/%' AND u.name IS NOT NULL
SELECT count(*) FROM users a JOIN users b ON a.signup = b.signup AND a.user_id < b.user_id
-- Join + aggregate + having + order
ordered: SELECT u.plan, count(*) c, sum(e.revenue) r FROM events e JOIN users u ON e.user_id = u.user_id GROUP BY u.plan HAVING count(*) > 100 ORDER BY r DESC
ordered: SELECT u.user_id, count(*) c FROM users u JOIN events e ON e.user_id = u.user_id GROUP BY u.user_id HAVING count(*) >= 20 ORDER BY c DESC, u.user_id
ordered: SELECT e.event_type, u.plan, avg(e.score) a FROM events e JOIN users u ON e.user_id = u.user_id WHERE e.event_type IS NOT NULL GROUP BY e.event_type, u.plan HAVING avg(e.score) IS NOT NULL ORDER BY e.event_type, u.plan
ordered: SELECT u.name, sum(e.revenue) s FROM users u JOIN events e ON e.user_id = u.user_id WHERE u.name IS NOT NULL GROUP BY u.name HAVING sum(e.revenue) > 1000 ORDER BY s DESC, u.name LIMIT 10
ordered: SELECT e.country, count(DISTINCT u.user_id) c FROM events e LEFT JOIN users u ON e.user_id = u.user_id GROUP BY e.country ORDER BY c DESC, e.country NULLS FIRST
ordered: SELECT u.plan, e.day, count(*) FROM users u JOIN events e ON e.user_id = u.user_id WHERE e.day IS NOT NULL GROUP BY u.plan, e.day HAVING count(*) > 20 ORDER BY 1, 2
ordered: SELECT o.x, count(e.score) FROM one_row o LEFT JOIN events e ON e.score = o.x GROUP BY o.x ORDER BY o.x
ordered: SELECT u.plan, max(e.ts) FROM users u LEFT JOIN empty_events e ON e.user_id = u.user_id GROUP BY u.plan ORDER BY u.plan
-- ORDER BY with NULLS FIRST/LAST, LIMIT and OFFSET
ordered: SELECT user_id, age FROM users ORDER BY age NULLS FIRST, user_id LIMIT 15
ordered: SELECT user_id, age FROM users ORDER BY age NULLS LAST, user_id DESC LIMIT 15 OFFSET 360
ordered: SELECT user_id, age FROM users ORDER BY age DESC NULLS FIRST, user_id LIMIT 15
ordered: SELECT user_id, age FROM users ORDER BY age DESC, user_id LIMIT 10
ordered: SELECT user_id, signup FROM users ORDER BY signup DESC NULLS LAST, user_id LIMIT 10
ordered: SELECT user_id, name FROM users ORDER BY name DESC NULLS LAST, user_id LIMIT 10
ordered: SELECT ts, revenue FROM events ORDER BY revenue NULLS FIRST, ts LIMIT 20
ordered: SELECT ts, duration FROM events ORDER BY duration DESC NULLS LAST, ts LIMIT 10 OFFSET 10
ordered: SELECT ts, flag FROM events ORDER BY flag NULLS FIRST, ts DESC LIMIT 10
ordered: SELECT ts, day FROM events ORDER BY day DESC NULLS FIRST, ts LIMIT 10
ordered: SELECT ts, country FROM events ORDER BY country NULLS FIRST, ts LIMIT 10 OFFSET 250
ordered: SELECT ts, small FROM events ORDER BY small, ts LIMIT 5
ordered: SELECT ts, url FROM events ORDER BY url DESC, ts LIMIT 10
ordered: SELECT user_id, score, ts FROM events ORDER BY user_id NULLS FIRST, score DESC NULLS LAST, ts LIMIT 30
ordered: SELECT ts FROM events ORDER BY ts LIMIT 5 OFFSET 5995
ordered: SELECT ts FROM events ORDER BY ts OFFSET 5998
ordered: SELECT user_id, plan FROM users ORDER BY plan, user_id DESC LIMIT 5 OFFSET 130
ordered: SELECT score + small AS v, ts FROM events WHERE score IS NOT NULL AND small IS NOT NULL ORDER BY v DESC, ts LIMIT 10
ordered: SELECT lower(country) AS c, count(*) FROM events GROUP BY lower(country) ORDER BY c NULLS FIRST
ordered: SELECT ts, user_id FROM (SELECT * FROM events ORDER BY ts LIMIT 100) t ORDER BY user_id NULLS LAST, ts LIMIT 10
-- Fixed after being known-failing: BIGINT % INTEGER, non-Latin-1 literals, decimal division, epoch
SELECT extract(epoch from ts) FROM events
SELECT 0.1 * 3, 1.0 / 4, 10.0 / 3 FROM one_row
SELECT revenue / 3, revenue / score FROM events WHERE score <> 0
SELECT id, big % 1000, big % 7 FROM edge_values
SELECT id FROM edge_values WHERE s LIKE '%日本'
-- PostgreSQL's date arithmetic (date ± integer, date - date, date ± interval as a timestamp) and interval text
SELECT id, dt, dt + 1, dt - 1 FROM edge_values WHERE dt < DATE '2999-01-01'
WITH t AS (SELECT day, count(*) c FROM events GROUP BY day) SELECT t1.day, t1.c - t2.c FROM t t1 JOIN t t2 ON t1.day = t2.day + 1
SELECT ts + INTERVAL '1 day 2 hours' FROM events
SELECT day + 7, day - 30 FROM events
SELECT day + INTERVAL '1' DAY, day - INTERVAL '1' MONTH FROM events
SELECT day - DATE '2025-01-01' FROM events
SELECT count(*) FROM events WHERE day - 3 > DATE '2025-01-15'
SELECT DATE '2024-01-31' + INTERVAL '1' MONTH, DATE '2024-03-31' - INTERVAL '1' MONTH FROM one_row
SELECT count(*) FROM events e JOIN users u ON e.day = u.signup + 5000
SELECT 7 + day, day + CAST(small AS INTEGER), day - small FROM events
SELECT day - signup, signup - day FROM events e JOIN users u ON e.user_id = u.user_id
SELECT count(*) FROM events WHERE day >= DATE '2025-01-20' - 3 AND day < DATE '2025-01-20'
SELECT day + INTERVAL '2 days 3 hours', day - INTERVAL '90 minutes' FROM events
SELECT ts + INTERVAL '1 hour', ts - INTERVAL '30 days', ts + INTERVAL '1h30m', ts + INTERVAL '45 seconds' FROM events
SELECT ts + INTERVAL '1 month 2 days', ts - INTERVAL '1 year 1 second', ts + INTERVAL '1.5 years' FROM events
SELECT ts + INTERVAL '-1 week', ts + INTERVAL '2 weeks 3 days', ts + INTERVAL '0.5 seconds', ts - INTERVAL '1 millisecond' FROM events
SELECT ts + CAST('30 minutes' AS INTERVAL) FROM events
SELECT count(*) FROM events WHERE ts > TIMESTAMP '2025-01-20 00:00:00' - INTERVAL '7 days'
SELECT count(*) FROM events WHERE ts BETWEEN TIMESTAMP '2025-01-10 00:00:00' - INTERVAL '12 hours' AND TIMESTAMP '2025-01-10 00:00:00' + INTERVAL '1 day'
SELECT DATE '2024-02-29' + 365, DATE '2024-03-01' - DATE '2023-03-01', DATE '2024-01-01' - 1 FROM one_row
SELECT day, count(*) FROM events WHERE day + 1 > DATE '2025-01-25' GROUP BY day
-- timestamp - timestamp is an interval, shown as PostgreSQL's text
SELECT ts - TIMESTAMP '2025-01-01 00:00:00' FROM events
SELECT TIMESTAMP '2025-02-01 00:00:00' - ts FROM events WHERE ts < TIMESTAMP '2025-01-20 00:00:00'
SELECT user_id, max(ts) - min(ts) FROM events GROUP BY user_id
SELECT max(ts) - min(ts), INTERVAL '1 day 2 hours', INTERVAL '0.5 seconds' FROM events
SELECT INTERVAL '36 hours', INTERVAL '1 day 12 hours', INTERVAL '90 minutes' * 2, INTERVAL '25 hours' + INTERVAL '1 hour', INTERVAL '1.5 days', INTERVAL '48 hours' FROM one_row
SELECT INTERVAL '36' HOUR, INTERVAL '2' DAY, INTERVAL '30 hours' - INTERVAL '31 hours', -INTERVAL '26 hours' FROM one_row
SELECT extract(hour FROM INTERVAL '36 hours'), extract(hour FROM INTERVAL '1 day 12 hours'), extract(day FROM INTERVAL '1 day 12 hours'), extract(minute FROM INTERVAL '90 minutes'), extract(second FROM INTERVAL '90.5 seconds'), extract(hour FROM -INTERVAL '36 hours'), extract(minute FROM INTERVAL '-90 minutes') FROM one_row
SELECT extract(year FROM INTERVAL '14 months'), extract(month FROM INTERVAL '14 months'), extract(day FROM INTERVAL '14 months'), extract(day FROM max(ts) - min(ts)), extract(hour FROM max(ts) - min(ts)) FROM events
SELECT max(ts) - TIMESTAMP '2025-01-01 00:00:00', min(ts) - max(ts) FROM events
SELECT count(*) FROM events WHERE ts - TIMESTAMP '2025-01-01 00:00:00' > INTERVAL '5 days'
-- generate_series over integers and timestamps
SELECT g FROM generate_series(1, 3) g
SELECT * FROM generate_series(TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-01 03:00:00', INTERVAL '1 hour')
SELECT * FROM generate_series(DATE '2026-01-31', DATE '2026-06-01', INTERVAL '1 month')
SELECT * FROM generate_series(TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-01-02 00:00:00', INTERVAL '90 minutes')
SELECT count(*), sum(x), min(x), max(x) FROM generate_series(1, 100000) s(x)
SELECT * FROM generate_series(10, 1, -3)
SELECT * FROM generate_series(5, 1)
SELECT * FROM generate_series(CAST(1 AS BIGINT), 3)
SELECT g, count(e.user_id) FROM generate_series(DATE '2025-01-01', DATE '2025-01-12', INTERVAL '1 day') g LEFT JOIN events e ON e.day = g GROUP BY g
SELECT s.n, u.age FROM generate_series(1, 20) s(n) JOIN users u ON u.user_id = s.n
-- Issue 17 scalar functions and casts as PostgreSQL has them
SELECT CAST(flag AS INTEGER) FROM events
SELECT trunc(revenue), trunc(revenue, 1) FROM events
SELECT CAST('2024-02-29' AS DATE), CAST('2024-02-29 23:59:59.123456' AS TIMESTAMP) FROM one_row
SELECT CAST(true AS VARCHAR), CAST(42 AS VARCHAR), CAST(DATE '2025-01-01' AS VARCHAR) FROM one_row
SELECT CAST(TIMESTAMP '2025-01-01 10:11:12' AS VARCHAR), CAST(TIMESTAMP '2025-01-01 10:11:12.5' AS VARCHAR) FROM one_row
SELECT CAST(12.50 AS VARCHAR), CAST(-0.05 AS VARCHAR) FROM one_row
SELECT id, CAST(b AS INTEGER), CAST(b AS BIGINT), CAST(i AS BOOLEAN) FROM edge_values
SELECT id, trunc(d), trunc(r) FROM edge_values
SELECT id, trunc(dec), trunc(dec, 2), trunc(dec, -1), round(dec, 2) FROM edge_values WHERE abs(dec) < 1000
SELECT trunc(2.5), trunc(-2.5), trunc(12.345, 2), trunc(1234.5, -2), round(10.0, 2), round(-0.125, 2) FROM one_row
SELECT CAST(TIMESTAMP '2025-01-01 10:11:12.123456' AS VARCHAR), CAST(CAST(-1.5 AS DECIMAL(4, 2)) AS VARCHAR), CAST(false AS VARCHAR) FROM one_row
SELECT id, round(dec, 2), round(dec), ceil(dec), floor(dec) FROM edge_values
SELECT id, reverse(s) FROM edge_values WHERE length(s) < 50
SELECT id, lpad(s, 6, '*'), rpad(s, 6, '*') FROM edge_values WHERE length(s) < 50
SELECT reverse(country), strpos(country, 'e'), replace(country, 'e', '') FROM events
SELECT lpad(country, 12, '.'), rpad(country, 12, '.') FROM events
SELECT split_part(url, '/', 4), split_part(url, '/', 5) FROM events
SELECT md5(country) FROM events
SELECT ascii(country), chr(65 + score % 26 + 26) FROM events WHERE score IS NOT NULL
SELECT concat(country, '-', event_type), concat_ws('/', country, event_type) FROM events
SELECT id, reverse(s), reverse(reverse(s)) = s FROM edge_values
SELECT id, lpad(s, 0, 'x'), rpad(s, -3, 'x'), lpad(s, 20, 'äö'), rpad(s, 20, '日'), lpad(s, 2, '*'), rpad(s, 2, '*') FROM edge_values
SELECT id, lpad('', 3, 'ab'), rpad(NULL, 3, 'ab'), lpad(s, NULL, 'x'), lpad(s, 4, NULL) FROM edge_values
SELECT id, split_part(s, ' ', 1), split_part(s, ' ', 2), split_part(s, ' ', 3), split_part(s, ' ', 9) FROM edge_values
SELECT id, split_part(s, ' ', -1), split_part(s, ' ', -2), split_part(s, ' ', -3), split_part(s, ' ', -9), split_part(s, 'über', 2) FROM edge_values
SELECT split_part('a,b,c', ',', -1), split_part('a,b,c', ',', -4), split_part('', ',', 1), split_part('a,,b', ',', 2), split_part('a,b', NULL, 1) FROM one_row
SELECT id, md5(s), md5(CAST(i AS VARCHAR)), ascii(s) FROM edge_values
SELECT chr(65), chr(228), chr(26085), chr(128512), ascii('日本'), ascii(''), md5(''), reverse('') FROM one_row
SELECT id, chr(i) FROM edge_values WHERE i BETWEEN 1 AND 1000
SELECT id, concat_ws(', ', s, id, dt), concat_ws(NULL, s, 'x'), concat_ws('', s, s), concat_ws('-', NULL, NULL) FROM edge_values
SELECT id, concat(s, NULL, i), concat(NULL), concat(s, dt, dec) FROM edge_values
SELECT id, translate(s, 'aäb', 'Xy'), translate(s, '', 'x'), translate(s, 'abc', 'ABCD'), translate(s, '日 ', '月_') FROM edge_values
SELECT id, left(s, -2), right(s, -2), left(s, 0), right(s, 100), repeat(s, 0), repeat(s, -1), starts_with(s, 'Ä'), starts_with(s, '') FROM edge_values WHERE length(s) < 50
SELECT country, split_part(url, '/', -1), lpad(country, 5, '.'), md5(country) FROM events WHERE country IS NULL OR country LIKE '%r%'
SELECT ascii(country), chr(ascii(country)), reverse(country) = country FROM events WHERE country <> ''
SELECT to_timestamp(1700000000.5), to_timestamp(0), to_timestamp(-1.25), to_timestamp(NULL) FROM one_row
SELECT id, to_timestamp(i), to_timestamp(sm) FROM edge_values
