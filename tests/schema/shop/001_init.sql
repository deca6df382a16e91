CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE order_status AS ENUM ('pending', 'paid');
ALTER TYPE order_status ADD VALUE 'shipped' AFTER 'paid';

CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(320) NOT NULL UNIQUE,
    name text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE "Orders" (
    id serial PRIMARY KEY,
    customer_id bigint REFERENCES customers (id) ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'pending',
    total numeric(10, 2) NOT NULL CHECK (total >= 0),
    currency char(3) NOT NULL DEFAULT E'USD',
    tags text[] NOT NULL DEFAULT '{}'
);
