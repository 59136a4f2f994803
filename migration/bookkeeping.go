package migration

import (
	"path"
	"strings"
)

// Bookkeeping is where a migration tool records, in the database it
// migrates, which migrations it has applied, and how to read it. A caller
// with a database session checks that Table exists, runs Query and hands
// the rows to Split; this package stays free of database code.
type Bookkeeping struct {
	// Table is the relation the tool writes, as to_regclass accepts it:
	// unqualified names resolve through the session's search_path, as the
	// tool's own (unqualified) statements do.
	Table string
	// Query returns one row per record: the version as text, and its state
	// (a RecordState). It reads Table only.
	Query string
	// key is the text Query returns for a migration of this layout.
	key func(m *Migration) string
	// cumulative: the tool records only the version it is at, so every
	// migration before a recorded version has run (golang-migrate, temporal).
	cumulative bool
}

// RecordState says what a bookkeeping row means.
type RecordState string

const (
	// RecordApplied: the migration with this version has run.
	RecordApplied RecordState = "applied"
	// RecordThrough: every migration up to and including this version has
	// run (a Flyway or Atlas baseline stands for everything before it).
	RecordThrough RecordState = "through"
	// RecordFailed: the tool started the migration and did not finish it
	// (golang-migrate dirty, Flyway success = false, Prisma without
	// finished_at, Atlas applied < total). Its changes may be partly there.
	RecordFailed RecordState = "failed"
)

// Record is one row of a bookkeeping table.
type Record struct {
	Version string
	State   RecordState
}

func versionKey(m *Migration) string { return m.Version }

var bookkeeping = map[Layout]Bookkeeping{
	LayoutGolangMigrate: {
		Table:      "schema_migrations",
		Query:      `SELECT version::text, CASE WHEN dirty THEN 'failed' ELSE 'applied' END FROM schema_migrations`,
		key:        versionKey,
		cumulative: true,
	},
	LayoutGoose: {
		Table: "goose_db_version",
		// The latest row of a version says whether it is applied (goose
		// down inserts a row with is_applied = false).
		Query: `SELECT version_id::text, 'applied' FROM (SELECT DISTINCT ON (version_id) version_id, is_applied FROM goose_db_version ORDER BY version_id, id DESC) v WHERE is_applied AND version_id > 0`,
		key:   versionKey,
	},
	LayoutFlyway: {
		Table: "flyway_schema_history",
		Query: `SELECT coalesce(version, script), CASE WHEN NOT success THEN 'failed' WHEN type LIKE '%BASELINE' THEN 'through' ELSE 'applied' END FROM flyway_schema_history WHERE type NOT IN ('SCHEMA', 'DELETE', 'UNDO_SQL') AND coalesce(version, script) IS NOT NULL`,
		key: func(m *Migration) string {
			if strings.HasPrefix(m.Version, "~R__") && m.Up != nil {
				return path.Base(m.Up.Path) // repeatable: recorded by script name
			}
			return m.Version
		},
	},
	LayoutDbmate: {
		Table: "schema_migrations",
		Query: `SELECT version::text, 'applied' FROM schema_migrations`,
		key:   versionKey,
	},
	LayoutPrisma: {
		Table: "_prisma_migrations",
		Query: `SELECT migration_name, CASE WHEN finished_at IS NULL THEN 'failed' ELSE 'applied' END FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
		key:   func(m *Migration) string { return m.Version + "_" + m.Name },
	},
	LayoutAtlas: {
		Table: "atlas_schema_revisions.atlas_schema_revisions",
		// type 1 is a baseline; applied < total is a partly applied file.
		Query: `SELECT version, CASE WHEN type & 1 = 1 THEN 'through' WHEN applied < total OR error IS NOT NULL AND error <> '' THEN 'failed' ELSE 'applied' END FROM atlas_schema_revisions.atlas_schema_revisions WHERE version NOT LIKE '.%'`,
		key:   versionKey,
	},
	LayoutDiesel: {
		Table: "__diesel_schema_migrations",
		Query: `SELECT version, 'applied' FROM __diesel_schema_migrations`,
		key:   func(m *Migration) string { return strings.ReplaceAll(m.Version, "-", "") },
	},
	LayoutSqitch: {
		Table: "sqitch.changes",
		Query: `SELECT change, 'applied' FROM sqitch.changes`,
		key:   func(m *Migration) string { return m.Name },
	},
	LayoutPopx: {
		Table: "schema_migration",
		Query: `SELECT version, 'applied' FROM schema_migration`,
		key:   versionKey,
	},
	LayoutTemporal: {
		Table:      "schema_version",
		Query:      `SELECT curr_version, 'applied' FROM schema_version`,
		cumulative: true,
		// A temporal migration is one file of a versioned directory
		// (version "1.9/file.sql"); the table records the directory.
		key: func(m *Migration) string { v, _, _ := strings.Cut(m.Version, "/"); return v },
	},
}

// BookkeepingOf returns how the layout's tool records applied migrations;
// ok is false for layouts without one (plain ordered files).
func BookkeepingOf(l Layout) (Bookkeeping, bool) {
	b, ok := bookkeeping[l]
	return b, ok
}

// Split divides set's migrations by the records: applied ones in order,
// the pending ones in order (including those whose record says they
// failed: their changes may be partly there, so they still have to run),
// and the records no migration of set matches (the database is ahead of
// this checkout, or a migration file was deleted).
func (b Bookkeeping) Split(set *Set, records []Record) (applied, pending, failed []*Migration, stray []Record) {
	matched := make([]bool, len(records))
	for _, m := range set.Migrations {
		k := b.key(m)
		var state RecordState
		merge := func(s RecordState) {
			if state != RecordApplied { // a later successful run wins over a failed one
				state = s
			}
		}
		for i, r := range records {
			switch c := compareVersions(k, r.Version); {
			case c == 0:
				matched[i] = true
				merge(r.State)
				if r.State == RecordThrough {
					state = RecordApplied
				}
			case c < 0 && (r.State == RecordThrough || b.cumulative) && sameKind(k, r.Version):
				state = RecordApplied
			}
		}
		switch state {
		case RecordApplied:
			applied = append(applied, m)
		case RecordFailed:
			failed = append(failed, m)
			pending = append(pending, m)
		default:
			pending = append(pending, m)
		}
	}
	for i, r := range records {
		if !matched[i] && r.State != RecordThrough {
			stray = append(stray, r)
		}
	}
	return applied, pending, failed, stray
}

// sameKind keeps a Flyway baseline version from covering repeatable
// migrations, whose keys are script names, not versions.
func sameKind(key, version string) bool {
	return strings.HasSuffix(key, ".sql") == strings.HasSuffix(version, ".sql")
}
