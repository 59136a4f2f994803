CREATE SCHEMA IF NOT EXISTS "bc_test";
CREATE TABLE "bc_test"."bc_tbl" ("col" INTEGER NULL);