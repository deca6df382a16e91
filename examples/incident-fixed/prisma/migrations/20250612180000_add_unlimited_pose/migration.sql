-- AlterTable
ALTER TABLE "users" ADD COLUMN     "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unlimitedPoseExpiresAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseLimit" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "unlimitedPoseResetAt" TIMESTAMP(3),
ADD COLUMN     "unlimitedPoseUsed" INTEGER NOT NULL DEFAULT 0;
