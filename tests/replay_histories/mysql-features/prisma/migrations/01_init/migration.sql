-- A MySQL history written for the differential test: the forms MySQL
-- migration tools generate, and the ones people write by hand.

-- CreateTable
CREATE TABLE `account` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(191) NOT NULL,
    `nickname` VARCHAR(50) NULL UNIQUE,
    `status` ENUM('active', 'disabled', 'it''s') NOT NULL DEFAULT 'active',
    `balance` DECIMAL(12, 2) NOT NULL DEFAULT 0,
    `ratio` DOUBLE NOT NULL DEFAULT 0.5,
    `flags` TINYINT UNSIGNED NOT NULL DEFAULT 0,
    `is_admin` BOOLEAN NOT NULL DEFAULT false,
    `settings` JSON NULL,
    `bio` TEXT NULL,
    `created_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updated_at` DATETIME(3) NOT NULL,
    `seen_at` TIMESTAMP(0) NULL DEFAULT CURRENT_TIMESTAMP(0) ON UPDATE CURRENT_TIMESTAMP(0),
    `birthday` DATE NULL,
    `code` CHAR(8) NOT NULL DEFAULT 'AB',
    `big` BIGINT NOT NULL DEFAULT -1,
    `avatar` LONGBLOB NULL,
    `yr` YEAR NULL,
    `price` FLOAT NULL,
    `note` VARCHAR(20) NULL DEFAULT NULL,

    UNIQUE INDEX `account_email_key`(`email`),
    UNIQUE (`code`, `big`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `post` (
    `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    `account_id` INTEGER NOT NULL,
    `title` VARCHAR(200) NOT NULL,
    `body` MEDIUMTEXT NOT NULL,
    `score` INT NOT NULL DEFAULT 0,
    `published` TINYINT(1) NOT NULL DEFAULT 1,
    INDEX (`title`),
    FULLTEXT INDEX `post_body_idx`(`body`),
    CONSTRAINT `post_title_len` CHECK (CHAR_LENGTH(`title`) > 0)
) ENGINE=InnoDB;

-- AddForeignKey
ALTER TABLE `post` ADD CONSTRAINT `post_account_id_fkey` FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
