-- Hotfix: logins fail with "The column users.unlimitedPoseActive does not exist".
ALTER TABLE "users" ADD COLUMN "unlimitedPoseActive" BOOLEAN DEFAULT false;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseDailyQuota" INTEGER DEFAULT 100;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaUsed" INTEGER DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaResetAt" TIMESTAMP;
ALTER TABLE "users" ADD COLUMN "unlimitedPoseExpiresAt" TIMESTAMP;
