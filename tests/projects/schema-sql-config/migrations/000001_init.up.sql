CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    owner text NOT NULL,
    balance numeric(12, 2) NOT NULL DEFAULT 0,
    note varchar(200) NOT NULL
);
