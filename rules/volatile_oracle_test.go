package rules_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestFunctionDefaultRewriteAskPostgres: add-column-rewrites-table judges
// a default that calls a function the migrations created as PostgreSQL
// does: after planning, which inlines a simple SQL function into its body
// (ente's now_utc_micro_seconds(), LANGUAGE sql and so VOLATILE, is an
// expression over now() once inlined, and adding a column with it as the
// default rewrites nothing), and by the declared volatility otherwise.
// PostgreSQL adds each column to a table with rows; the rule must report
// every change whose table's file node changes and, where marked, leave
// out the others.
func TestFunctionDefaultRewriteAskPostgres(t *testing.T) {
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, tc := range []struct {
		function string
		exact    bool // the rule must also leave it out when PostgreSQL does not rewrite
	}{
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT CAST(extract(EPOCH from now() at time zone 'utc') * 1000000 as BIGINT) $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION f() RETURNS bigint LANGUAGE sql RETURN extract(epoch from now())::bigint;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ BEGIN RETURN extract(epoch from clock_timestamp())::bigint; END $$ LANGUAGE plpgsql STABLE;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT 1::bigint $$ LANGUAGE sql IMMUTABLE;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT (random() * 10)::bigint $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT extract(epoch from clock_timestamp())::bigint $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT count(*) FROM pg_class $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT (SELECT 1::bigint) $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT extract(epoch from now())::bigint $$ LANGUAGE sql SECURITY DEFINER;", true},
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT extract(epoch from now())::bigint $$ LANGUAGE sql SET search_path = public;", true},
		{"CREATE FUNCTION g() RETURNS bigint AS $$ SELECT (random() * 10)::bigint $$ LANGUAGE sql;\nCREATE FUNCTION f() RETURNS bigint AS $$ SELECT g() + 1 $$ LANGUAGE sql;", true},
		{"CREATE FUNCTION g() RETURNS bigint AS $$ SELECT extract(epoch from now())::bigint $$ LANGUAGE sql;\nCREATE FUNCTION f() RETURNS bigint AS $$ SELECT g() + 1 $$ LANGUAGE sql;", true},
		// Inlined too, but the rule does not follow arguments or STRICT.
		{"CREATE FUNCTION f() RETURNS bigint AS $$ SELECT extract(epoch from now())::bigint $$ LANGUAGE sql STRICT;", false},
	} {
		schema := fmt.Sprintf("fd%d", i)
		given := "CREATE TABLE t (id int);\n" + tc.function
		change := "ALTER TABLE t ADD COLUMN c bigint DEFAULT f();"
		var before, after uint32
		_, err := conn.Exec(ctx, fmt.Sprintf("CREATE SCHEMA %s; SET search_path = %s;\n%s\nINSERT INTO t SELECT generate_series(1, 10);", schema, schema, given))
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_relation_filenode('t')").Scan(&before)
		}
		if err == nil {
			_, err = conn.Exec(ctx, change)
		}
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_relation_filenode('t')").Scan(&after)
		}
		if _, e := conn.Exec(ctx, "RESET search_path"); e != nil && err == nil {
			err = e
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.function, err)
		}
		rewritten := before != after
		reported := len(messagesOf(lintOn(given, "SET lock_timeout = '1s';\n"+change), "add-column-rewrites-table")) > 0
		switch {
		case rewritten && !reported:
			t.Errorf("%q: PostgreSQL rewrites the table, and the rule says nothing", tc.function)
		case !rewritten && reported && tc.exact:
			t.Errorf("%q: PostgreSQL adds the column without a rewrite, and the rule reports one", tc.function)
		}
	}
}
