package catalog

import (
	"slices"
	"testing"

	"github.com/schemacheck/schemacheck/migration"
)

// TestTraceProvenance: the trace says which statement created, changed and
// dropped each object, including what DROP … CASCADE took with it, and a
// dropped object never shows up again in a later statement's changes.
func TestTraceProvenance(t *testing.T) {
	var files []*migration.File
	for _, f := range []struct{ path, sql string }{
		{"1.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, code text);\n" +
			"CREATE UNIQUE INDEX accounts_code ON accounts (code);\n" +
			"CREATE TABLE invoices (id bigint PRIMARY KEY, account_code text REFERENCES accounts (code));\n"},
		{"2.sql", "DROP INDEX accounts_code CASCADE;\nINSERT INTO accounts VALUES (1, 'a');\n"},
		{"3.sql", "ALTER TABLE invoices ADD COLUMN note text;\nALTER TABLE accounts DROP COLUMN code;\n"},
	} {
		files = append(files, migration.ParseFile(f.path, []byte(f.sql), migration.FileOptions{})...)
	}
	head, trace := Trace(nil, files)
	var got []string
	for _, s := range trace.Steps() {
		for _, c := range s.Changes {
			got = append(got, s.Stmt.Pos.String()+" "+c.String())
		}
	}
	for _, want := range []string{
		"1.sql:1:1 table public.accounts added",
		"1.sql:2:1 index public.accounts_code added",
		"1.sql:3:1 table public.invoices added",
		"2.sql:1:1 index public.accounts_code removed",
		"2.sql:1:1 constraint public.invoices.invoices_account_code_fkey removed",
		"3.sql:1:1 column public.invoices.note added",
		"3.sql:2:1 column public.accounts.code removed",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return len(g) >= len(want) && g[:len(want)] == want }) {
			t.Errorf("no %q in the trace:\n%v", want, got)
		}
	}
	if len(got) != 9 {
		t.Errorf("the trace has %d changes, want 9 (two primary key indexes; the foreign key once, the INSERT none):\n%v", len(got), got)
	}
	if after := trace.After(files[1]); after == nil || after.Index(Name{"public", "accounts_code"}) != nil || len(after.Table(Name{"public", "invoices"}).Constraints) != 1 {
		t.Errorf("the schema after 2.sql still has the index or the foreign key")
	}
	if head.Table(Name{"public", "accounts"}).Column("code") != nil {
		t.Error("head still has accounts.code")
	}
}
