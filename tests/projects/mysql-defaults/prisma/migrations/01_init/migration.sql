-- Defaults as a server prints them back (MariaDB 10.11 `SHOW CREATE TABLE`,
-- MySQL 8 quotes numbers): the same values as the model's.
CREATE TABLE `account` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `balance` DECIMAL(10, 2) NOT NULL DEFAULT 0.00,
    `ratio` DOUBLE NOT NULL DEFAULT 0.50,
    `active` BOOLEAN NOT NULL DEFAULT 0,
    `count` INTEGER NOT NULL DEFAULT '1',
    `seen` DATETIME(0) NOT NULL DEFAULT current_timestamp(),
    `fee` DECIMAL(10, 2) NOT NULL DEFAULT 1.05,
    `code` VARCHAR(10) NOT NULL DEFAULT '0.0',

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
