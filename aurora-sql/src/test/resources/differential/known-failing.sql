-- Queries that fail on Aurora today, each with the reason above it. TestDifferentialQueries checks that each still fails; move a line to queries.sql when fixed.
-- a day-time interval is microseconds only in Aurora, so 36 hours reads as 1 day 12:00:00 (PostgreSQL keeps 36:00:00)
SELECT INTERVAL '36 hours' FROM one_row
-- GROUPS frames do not parse: Calcite's parser has no GROUPS frame unit
SELECT user_id, age, sum(age) OVER (ORDER BY user_id GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM users
