-- Trigram indexes make the admins' substring search of users fast (db/schema/users.ts). pg_trgm is a
-- trusted extension (PostgreSQL 13+): the database's owner may create it without being a superuser.
-- PGlite ships it and loads it in the client's constructor (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
