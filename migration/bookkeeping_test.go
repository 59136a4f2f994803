package migration

import (
	"strings"
	"testing"
)

// TestBookkeepingSplit reads each tool's records the way the tool writes
// them (the SQL is checked against the tools' tables on PostgreSQL in
// preflight's TestBookkeepingQueries) and splits a directory by them.
func TestBookkeepingSplit(t *testing.T) {
	m := func(version, name, path string) *Migration {
		return &Migration{Version: version, Name: name, Up: &File{Path: path}}
	}
	src := func(version, text string) *Migration {
		return &Migration{Version: version, Up: &File{Path: version + "_x.sql", Source: []byte(text)}}
	}
	for _, tc := range []struct {
		layout     Layout
		migrations []*Migration
		records    []Record
		// want: applied | pending | failed | stray, each comma-separated
		want string
	}{
		{LayoutGolangMigrate, []*Migration{m("1", "a", "1_a.up.sql"), m("2", "b", "2_b.up.sql"), m("10", "c", "10_c.up.sql")},
			[]Record{{"2", RecordApplied}}, "1,2 | 10 |  | "},
		{LayoutGolangMigrate, []*Migration{m("1", "a", "1_a.up.sql"), m("2", "b", "2_b.up.sql"), m("3", "c", "3_c.up.sql")},
			[]Record{{"2", RecordFailed}}, "1 | 2,3 | 2 | "},
		{LayoutGolangMigrate, []*Migration{m("1", "a", "1_a.up.sql")},
			[]Record{{"7", RecordApplied}}, "1 |  |  | 7"},
		{LayoutGoose, []*Migration{m("20240101", "a", "20240101_a.sql"), m("20240102", "b", "20240102_b.sql"), m("20240103", "c", "20240103_c.sql")},
			[]Record{{"20240101", RecordApplied}, {"20240103", RecordApplied}}, "20240101,20240103 | 20240102 |  | "},
		{LayoutFlyway, []*Migration{m("1", "init", "V1__init.sql"), m("1.1", "more", "V1_1__more.sql"), m("2", "x", "V2__x.sql"), m("~R__views", "views", "R__views.sql")},
			[]Record{{"1.1", RecordThrough}, {"R__views.sql", RecordApplied}}, "1,1.1,~R__views | 2 |  | "},
		{LayoutFlyway, []*Migration{m("001", "init", "V001__init.sql")},
			[]Record{{"1", RecordApplied}}, "001 |  |  | "},
		{LayoutPrisma, []*Migration{m("20240101000000_init", "init", "20240101000000_init/migration.sql"), m("20240201000000_users", "users", "20240201000000_users/migration.sql")},
			[]Record{{"20240101000000_init", RecordApplied}, {"20240201000000_users", RecordFailed}}, "20240101000000_init | 20240201000000_users | 20240201000000_users | "},
		{LayoutDiesel, []*Migration{m("2024-01-01-000000", "init", "2024-01-01-000000_init/up.sql"), m("2024-02-01-000000", "b", "2024-02-01-000000_b/up.sql")},
			[]Record{{"20240101000000", RecordApplied}}, "2024-01-01-000000 | 2024-02-01-000000 |  | "},
		{LayoutSqitch, []*Migration{m("000001", "users", "deploy/users.sql"), m("000002", "posts", "deploy/posts.sql")},
			[]Record{{"users", RecordApplied}}, "000001 | 000002 |  | "},
		{LayoutTemporal, []*Migration{m("1.0/base.sql", "base.sql", "v1.0/base.sql"), m("1.1/a.sql", "a.sql", "v1.1/a.sql"), m("1.2/b.sql", "b.sql", "v1.2/b.sql")},
			[]Record{{"1.1", RecordApplied}}, "1.0/base.sql,1.1/a.sql | 1.2/b.sql |  | "},
		{LayoutAtlas, []*Migration{m("20240101", "a", "20240101_a.sql"), m("20240102", "b", "20240102_b.sql"), m("20240103", "c", "20240103_c.sql")},
			[]Record{{"20240101", RecordThrough}, {"20240102", RecordFailed}}, "20240101 | 20240102,20240103 | 20240102 | "},
		// sqlx records the version as a BIGINT; success = false is a failed run.
		{LayoutSqlx, []*Migration{m("0001", "a", "0001_a.sql"), m("2", "b", "2_b.sql"), m("20240101000000", "c", "20240101000000_c.up.sql")},
			[]Record{{"1", RecordApplied}, {"2", RecordFailed}, {"7", RecordApplied}}, "0001 | 2,20240101000000 | 2 | 7"},
		// drizzle records the sha256 of each file's bytes (echo -n 'SELECT 1;' | sha256sum);
		// an edited file no longer matches its record, which stays stray.
		{LayoutDrizzle, []*Migration{src("0000", "SELECT 1;"), src("0001", "SELECT 2;"), src("0002", "SELECT 3; -- edited")},
			[]Record{{"17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a", RecordApplied},
				{"e6a1b5c4d0e9be4a8e5ed76f6bd5a5e3f8e1c34be8a1aa12e1bb2b8fd52e7e22", RecordApplied}}, "0000 | 0001,0002 |  | e6a1b5c4d0e9be4a8e5ed76f6bd5a5e3f8e1c34be8a1aa12e1bb2b8fd52e7e22"},
	} {
		t.Run(string(tc.layout), func(t *testing.T) {
			b, ok := BookkeepingOf(tc.layout)
			if !ok {
				t.Fatalf("no bookkeeping for %s", tc.layout)
			}
			applied, pending, failed, stray := b.Split(&Set{Layout: tc.layout, Migrations: tc.migrations}, tc.records)
			versions := func(ms []*Migration) string {
				var out []string
				for _, m := range ms {
					out = append(out, m.Version)
				}
				return strings.Join(out, ",")
			}
			var strays []string
			for _, r := range stray {
				strays = append(strays, r.Version)
			}
			got := versions(applied) + " | " + versions(pending) + " | " + versions(failed) + " | " + strings.Join(strays, ",")
			if got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	if _, ok := BookkeepingOf(LayoutPlain); ok {
		t.Error("plain files have no bookkeeping table")
	}
}
