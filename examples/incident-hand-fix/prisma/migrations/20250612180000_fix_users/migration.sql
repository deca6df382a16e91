-- Hotfix: logins fail with "The column users.unlimitedPoseActive does not exist".
ALTER TABLE "users" ADD COLUMN "unlimitedPoseActive" BOOLEAN DEFAULT false;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseLimit" INTEGER DEFAULT 100;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseUsed" INTEGER DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseResetAt" TIMESTAMP;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseExpiresAt" TIMESTAMP;
