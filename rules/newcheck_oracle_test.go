package rules_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestNewCheckAskPostgres: new-constraint-may-reject-writes leaves out a
// CHECK that no write of code deployed before the change can violate,
// since that code leaves the change's new columns at their defaults
// (storage adds versioning_status DEFAULT 'DISABLED' and CHECKs that hold
// for it). PostgreSQL runs each change, then such writes (INSERTs and an
// UPDATE naming only the old columns, with values that break any check
// on them); the rule must report every CHECK PostgreSQL then enforces
// against them, and, where marked, leave out those it does not.
func TestNewCheckAskPostgres(t *testing.T) {
	const given = "CREATE TABLE b (id int, type text, status text);"
	withV := "ALTER TABLE b ADD COLUMN v text NOT NULL DEFAULT 'DISABLED';\n"
	writes := []string{
		"INSERT INTO b (id, type, status) VALUES (1, 'OTHER', 'x')",
		"INSERT INTO b (id, type, status) VALUES (2, 'STANDARD', 'y')",
		"INSERT INTO b (id, type, status) VALUES (3, NULL, NULL)",
		"UPDATE b SET type = 'OTHER', status = 'x'",
	}
	var cases []oldWrites
	for _, tc := range []struct {
		change string
		exact  bool // the rule must also leave it out when PostgreSQL lets the writes through
	}{
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (v IN ('DISABLED', 'ENABLED'));", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (type = 'STANDARD' OR v = 'DISABLED');", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (NOT (v = 'ENABLED') AND v NOT IN ('SUSPENDED'));", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (v = 'DISABLED'::text);", true},
		{"ALTER TABLE b ADD COLUMN w text;\nALTER TABLE b ADD CONSTRAINT c CHECK (w <> 'x');", true},
		{"CREATE TYPE st AS ENUM ('off', 'on');\nALTER TABLE b ADD COLUMN s st NOT NULL DEFAULT 'off'::st;\nALTER TABLE b ADD CONSTRAINT c CHECK (s = 'off'::st OR type = 'STANDARD');", true},
		{"CREATE TYPE st AS ENUM ('off', 'on');\nALTER TABLE b ADD COLUMN s st NOT NULL DEFAULT 'off';\nALTER TABLE b ADD CONSTRAINT c CHECK (s = 'on');", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (v = 'ENABLED');", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (type = 'STANDARD' AND v = 'DISABLED');", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (status <> 'x');", true},
		{withV + "ALTER TABLE b ADD CONSTRAINT c CHECK (v::varchar(3) = 'DIS');", false},
		{"ALTER TABLE b ADD COLUMN n int NOT NULL DEFAULT 1;\nALTER TABLE b ADD CONSTRAINT c CHECK (n = 1.0);", false},
		{"ALTER TABLE b ADD COLUMN v text NOT NULL DEFAULT 'DISABLED', ADD CONSTRAINT c CHECK (v = 'DISABLED');", false},
	} {
		cases = append(cases, oldWrites{given, tc.change, writes, tc.exact})
	}
	askOldWrites(t, cases)
}

// TestWidenedCheckAskPostgres: new-constraint-may-reject-writes leaves
// out a CHECK that replaces one the change drops and accepts every value
// it accepted (ente and convoy drop CHECK (type IN (…)) and add it again
// with one more value), and still reports one that takes a value away.
// PostgreSQL runs each change, then the writes the old CHECK let through;
// the rule must report every change under which one fails and, where
// marked, leave out the others.
func TestWidenedCheckAskPostgres(t *testing.T) {
	const given = "CREATE TABLE w (id int, type text NOT NULL CHECK (type IN ('a', 'b')));"
	writes := []string{"INSERT INTO w VALUES (1, 'a')", "INSERT INTO w VALUES (3, 'b')", "UPDATE w SET type = 'b'"}
	const drop = "ALTER TABLE w DROP CONSTRAINT IF EXISTS w_type_check;\n"
	var cases []oldWrites
	for _, tc := range []struct {
		change string
		exact  bool // the rule must also leave it out when PostgreSQL takes the writes
	}{
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type IN ('a', 'b', 'c'));", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type IN ('c', 'b', 'a'));", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type = ANY (ARRAY['a', 'b', 'c']));", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type = 'a' OR type = 'b' OR type = 'c');", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type IN ('a', 'b') OR id > 100);", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type IN ('a', 'c'));", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type = 'a');", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (id IN (1, 2));", true},
		{drop + "ALTER TABLE w ADD CONSTRAINT w_type_check CHECK (type NOT IN ('a', 'x'));", true},
		{"ALTER TABLE w ADD CONSTRAINT w_type_wide CHECK (type IN ('a', 'b', 'c'));", false},
	} {
		cases = append(cases, oldWrites{given, tc.change, writes, tc.exact})
	}
	askOldWrites(t, cases)
}

// TestNullTestAskPostgres: a CHECK's IS [NOT] NULL tests fold for the
// writes of code deployed before the change: a new column holds its
// default, and a column NOT NULL without a default was written with a
// value. PostgreSQL runs each change and such writes; the rule must report
// every CHECK that rejects one, and (where marked) leave out the others.
func TestNullTestAskPostgres(t *testing.T) {
	var cases []oldWrites
	for _, tc := range []struct {
		given, change string
		writes        []string
		exact         bool
	}{
		// lemmy's community_actions, with columns old code always wrote.
		{"CREATE TABLE f (id int, a text NOT NULL, b text NOT NULL, c int);",
			"ALTER TABLE f ALTER COLUMN a DROP NOT NULL, ALTER COLUMN b DROP NOT NULL, ADD CONSTRAINT k CHECK ((a IS NULL) = (b IS NULL) AND NOT (a IS NULL AND c IS NOT NULL));",
			[]string{"INSERT INTO f (id, a, b, c) VALUES (1, 'x', 'y', 5)", "INSERT INTO f (id, a, b) VALUES (2, 'x', 'y')", "UPDATE f SET c = NULL, a = 'z'"}, true},
		{"CREATE TABLE f (id int, a text NOT NULL, b text NOT NULL, c int);",
			"ALTER TABLE f ALTER COLUMN a DROP NOT NULL, ADD CONSTRAINT k CHECK (a IS NULL);",
			[]string{"INSERT INTO f (id, a, b, c) VALUES (1, 'x', 'y', 5)"}, true},
		// A default the change drops: old INSERTs that omit the column store NULL.
		{"CREATE TABLE f (id int, a text NOT NULL DEFAULT 'x', b text NOT NULL);",
			"ALTER TABLE f ALTER COLUMN a DROP DEFAULT, ALTER COLUMN a DROP NOT NULL, ADD CONSTRAINT k CHECK ((a IS NULL) = (b IS NULL));",
			[]string{"INSERT INTO f (id, b) VALUES (1, 'y')"}, true},
		// New columns hold their defaults.
		{"CREATE TABLE f (id int);",
			"ALTER TABLE f ADD COLUMN r timestamptz;\nALTER TABLE f ADD COLUMN e timestamptz;\nALTER TABLE f ADD CONSTRAINT k CHECK (NOT (r IS NULL AND e IS NOT NULL));",
			[]string{"INSERT INTO f (id) VALUES (1)"}, true},
		{"CREATE TABLE f (id int);",
			"ALTER TABLE f ADD COLUMN r timestamptz;\nALTER TABLE f ADD CONSTRAINT k CHECK (r IS NOT NULL);",
			[]string{"INSERT INTO f (id) VALUES (1)"}, true},
	} {
		cases = append(cases, oldWrites{tc.given, tc.change, tc.writes, tc.exact})
	}
	askOldWrites(t, cases)
}

// TestNewUniqueKeyAskPostgres: new-constraint-may-reject-writes leaves
// out a new UNIQUE key over the columns of a key the table keeps (hatchet
// adds name to WorkflowTriggerCronRef's (parentId, cron) key): rows already
// differ on those. PostgreSQL runs each change, then two INSERTs of the old
// code that repeat a value of b; the rule must report every key that
// rejects one, and, where marked, leave out those that do not.
func TestNewUniqueKeyAskPostgres(t *testing.T) {
	const given = "CREATE TABLE u (id int, a text, b text);\nCREATE UNIQUE INDEX u_a_key ON u (a);"
	writes := []string{"INSERT INTO u (id, a, b) VALUES (1, 'x', 'y')", "INSERT INTO u (id, a, b) VALUES (2, 'z', 'y')"}
	var cases []oldWrites
	for _, tc := range []struct {
		change string
		exact  bool // the rule must also leave it out when PostgreSQL takes the writes
	}{
		{"ALTER TABLE u ADD CONSTRAINT u_b_key UNIQUE (b);", true},
		{"ALTER TABLE u ADD CONSTRAINT u_ab_key UNIQUE (a, b);", true},
		{"ALTER TABLE u ADD CONSTRAINT u_ab_key UNIQUE NULLS NOT DISTINCT (a, b);", false},
	} {
		cases = append(cases, oldWrites{given, tc.change, writes, tc.exact})
	}
	askOldWrites(t, cases)
}

// TestNewUniqueIndexAskPostgres: new-constraint-may-reject-writes reports
// a unique index on an existing table as it reports a UNIQUE constraint
// (Prisma writes every @unique as CREATE UNIQUE INDEX), and leaves out one
// implied by a unique index the change drops, or over columns only the
// change adds. PostgreSQL runs each change, then two INSERTs of the old
// code that repeat a value of b; the rule must report every index that
// rejects one, and, where marked, leave out those that do not.
func TestNewUniqueIndexAskPostgres(t *testing.T) {
	const given = "CREATE TABLE u (id int, a text, b text);\nCREATE UNIQUE INDEX u_a_key ON u (a);\nCREATE UNIQUE INDEX u_b_neg ON u (b) WHERE id < 0;"
	writes := []string{"INSERT INTO u (id, a, b) VALUES (1, 'x', 'y')", "INSERT INTO u (id, a, b) VALUES (2, 'z', 'y')"}
	var cases []oldWrites
	for _, tc := range []struct {
		change string
		exact  bool // the rule must also leave it out when PostgreSQL takes the writes
	}{
		{"CREATE UNIQUE INDEX u_b_key ON u (b);", true},
		// A partial key implies one over more columns where it holds, or
		// where more terms hold; not a full one, nor another predicate's.
		{"CREATE UNIQUE INDEX u_bid_neg ON u (b, id) WHERE id < 0;", true},
		{"DROP INDEX u_b_neg;\nCREATE UNIQUE INDEX u_b_neg2 ON u (b) WHERE id < 0 AND a IS NOT NULL;", true},
		{"DROP INDEX u_b_neg;\nCREATE UNIQUE INDEX u_b_all ON u (b);", true},
		{"CREATE UNIQUE INDEX u_b_pos ON u (b) WHERE id > 0;", true},
		{"CREATE UNIQUE INDEX u_lb_key ON u (lower(b));", true},
		{"DROP INDEX u_a_key;\nCREATE UNIQUE INDEX u_ab_key ON u (a, b);", true},
		{"CREATE UNIQUE INDEX u_ab_key ON u (a, b);", true},
		{"DROP INDEX u_a_key;\nCREATE UNIQUE INDEX u_a2_key ON u (a);", true},
		{"DROP INDEX u_a_key;\nCREATE UNIQUE INDEX u_b_key ON u (b);", true},
		{"ALTER TABLE u ADD COLUMN c text;\nCREATE UNIQUE INDEX u_c_key ON u (c);", true},
		{"ALTER TABLE u ADD COLUMN c text;\nCREATE UNIQUE INDEX u_bc_key ON u (b, c);", false},
		{"ALTER TABLE u ADD COLUMN c text;\nCREATE UNIQUE INDEX u_c_key ON u (c) NULLS NOT DISTINCT;", true},
		{"ALTER TABLE u ADD COLUMN c text NOT NULL DEFAULT 'x';\nCREATE UNIQUE INDEX u_c_key ON u (c);", true},
		{"CREATE UNIQUE INDEX u_b_key ON u (b) WHERE id > 100;", false},
	} {
		cases = append(cases, oldWrites{given, tc.change, writes, tc.exact})
	}
	askOldWrites(t, cases)
}

// oldWrites is one case for askOldWrites: the schema, the change, the
// writes code deployed before the change makes, and whether the rule must
// also stay silent when PostgreSQL takes every one of them.
type oldWrites struct {
	given, change string
	writes        []string
	exact         bool
}

// askOldWrites runs each case on PostgreSQL (the schema, the change, then
// the writes) and holds new-constraint-may-reject-writes to the answer: it
// must report every change under which one of the writes fails, and, where
// exact, leave out the others.
func askOldWrites(t *testing.T, cases []oldWrites) {
	t.Helper()
	conn := testenv.Connect(t, testenv.Database(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i, tc := range cases {
		rejected, err := firstRejection(ctx, conn, fmt.Sprintf("ow%d", i), tc.given+"\n"+tc.change, tc.writes...)
		if err != nil {
			t.Fatalf("%q: %v", tc.change, err)
		}
		reported := len(messagesOf(lintOn(tc.given, "SET lock_timeout = '1s';\n"+tc.change), "new-constraint-may-reject-writes")) > 0
		switch {
		case rejected != nil && !reported:
			t.Errorf("%q: PostgreSQL rejects a write of the old code (%v), and the rule says nothing", tc.change, rejected)
		case rejected == nil && reported && tc.exact:
			t.Errorf("%q: PostgreSQL takes every write of the old code, and the rule reports the constraint", tc.change)
		}
	}
}
