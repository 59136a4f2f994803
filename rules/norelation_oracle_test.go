package rules

import (
	"context"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestNoRelationAskPostgres: every statement touchesNoRelation accepts
// takes no lock on a relation that existed before it, as pg_locks shows
// inside the statement's transaction; statement-after-exclusive-lock relies
// on that to say such a statement keeps another table's lock no longer.
// The cases where PostgreSQL does lock a table must be refused.
func TestNoRelationAskPostgres(t *testing.T) {
	setup := `CREATE TABLE t (id int PRIMARY KEY, c int);
CREATE TYPE e AS ENUM ('a');
CREATE FUNCTION g() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 1; END';
CREATE TYPE unused AS (a int);
CREATE SEQUENCE sq;`
	conn := testenv.Connect(t, testenv.DatabaseWith(t, setup))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	locking := 0
	for _, sql := range []string{
		"SET LOCAL lock_timeout = '1s'",
		"SET statement_timeout = 0",
		"CREATE FUNCTION f() RETURNS bigint LANGUAGE plpgsql AS 'BEGIN RETURN (SELECT count(*) FROM t); END'",
		"CREATE FUNCTION f() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM t'",
		"CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END",
		"CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN 2; END'",
		"DROP FUNCTION g()",
		"DROP FUNCTION IF EXISTS missing()",
		"CREATE TYPE e2 AS ENUM ('a', 'b')",
		"CREATE TYPE c2 AS (a int, b text)",
		"ALTER TYPE e ADD VALUE 'b'",
		"DROP TYPE unused",
		"CREATE SEQUENCE s",
		"CREATE SEQUENCE s OWNED BY t.c",
		"CREATE TABLE n (id int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), m e, CHECK (id > 0), UNIQUE (at))",
		"CREATE TABLE IF NOT EXISTS n (id bigserial PRIMARY KEY, name text COLLATE \"C\" NOT NULL)",
		"CREATE TABLE n (id int REFERENCES t (id))",
		"CREATE TABLE n (id int, FOREIGN KEY (id) REFERENCES t (id))",
		"CREATE TABLE n (LIKE t)",
		"CREATE TABLE n () INHERITS (t)",
		"CREATE TABLE n (id int DEFAULT nextval('sq'))",
	} {
		stmts, err := pgtree.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		accepted := touchesNoRelation(stmts.Stmts[0].Stmt)
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var locked []string
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		} else {
			rows, err := tx.Query(ctx, `SELECT l.relation::regclass::text FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
				WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND c.relnamespace = 'public'::regnamespace
				AND c.xmin::text::bigint <> txid_current() % 4294967296`) // not made by this transaction
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var rel string
				_ = rows.Scan(&rel)
				locked = append(locked, rel)
			}
			rows.Close()
		}
		_ = tx.Rollback(ctx)
		if len(locked) > 0 {
			locking++
		}
		if accepted && len(locked) > 0 {
			t.Errorf("%s: touchesNoRelation accepts it, but PostgreSQL locks %v", sql, locked)
		}
	}
	if locking == 0 {
		t.Error("no case locks a table: the check above cannot fail")
	}
}
