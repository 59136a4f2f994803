package migration

import "testing"

// TestColumnPos: column-level findings point at the column's line, not
// the first line of its statement.
func TestColumnPos(t *testing.T) {
	src := `-- users
CREATE TABLE users (
  id bigint PRIMARY KEY,
  "Email" text NOT NULL,
    phone text
);
ALTER TABLE users
  ADD COLUMN nickname text,
  ALTER COLUMN phone TYPE varchar(20),
  ALTER COLUMN id SET DEFAULT 1,
  DROP COLUMN IF EXISTS "Email";
ALTER TABLE users ALTER phone DROP NOT NULL;
CREATE INDEX users_phone ON users (phone);
`
	f := ParseFile("m.sql", []byte(src), FileOptions{})[0]
	for _, tc := range []struct {
		stmt   int
		column string
		want   string
	}{
		{0, "id", "m.sql:3:3"},
		{0, "Email", "m.sql:4:3"},
		{0, "phone", "m.sql:5:5"},
		{0, "missing", "m.sql:2:1"},
		{1, "nickname", "m.sql:8:14"},
		{1, "phone", "m.sql:9:16"},
		{1, "id", "m.sql:10:16"},
		{1, "Email", "m.sql:11:25"},
		{2, "phone", "m.sql:12:25"},
		{3, "phone", "m.sql:13:1"}, // not a column clause
	} {
		if got := f.Statements[tc.stmt].ColumnPos(tc.column).String(); got != tc.want {
			t.Errorf("statement %d, column %s: %s, want %s", tc.stmt, tc.column, got, tc.want)
		}
	}
}
