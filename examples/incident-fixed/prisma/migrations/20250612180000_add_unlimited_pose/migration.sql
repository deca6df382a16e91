-- AlterTable
ALTER TABLE "users" ADD COLUMN     "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unlimitedPoseDailyQuota" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "unlimitedPoseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseQuotaResetAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseQuotaUsed" INTEGER NOT NULL DEFAULT 0;
