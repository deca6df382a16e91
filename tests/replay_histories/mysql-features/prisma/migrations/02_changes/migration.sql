ALTER TABLE `account` ADD COLUMN `phone` VARCHAR(20) NULL AFTER `email`, MODIFY `bio` VARCHAR(500) NULL DEFAULT '';
ALTER TABLE `account` RENAME COLUMN `nickname` TO `handle`;
ALTER TABLE `account` CHANGE `price` `unit_price` DECIMAL(8,3) NULL;
ALTER TABLE `account` ALTER COLUMN `ratio` SET DEFAULT 1.25;
ALTER TABLE `account` ALTER `code` DROP DEFAULT;
CREATE INDEX `account_created_at_idx` ON `account`(`created_at` DESC);
ALTER TABLE `account` ADD INDEX `account_status_balance_idx` (`status`, `balance`);
ALTER TABLE `account` RENAME INDEX `account_status_balance_idx` TO `account_status_idx`;
ALTER TABLE `post` DROP INDEX `title`;
ALTER TABLE `post` ADD UNIQUE INDEX `post_account_id_title_key`(`account_id`, `title`);
ALTER TABLE `post` ADD CONSTRAINT `post_score_positive` CHECK (`score` >= 0);

CREATE TABLE `tag` (
    `id` INT AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY (`name`)
);

CREATE TABLE `post_tag` (
    `post_id` BIGINT UNSIGNED NOT NULL,
    `tag_id` INT NOT NULL,
    PRIMARY KEY (`post_id`, `tag_id`),
    CONSTRAINT `post_tag_post_fk` FOREIGN KEY (`post_id`) REFERENCES `post` (`id`) ON DELETE CASCADE,
    FOREIGN KEY (`tag_id`) REFERENCES `tag`(`id`) ON DELETE RESTRICT ON UPDATE NO ACTION
);

RENAME TABLE `tag` TO `label`;
ALTER TABLE `account` DROP COLUMN `yr`;
ALTER TABLE `account` MODIFY `status` ENUM('active', 'disabled', 'it''s', 'banned') NOT NULL DEFAULT 'active';
ALTER TABLE `post` DROP FOREIGN KEY `post_account_id_fkey`;
ALTER TABLE `post` ADD CONSTRAINT `post_account_fk` FOREIGN KEY (`account_id`) REFERENCES `account`(`id`) ON DELETE RESTRICT;
