CREATE INDEX orders_tags_idx ON "Orders" USING gin (tags);
CREATE INDEX orders_open_idx ON "Orders" (customer_id) WHERE status = 'pending';
CREATE UNIQUE INDEX customers_lower_email_idx ON customers (lower(email));
CREATE VIEW open_orders AS SELECT id, customer_id FROM "Orders" WHERE status = 'pending';
