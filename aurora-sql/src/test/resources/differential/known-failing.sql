-- Queries that fail on Aurora today, each with the reason above it. TestDifferentialQueries checks that each still fails; move a line to queries.sql when fixed.
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT user_id FROM events INTERSECT ALL SELECT user_id FROM users
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT user_id FROM users EXCEPT ALL SELECT user_id FROM events
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT event_type FROM events EXCEPT ALL SELECT event_type FROM events WHERE score > 0
-- INTERSECT ALL / EXCEPT ALL: no Aurora operator for LogicalIntersect/LogicalMinus with ALL
SELECT country FROM events INTERSECT ALL SELECT country FROM events WHERE flag
-- a day-time interval is microseconds only in Aurora, so 36 hours reads as 1 day 12:00:00 (PostgreSQL keeps 36:00:00)
SELECT INTERVAL '36 hours' FROM one_row
-- GROUPS frames do not parse: Calcite's parser has no GROUPS frame unit
SELECT user_id, age, sum(age) OVER (ORDER BY user_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM users
-- ntile, percent_rank and cume_dist without ORDER BY: Calcite's validator requires ORDER BY for ranking functions, PostgreSQL does not
SELECT x, ntile(5) OVER (), percent_rank() OVER (), cume_dist() OVER () FROM one_row
