-- Names that need quotes keep them in messages' recipes: "Email" is not email.
CREATE TABLE "Users" (id bigint PRIMARY KEY, "Email" text, "order" int, "Org" bigint);
CREATE TABLE "Orgs" (id bigint PRIMARY KEY);
CREATE INDEX "Users_Email_idx" ON "Users" ("Email");
CREATE TABLE "Events" (id bigint NOT NULL, "At" timestamptz NOT NULL) PARTITION BY RANGE ("At");
CREATE TABLE "Events_2024" PARTITION OF "Events" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
-- @change
SET lock_timeout = '2s';
SET statement_timeout = '5min';
CREATE INDEX "Users_order_idx" ON "Users" ("order"); -- want: require-concurrent-index
CREATE INDEX "Events_At_idx" ON "Events" ("At"); -- want: require-concurrent-index
DROP INDEX "Users_Email_idx"; -- want: require-concurrent-index-drop
ALTER TABLE "Users" ALTER COLUMN "Email" SET NOT NULL; -- want: set-not-null-without-check
ALTER TABLE "Users" ADD CONSTRAINT "Users_Org_fk" FOREIGN KEY ("Org") REFERENCES "Orgs" (id); -- want: constraint-without-not-valid, new-constraint-may-reject-writes
ALTER TABLE "Users" ADD CONSTRAINT "Users_order_key" UNIQUE ("order"); -- want: unique-without-index, new-constraint-may-reject-writes
ALTER TABLE "Users" ADD COLUMN "Score" int CHECK ("Score" > 0); -- want: constraint-without-not-valid
ALTER TABLE "Users" ADD COLUMN "Nick" text NOT NULL; -- want: add-not-null-column-without-default
REINDEX INDEX "Users_order_idx"; -- want: reindex-without-concurrently
