package migration

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
)

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

// flywayKey: a repeatable migration is recorded by its script's name.
func flywayKey(m *Migration) string {
	if strings.HasPrefix(m.Version, "~R__") && m.Up != nil {
		return path.Base(m.Up.Path)
	}
	return m.Version
}

// sourceHash: the tool records the hex sha256 of the file's bytes
// (drizzle's readMigrationFiles hashes the file as read).
func sourceHash(m *Migration) string {
	if m.Up == nil {
		return ""
	}
	sum := sha256.Sum256(m.Up.Source)
	return hex.EncodeToString(sum[:])
}

// numberKey: the tool records the version as an integer (0001 as 1).
func numberKey(m *Migration) string {
	if v := strings.TrimLeft(m.Version, "0"); v != "" {
		return v
	}
	return "0"
}

// directoryVersion is the version of a temporal migration's directory.
func directoryVersion(m *Migration) string { v, _, _ := strings.Cut(m.Version, "/"); return v }

// BookkeepingOf returns how the layout's tool records applied migrations;
// ok is false for layouts without a table (plain ordered files). A caller
// with a database session checks that Table exists, runs Applied and
// hands the rows to Split: this package stays free of database code.
func BookkeepingOf(l Layout) (Bookkeeping, bool) {
	t := ToolFor(l)
	if t == nil || t.Bookkeeping.Applied == "" {
		return Bookkeeping{}, false
	}
	return t.Bookkeeping, true
}

// Table is the table Applied reads, as to_regclass accepts it: unqualified
// names resolve through the session's search_path, as the tool's own
// statements do.
func (b Bookkeeping) Table() string {
	if b.Schema != "" {
		return b.Schema + "." + b.Tables[0]
	}
	return b.Tables[0]
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
