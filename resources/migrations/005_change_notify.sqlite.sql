-- Change feed on SQLite: in-process only (services/ChangeFeed.h hears the connection pool's
-- commits), so there is nothing to store or trigger. This version exists so that both databases
-- have the same migration numbers (the PostgreSQL file adds the NOTIFY trigger).
SELECT 1;
