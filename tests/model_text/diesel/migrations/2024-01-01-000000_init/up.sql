CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    nickname VARCHAR(40),
    score BIGINT NOT NULL DEFAULT 0,
    seen_at TIMESTAMPTZ,
    tags TEXT[]
);
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL DEFAULT now(),
    payload JSONB
);
