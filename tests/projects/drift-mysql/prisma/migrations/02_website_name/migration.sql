-- AlterTable
ALTER TABLE `website` MODIFY `name` VARCHAR(100) NOT NULL;
