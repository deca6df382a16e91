ALTER TABLE `users` ADD `bio` varchar(500);--> statement-breakpoint
ALTER TABLE `users` MODIFY COLUMN `name` varchar(300) NOT NULL;--> statement-breakpoint
CREATE INDEX `name_idx` ON `users` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `posts_title_author_idx` ON `posts` (`author_id`,`title`);--> statement-breakpoint
ALTER TABLE `posts` DROP FOREIGN KEY `posts_author_id_users_id_fk`;--> statement-breakpoint
ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_users_id_fk` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE restrict ON UPDATE cascade;
