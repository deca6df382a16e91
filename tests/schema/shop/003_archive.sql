CREATE SCHEMA archive;
CREATE TABLE archive.old_orders (id integer PRIMARY KEY, note text);
ALTER TABLE customers ADD COLUMN nickname text;
ALTER TABLE customers ALTER COLUMN name SET NOT NULL;
