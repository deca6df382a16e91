CREATE FULLTEXT INDEX `account_bio_idx` ON `account`(`bio`);

CREATE TABLE `comment` (
    `id` INT NOT NULL AUTO_INCREMENT,
    `post_id` BIGINT UNSIGNED NOT NULL,
    `parent_id` INT NULL,
    `author_id` INT NULL,
    `token` VARCHAR(36) NOT NULL DEFAULT (UUID()),
    `kind` ENUM('text', 'image') NOT NULL DEFAULT 'text',
    `rating` SMALLINT NOT NULL DEFAULT 3 CHECK (`rating` > 0),
    `stamp` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`id`),
    FOREIGN KEY (`parent_id`) REFERENCES `comment`(`id`) ON DELETE SET NULL,
    INDEX `comment_post_id_idx` (`post_id`)
);

ALTER TABLE `comment` ADD FOREIGN KEY (`post_id`) REFERENCES `post`(`id`);
ALTER TABLE `comment` ADD CONSTRAINT `comment_author_fkey` FOREIGN KEY (`author_id`) REFERENCES `account`(`id`);
ALTER TABLE `comment` ADD COLUMN `slug` VARCHAR(40) NULL UNIQUE;
ALTER TABLE `comment` DROP FOREIGN KEY `comment_author_fkey`;
CREATE INDEX `comment_author_id_rating_idx` ON `comment`(`author_id`, `rating`);
ALTER TABLE `account` ADD COLUMN `level` INT NOT NULL DEFAULT 1, ADD CONSTRAINT `account_level_range` CHECK (`level` BETWEEN 1 AND 10);
