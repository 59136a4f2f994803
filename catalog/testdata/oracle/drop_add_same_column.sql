-- Prisma drops and re-adds a column in one statement to change its type.
CREATE TABLE "User" (id int, role text NOT NULL DEFAULT 'user');
ALTER TABLE "User" DROP COLUMN role, ADD COLUMN role integer;
CREATE TABLE t (a int, b int);
ALTER TABLE t ADD COLUMN c int, DROP COLUMN a, ADD COLUMN a bigint NOT NULL DEFAULT 0;
-- PostgreSQL runs every DROP of the statement before any ADD, whatever the
-- written order.
CREATE TABLE u (x int);
ALTER TABLE u ADD COLUMN x text, DROP COLUMN x;
