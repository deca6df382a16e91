-- Run by hand on production.
ALTER TABLE "User" ADD COLUMN "email" TEXT NOT NULL;
