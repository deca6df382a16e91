-- migrate:up
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name VARCHAR(100) NOT NULL,
    score INTEGER NOT NULL,
    bio TEXT
);

-- migrate:down
DROP TABLE users;
