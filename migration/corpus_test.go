package migration

import (
	"os"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusProjects names, for every project in ../shared/corpus/migrations,
// its migration directory, the layout it must be detected as, and the
// expected number of migrations, statements, first and last up scripts.
var corpusProjects = []struct {
	project     string
	layout      Layout
	migrations  int
	statements  int // in up and down scripts; equals MANIFEST.tsv where every file parses
	findings    int // located input findings (parse errors, placeholders)
	first, last string
}{
	{"harbor", LayoutGolangMigrate, 39, 407, 0, "0001_initial_schema.up.sql", "0190_2.16.0_schema.up.sql"},
	{"temporal", LayoutTemporal, 25, 68, 0, "versioned/v1.0/schema.sql", "versioned/v1.19/current_chasm_executions.sql"},
	{"ory-kratos", LayoutPopx, 346, 966, 0, "20150100000001000000_networks.postgres.up.sql", "20260703000000000000_courier_messages_status_created_at_idx.postgres.autocommit.up.sql"},
	{"supabase-auth", LayoutPopx, 70, 0, 70, "00_init_auth_schema.up.sql", "20260625000000_add_custom_claims_allowlist.up.sql"},
	{"hatchet", LayoutGoose, 224, 1490, 0, "20240115180414_init.sql", "20260820185000_v1_0_147.sql"},
	{"openfga", LayoutGoose, 6, 27, 0, "001_initialize_schema.sql", "006_add_collate_index.sql"},
	{"supabase-postgres", LayoutDbmate, 30, 118, 0, "10000000000000_demote-postgres.sql", "20240606060239_grant_predefined_roles_to_postgres.sql"},
	{"openmeter", LayoutGolangMigrate, 269, 2689, 0, "20240826120919_init.up.sql", "20260818090123_rate_card_feature_reference_constraints.up.sql"},
	{"lemmy", LayoutDiesel, 342, 4633, 11, "00000000000000_diesel_initial_setup/up.sql", "2026-07-27-143313-0000_rename_resolve_reason_to_conclusion/up.sql"},
	{"documenso", LayoutPrisma, 163, 766, 0, "20230404095503_initial_migration/migration.sql", "20260622120000_add_recipient_reminder_count/migration.sql"},
	{"ontrack", LayoutFlyway, 74, 368, 0, "V1__baseline.sql", "V76__1569_av_audit_cascade.sql"},
}

func TestCorpusLayouts(t *testing.T) {
	for _, p := range corpusProjects {
		t.Run(p.project, func(t *testing.T) {
			set, err := Load(os.DirFS(testenv.CorpusMigrationDir(t, p.project)), ".", Options{})
			if err != nil {
				t.Fatal(err)
			}
			stmts, findings := 0, len(set.Findings)
			for _, m := range set.Migrations {
				for _, f := range []*File{m.Up, m.Down} {
					if f == nil {
						continue
					}
					stmts += len(f.Statements)
					findings += len(f.Findings)
					for _, x := range f.Findings {
						if x.Location.Line == 0 {
							t.Errorf("%s: finding without a line: %s", f.Path, x.Message)
						}
					}
				}
			}
			ms := set.Migrations
			if set.Layout != p.layout || len(ms) != p.migrations || stmts != p.statements || findings != p.findings {
				t.Errorf("layout %s, %d migrations, %d statements, %d findings; want %s, %d, %d, %d",
					set.Layout, len(ms), stmts, findings, p.layout, p.migrations, p.statements, p.findings)
			}
			if len(ms) > 0 && (ms[0].Up.Path != p.first || ms[len(ms)-1].Up.Path != p.last) {
				t.Errorf("order: first %s last %s; want %s, %s", ms[0].Up.Path, ms[len(ms)-1].Up.Path, p.first, p.last)
			}
		})
	}
}

func BenchmarkLoadCorpus(b *testing.B) {
	var bytes int64
	for b.Loop() {
		bytes = 0
		for _, p := range corpusProjects {
			set, err := Load(os.DirFS(testenv.CorpusMigrationDir(b, p.project)), ".", Options{})
			if err != nil {
				b.Fatal(err)
			}
			for _, m := range set.Migrations {
				for _, f := range []*File{m.Up, m.Down} {
					if f != nil {
						bytes += int64(len(f.Source))
					}
				}
			}
		}
	}
	b.SetBytes(bytes)
}
