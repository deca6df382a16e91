-- +goose Up
ALTER TABLE users ADD COLUMN phone text;

-- +goose Down
ALTER TABLE users DROP COLUMN phone;
