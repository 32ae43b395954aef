-- Queries that fail on Aurora today, each with the reason above it. TestDifferentialQueries checks that each still fails; move a line to queries.sql when fixed.
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
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, ts, lag(score) OVER (PARTITION BY user_id ORDER BY ts), lead(score) OVER (PARTITION BY user_id ORDER BY ts) FROM events
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, ts, lag(score, 2, -1) OVER (PARTITION BY user_id ORDER BY ts) FROM events
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, ts, first_value(score) OVER (PARTITION BY user_id ORDER BY ts) FROM events
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, ts, last_value(score) OVER (PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM events
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, age, ntile(4) OVER (ORDER BY user_id) FROM users
-- window functions lag/lead/first_value/last_value/ntile/percent_rank/cume_dist are not implemented
SELECT user_id, age, percent_rank() OVER (ORDER BY age), cume_dist() OVER (ORDER BY age) FROM users
-- RANGE frames with an offset are not implemented
SELECT user_id, sum(age) OVER (ORDER BY user_id RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) FROM users
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY score) FROM events
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT stddev_samp(score), stddev_pop(score), var_samp(duration), var_pop(duration) FROM events
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT event_type, stddev(score), variance(score) FROM events GROUP BY event_type
-- aggregates percentile_disc, stddev/variance and string_agg are not implemented
SELECT string_agg(plan, ',' ORDER BY plan) FROM (SELECT DISTINCT plan FROM users) t
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
-- date + integer and date - date are PostgreSQL operators Calcite's validator rejects
SELECT count(*) FROM events e JOIN users u ON e.day = u.signup + 5000
-- percentile_cont over an integer column returns an integer; PostgreSQL returns double precision
SELECT country, percentile_cont(0.25) WITHIN GROUP (ORDER BY score), percentile_cont(0.75) WITHIN GROUP (ORDER BY score) FROM events GROUP BY country
