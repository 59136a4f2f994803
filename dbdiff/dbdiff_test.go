package dbdiff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

// base is a merged history: users with a unique email, a view over it, an
// enum, and orders referencing users.
var base = map[string]string{
	"0001_users.up.sql": `CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text, nick text DEFAULT 'x');
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE VIEW active_users AS SELECT id, name FROM users;
`,
	"0001_users.down.sql":  "DROP VIEW active_users;\nDROP TABLE users;\n",
	"0002_orders.up.sql":   "CREATE TYPE status AS ENUM ('new', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status status, ref text, CONSTRAINT orders_ref_key UNIQUE (ref));\n",
	"0002_orders.down.sql": "DROP TABLE orders;\nDROP TYPE status;\n",
}

func load(t *testing.T, files map[string]string) *migration.Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	set, err := migration.Load(fsys, ".", migration.Options{Layout: migration.LayoutGolangMigrate})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// with returns base plus (or minus, for "") the given files.
func with(files map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range files {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// summary renders findings as "RULE file:line severity", sorted.
func summary(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d %s", f.RuleID, f.Location.File, f.Location.Line, f.Severity))
	}
	slices.Sort(out)
	return out
}

// only keeps the findings of the given rule ID prefixes.
func only(fs []finding.Finding, prefixes ...string) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		for _, p := range prefixes {
			if strings.HasPrefix(f.RuleID, p) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name   string
		base   map[string]string // nil: base
		head   map[string]string
		policy DownPolicy
		rules  []string // rule ID prefixes to compare
		want   []string
		// message substrings that must appear, and that must not
		says, never []string
	}{
		{
			name: "safe addition: nothing to report",
			head: with(map[string]string{
				"0003_audit.up.sql":   "CREATE TABLE audit (id bigint PRIMARY KEY);\n",
				"0003_audit.down.sql": "DROP TABLE audit;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
		},
		{
			name: "drop column: the lint rule reports it, the diff does not repeat it",
			head: with(map[string]string{
				"0003_drop.up.sql":   "ALTER TABLE users DROP COLUMN nick;\n",
				"0003_drop.down.sql": "ALTER TABLE users ADD COLUMN nick text DEFAULT 'x';\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB202 0003_drop.up.sql:1 error"},
		},
		{
			name: "drop materialized view: the lint rule reports it, whatever the relation's kind",
			base: with(map[string]string{"0003_names.up.sql": "CREATE MATERIALIZED VIEW names AS SELECT name FROM users;\n"}),
			head: with(map[string]string{
				"0003_names.up.sql":  "CREATE MATERIALIZED VIEW names AS SELECT name FROM users;\n",
				"0004_drop.up.sql":   "DROP MATERIALIZED VIEW names;\n",
				"0004_drop.down.sql": "CREATE MATERIALIZED VIEW names AS SELECT name FROM users;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB201 0004_drop.up.sql:1 error"},
		},
		{
			name: "dropped unique constraint and index: no lint rule knows, the diff does",
			head: with(map[string]string{
				"0003_keys.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_ref_key;\nDROP INDEX CONCURRENTLY users_email_key;\n",
				"0003_keys.down.sql": "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB510 0003_keys.up.sql:1 error", "SC-DB510 0003_keys.up.sql:2 error"},
			says: []string{"unique constraint public.orders.orders_ref_key is removed: an INSERT … ON CONFLICT (ref) of code deployed before this change",
				"unique index public.users_email_key on public.users is removed: an INSERT … ON CONFLICT (email)"},
		},
		{
			name: "a unique index dropped before its materialized view: the view's drop is the break, reported once",
			base: with(map[string]string{"0003_names.up.sql": "CREATE MATERIALIZED VIEW names AS SELECT id, name FROM users;\nCREATE UNIQUE INDEX names_id ON names (id);\n"}),
			head: with(map[string]string{
				"0003_names.up.sql":  "CREATE MATERIALIZED VIEW names AS SELECT id, name FROM users;\nCREATE UNIQUE INDEX names_id ON names (id);\n",
				"0004_drop.up.sql":   "DROP INDEX IF EXISTS names_id;\nDROP MATERIALIZED VIEW IF EXISTS names;\n",
				"0004_drop.down.sql": "CREATE MATERIALIZED VIEW names AS SELECT id, name FROM users;\nCREATE UNIQUE INDEX names_id ON names (id);\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB201 0004_drop.up.sql:2 error"},
			never: []string{"ON CONFLICT"},
		},
		{
			name: "so is a key dropped before its table",
			head: with(map[string]string{
				"0003_drop.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_ref_key;\nDROP TABLE orders;\n",
				"0003_drop.down.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status status, ref text, CONSTRAINT orders_ref_key UNIQUE (ref));\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB201 0003_drop.up.sql:2 error"},
			never: []string{"ON CONFLICT"},
		},
		{
			name: "a key dropped from a table dropped and made again without it: still a removed key",
			head: with(map[string]string{
				"0003_keys.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_ref_key;\nDROP TABLE orders;\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status status, ref text);\n",
				"0003_keys.down.sql": "ALTER TABLE orders ADD CONSTRAINT orders_ref_key UNIQUE (ref);\n",
			}),
			rules: []string{"SC-DB510"},
			want:  []string{"SC-DB510 0003_keys.up.sql:1 error"},
			says:  []string{"ON CONFLICT (ref)"},
		},
		{
			name: "a column changed, then dropped: one finding, at the drop",
			head: with(map[string]string{
				"0003_drop.up.sql":   "UPDATE users SET nick = 'x' WHERE nick IS NULL;\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;\nALTER TABLE users DROP COLUMN nick;\n",
				"0003_drop.down.sql": "ALTER TABLE users ADD COLUMN nick text DEFAULT 'x';\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB202 0003_drop.up.sql:3 error"},
		},
		{
			name: "an index rebuilt, then dropped: one finding, at the drop",
			head: with(map[string]string{
				"0003_idx.up.sql":   "DROP INDEX users_email_key;\nCREATE INDEX users_email_key ON users (email, name);\nDROP INDEX users_email_key;\n",
				"0003_idx.down.sql": "CREATE UNIQUE INDEX users_email_key ON users (email);\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB510 0003_idx.up.sql:1 error"},
		},
		{
			name: "a column dropped and added again in one transaction is still there: no removal",
			head: with(map[string]string{
				"0003_reset.up.sql":   "ALTER TABLE users DROP COLUMN nick, ADD COLUMN nick text DEFAULT 'y';\nALTER TABLE users DROP COLUMN email;\nALTER TABLE users ADD COLUMN email varchar(5);\n",
				"0003_reset.down.sql": "SELECT 1;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			// email comes back narrower and without its unique index:
			// those are the schema diff's findings.
			want: []string{"SC-DB510 0003_reset.up.sql:2 error", "SC-DB512 0003_reset.up.sql:2 warning", "SC-DB521 0003_reset.down.sql:1 warning"},
			says: []string{"column public.users.email changes: type text → character varying(5)", "unique index public.users_email_key"},
		},
		{
			name: "a table dropped and created again in one transaction is still there: its lost columns are reported",
			head: with(map[string]string{
				"0003_orders.up.sql":   "DROP TABLE orders;\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status status);\n",
				"0003_orders.down.sql": "DROP TABLE orders;\nCREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status status, ref text, CONSTRAINT orders_ref_key UNIQUE (ref));\n",
			}),
			rules: []string{"SC-DB201", "SC-DB510"},
			want:  []string{"SC-DB510 0003_orders.up.sql:1 error"},
			says:  []string{"column public.orders.ref (text) is removed"},
		},
		{
			name: "renaming an index or a sequence changes nothing running code names; a constraint only ON CONFLICT ON CONSTRAINT names",
			base: with(map[string]string{"0003_seq.up.sql": "CREATE SEQUENCE order_no;\n"}),
			head: with(map[string]string{
				"0003_seq.up.sql": "CREATE SEQUENCE order_no;\n",
				"0004_names.up.sql": "ALTER INDEX users_email_key RENAME TO users_email_uniq;\nALTER SEQUENCE order_no RENAME TO order_number;\n" +
					"ALTER TABLE orders RENAME CONSTRAINT orders_ref_key TO orders_ref_uniq;\n",
				"0004_names.down.sql": "ALTER INDEX users_email_uniq RENAME TO users_email_key;\nALTER SEQUENCE order_number RENAME TO order_no;\n" +
					"ALTER TABLE orders RENAME CONSTRAINT orders_ref_uniq TO orders_ref_key;\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB511 0004_names.up.sql:3 warning"},
			says:  []string{"constraint public.orders.orders_ref_key is renamed to public.orders.orders_ref_uniq: code deployed before this change that names it in ON CONFLICT ON CONSTRAINT fails"},
		},
		{
			name: "no lock_timeout: one finding for the change, listing its files' first statements",
			head: with(map[string]string{
				"0003_a.up.sql": "ALTER TABLE users ADD COLUMN a text;\nALTER TABLE orders ADD COLUMN a text;\n",
				"0004_b.up.sql": "ALTER TABLE users ADD COLUMN b text;\n",
				"0005_c.up.sql": "-- schemacheck:ignore SC-DB110 users has ten rows\nALTER TABLE users ADD COLUMN c text;\n",
			}),
			rules: []string{"SC-DB110"},
			// The suppressed one stays for its comment to consume.
			want: []string{"SC-DB110 0003_a.up.sql:1 warning", "SC-DB110 0005_c.up.sql:2 warning"},
			says: []string{"(and 1 more statement of this change, listed below)", "also at 0004_b.up.sql:1:1"},
		},
		{
			name: "dropping a foreign key or a CHECK only lets more writes through",
			base: with(map[string]string{"0003_fk.up.sql": "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id), ADD CONSTRAINT orders_ref_check CHECK (ref <> '');\n"}),
			head: with(map[string]string{
				"0003_fk.up.sql":     "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id), ADD CONSTRAINT orders_ref_check CHECK (ref <> '');\n",
				"0004_drop.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_user_fk, DROP CONSTRAINT orders_ref_check;\n",
				"0004_drop.down.sql": "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id), ADD CONSTRAINT orders_ref_check CHECK (ref <> '');\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
		},
		{
			name: "rename column is a rename, not a drop and an add",
			head: with(map[string]string{
				"0003_rename.up.sql":   "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
				"0003_rename.down.sql": "ALTER TABLE users RENAME COLUMN full_name TO name;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB204 0003_rename.up.sql:1 error"},
			never: []string{"removed"},
		},
		{
			name: "renamed table's column changed after the rename: found under the new name, at its statement",
			head: with(map[string]string{
				"0003_purchases.up.sql":   "ALTER TABLE orders RENAME TO purchases;\nALTER TABLE purchases ALTER COLUMN ref SET NOT NULL;\n",
				"0003_purchases.down.sql": "ALTER TABLE purchases ALTER COLUMN ref DROP NOT NULL;\nALTER TABLE purchases RENAME TO orders;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB203 0003_purchases.up.sql:1 error", "SC-DB512 0003_purchases.up.sql:2 warning"},
			says:  []string{"column public.orders.ref changes: becomes NOT NULL"},
		},
		{
			name: "a renamed table's column renamed after it is a rename, not a removal (Lemmy's smoosh-tables-together)",
			head: with(map[string]string{
				"0003_purchases.up.sql":   "ALTER TABLE orders RENAME TO purchases;\nALTER TABLE purchases RENAME COLUMN ref TO reference;\n",
				"0003_purchases.down.sql": "ALTER TABLE purchases RENAME COLUMN reference TO ref;\nALTER TABLE purchases RENAME TO orders;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB203 0003_purchases.up.sql:1 error", "SC-DB204 0003_purchases.up.sql:2 error"},
			never: []string{"removed"},
		},
		{
			name: "a column renamed before its table is renamed: both renames, nothing removed",
			head: with(map[string]string{
				"0003_purchases.up.sql":   "ALTER TABLE orders RENAME COLUMN ref TO reference;\nALTER TABLE orders RENAME TO purchases;\n",
				"0003_purchases.down.sql": "ALTER TABLE purchases RENAME TO orders;\nALTER TABLE orders RENAME COLUMN reference TO ref;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB5"},
			want:  []string{"SC-DB203 0003_purchases.up.sql:2 error", "SC-DB204 0003_purchases.up.sql:1 error"},
			never: []string{"removed"},
		},
		{
			name: "a foreign key dropped and added back over its renamed column: the rename alone (openmeter)",
			base: with(map[string]string{"0003_fk.up.sql": "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"}),
			head: with(map[string]string{
				"0003_fk.up.sql":       "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n",
				"0004_rename.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_user_fk;\nALTER TABLE orders RENAME COLUMN user_id TO customer_id;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (customer_id) REFERENCES users (id);\n",
				"0004_rename.down.sql": "ALTER TABLE orders RENAME COLUMN customer_id TO user_id;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB51"},
			want:  []string{"SC-DB204 0004_rename.up.sql:2 error"},
			never: []string{"changes"},
		},
		{
			name: "a foreign key dropped and added back over another column: a change",
			base: with(map[string]string{"0003_fk.up.sql": "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"}),
			head: with(map[string]string{
				"0003_fk.up.sql":       "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n",
				"0004_rename.up.sql":   "ALTER TABLE orders DROP CONSTRAINT orders_user_fk;\nALTER TABLE orders RENAME COLUMN user_id TO customer_id;\nALTER TABLE orders ADD COLUMN buyer_id bigint;\nALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (buyer_id) REFERENCES users (id);\n",
				"0004_rename.down.sql": "ALTER TABLE orders DROP COLUMN buyer_id;\nALTER TABLE orders RENAME COLUMN customer_id TO user_id;\n",
			}),
			rules: []string{"SC-DB2", "SC-DB51"},
			want:  []string{"SC-DB204 0004_rename.up.sql:2 error", "SC-DB215 0004_rename.up.sql:4 warning", "SC-DB512 0004_rename.up.sql:1 warning"},
			says:  []string{"(user_id) → foreign key (buyer_id)"},
		},
		{
			name: "a column with a default made NOT NULL: only writes of NULL fail",
			head: with(map[string]string{
				"0003_nick.up.sql":   "ALTER TABLE users ALTER COLUMN nick SET NOT NULL;\n",
				"0003_nick.down.sql": "ALTER TABLE users ALTER COLUMN nick DROP NOT NULL;\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB512 0003_nick.up.sql:1 warning"},
			says:  []string{"becomes NOT NULL: writes of NULL fail (INSERTs that omit it still get its default)"},
		},
		{
			name: "a column without a default made NOT NULL: INSERTs that omit it fail too",
			head: with(map[string]string{
				"0003_email.up.sql":   "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
				"0003_email.down.sql": "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB512 0003_email.up.sql:1 warning"},
			says:  []string{"becomes NOT NULL: INSERTs that omit it or write NULL fail"},
		},
		{
			name: "a rename the linter does not cover is reported as a rename",
			head: with(map[string]string{
				"0003_enum.up.sql":   "ALTER TYPE status RENAME TO order_status;\n",
				"0003_enum.down.sql": "ALTER TYPE order_status RENAME TO status;\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB511 0003_enum.up.sql:1 error"},
			says:  []string{"enum public.status is renamed to public.order_status"},
		},
		{
			name: "drop view cascade through a column drop: the view is reported at the statement",
			head: with(map[string]string{
				"0003_cascade.up.sql":   "ALTER TABLE users DROP COLUMN name CASCADE;\n",
				"0003_cascade.down.sql": "ALTER TABLE users ADD COLUMN name text;\n",
			}),
			rules: []string{"SC-DB5"},
			// The down script re-adds the column but not the view.
			want: []string{"SC-DB510 0003_cascade.up.sql:1 error", "SC-DB521 0003_cascade.down.sql:1 warning"},
			says: []string{"view public.active_users is removed", "view public.active_users is not restored"},
		},
		{
			name: "edited merged migration",
			head: with(map[string]string{
				"0002_orders.up.sql": strings.Replace(base["0002_orders.up.sql"], "ref text", "ref text NOT NULL", 1),
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB501 0002_orders.up.sql:2 error"},
		},
		{
			name:  "comment-only edit of a merged migration is a warning",
			head:  with(map[string]string{"0001_users.up.sql": "-- users\n" + base["0001_users.up.sql"]}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB501 0001_users.up.sql:1 warning"},
		},
		{
			name:  "deleted merged migration; its down script alone is not history",
			head:  with(map[string]string{"0002_orders.up.sql": "", "0001_users.down.sql": ""}),
			rules: []string{"SC-DB5"},
			// Located at a line of the head tree: the migration that now
			// follows it, else the last one.
			want: []string{"SC-DB502 0001_users.up.sql:1 error"},
			says: []string{"0002_orders.up.sql is already merged and was deleted"},
		},
		{
			name: "moved file with the same content is not a rewrite",
			head: with(map[string]string{
				"0002_orders.up.sql": "", "0002_orders.down.sql": "",
				"0002_create_orders.up.sql": base["0002_orders.up.sql"], "0002_create_orders.down.sql": base["0002_orders.down.sql"],
			}),
			rules: []string{"SC-DB"},
		},
		{
			name: "down script that does not restore",
			head: with(map[string]string{
				"0003_contact.up.sql":   "ALTER TABLE users ADD COLUMN phone text, ADD COLUMN fax text;\nALTER TYPE status ADD VALUE 'refunded' AFTER 'paid';\n",
				"0003_contact.down.sql": "ALTER TABLE users DROP COLUMN phone;\n",
			}),
			rules: []string{"SC-DB5"},
			want:  []string{"SC-DB521 0003_contact.down.sql:1 warning"},
			says:  []string{"column public.users.fax is left behind", "enum public.status differs"},
		},
		{
			name:   "missing down script, down_policy require",
			head:   with(map[string]string{"0003_audit.up.sql": "CREATE TABLE audit (id bigint PRIMARY KEY);\n"}),
			policy: DownRequire,
			rules:  []string{"SC-DB5"},
			want:   []string{"SC-DB520 0003_audit.up.sql:1 error"},
		},
		{
			name:   "missing and lossy downs, down_policy ignore",
			head:   with(map[string]string{"0003_audit.up.sql": "CREATE TABLE audit (id bigint PRIMARY KEY);\n", "0004_x.up.sql": "CREATE TABLE x ();\n", "0004_x.down.sql": "SELECT 1;\n"}),
			policy: DownIgnore,
			rules:  []string{"SC-DB5"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.base
			if b == nil {
				b = base
			}
			res := Compare(Input{Base: load(t, b), Head: load(t, tc.head), DownPolicy: tc.policy})
			got := only(res.Findings, tc.rules...)
			if s := summary(got); !slices.Equal(s, tc.want) {
				t.Errorf("findings:\n got %q\nwant %q", s, tc.want)
			}
			var text strings.Builder
			for _, f := range got {
				fmt.Fprintln(&text, f.Message)
				for _, d := range f.Details {
					fmt.Fprintln(&text, d)
				}
			}
			for _, s := range tc.says {
				if !strings.Contains(text.String(), s) {
					t.Errorf("no finding says %q:\n%s", s, text.String())
				}
			}
			for _, s := range tc.never {
				if strings.Contains(text.String(), s) {
					t.Errorf("a finding says %q:\n%s", s, text.String())
				}
			}
		})
	}
}

func TestClassifyFiles(t *testing.T) {
	head := with(map[string]string{
		"0001_users.up.sql":         base["0001_users.up.sql"] + "-- edited\n",
		"0002_orders.up.sql":        "",
		"0002_create_orders.up.sql": base["0002_orders.up.sql"],
		"0003_new.up.sql":           "SELECT 1;\n",
		"0001_users.down.sql":       "",
	})
	res := Compare(Input{Base: load(t, base), Head: load(t, head), DownPolicy: DownIgnore})
	var got []string
	for _, fc := range res.Files {
		got = append(got, fmt.Sprintf("%s %s %s", fc.Kind, fc.Path, fc.OldPath))
	}
	want := []string{
		"deleted 0001_users.down.sql ",
		"edited 0001_users.up.sql ",
		"moved 0002_create_orders.up.sql 0002_orders.up.sql",
		"added 0003_new.up.sql ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("files:\n got %q\nwant %q", got, want)
	}
}

// A directory new at the head (no base) is all added: linted, no history
// findings, and its schema changes are not removals.
func TestCompareWithoutBase(t *testing.T) {
	res := Compare(Input{Head: load(t, base)})
	if got := summary(only(res.Findings, "SC-DB5")); len(got) != 0 {
		t.Errorf("want no diff findings for a new directory, got %q", got)
	}
	if len(res.Files) != len(base) {
		t.Errorf("want %d added files, got %+v", len(base), res.Files)
	}
}

func TestCovers(t *testing.T) {
	for _, tc := range []struct {
		key, name string
		want      bool
	}{
		{"public.users.email", "public.users.email", true},
		{"public.users", "public.users.email", true},
		{"app", "app.users", true},
		{"status paid", "public.status", true},
		{"public.users", "public.users_archive", false},
		{"", "public.users", false},
	} {
		if got := covers(tc.key, tc.name); got != tc.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tc.key, tc.name, got, tc.want)
		}
	}
}
