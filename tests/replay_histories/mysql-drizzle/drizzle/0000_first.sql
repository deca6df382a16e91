CREATE TABLE `users` (
	`id` serial,
	`name` varchar(256) NOT NULL,
	`email` varchar(256),
	`created_at` timestamp NOT NULL DEFAULT (now()),
	`role` enum('admin','user') DEFAULT 'user',
	`meta` json,
	`score` decimal(10,2) DEFAULT '0.00',
	`active` boolean DEFAULT true,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`)
);
--> statement-breakpoint
CREATE TABLE `posts` (
	`id` int AUTO_INCREMENT NOT NULL,
	`author_id` bigint unsigned NOT NULL,
	`title` varchar(200) NOT NULL,
	`body` text,
	`views` int unsigned NOT NULL DEFAULT 0,
	CONSTRAINT `posts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `posts` ADD CONSTRAINT `posts_author_id_users_id_fk` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE cascade ON UPDATE no action;
