-- Differential queries: each line runs on Aurora and on DuckDB over TestingData; results must match.
-- "ordered:" compares rows in order (the ORDER BY must determine it fully); otherwise as multisets.
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
