// Package locks is schemacheck's one lock table: for each statement kind,
// ALTER TABLE subcommand and variant, object kind and PostgreSQL version
// range, the lock each relation the statement touches is given, and whether
// the statement rewrites that relation, scans it, or only changes the
// catalog. The table is data (table.go); Of maps a parsed statement onto its
// rows (classify.go), so rules read lock modes, rewrites and scans from here
// instead of deciding them in code. An oracle test runs every row on real
// PostgreSQL 12 to 18, and docs/locks.md is generated from the same rows.
package locks

// Mode is a table-level lock mode, numbered as PostgreSQL's LOCKMODE (and
// LOCK TABLE's parse tree) numbers them, weakest first.
type Mode int

const (
	None Mode = iota
	AccessShare
	RowShare
	RowExclusive
	ShareUpdateExclusive
	Share
	ShareRowExclusive
	Exclusive
	AccessExclusive
)

var modeNames = [...]string{"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE",
	"SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"}

// String is the mode as PostgreSQL spells it in LOCK TABLE and its docs.
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return "unknown lock"
	}
	if m == None {
		return "no lock"
	}
	return modeNames[m]
}

// PgLocksName is the mode as pg_locks.mode spells it.
func (m Mode) PgLocksName() string {
	names := [...]string{"", "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
		"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"}
	if m <= None || int(m) >= len(names) {
		return ""
	}
	return names[m]
}

// ModeFromPgLocks parses pg_locks.mode.
func ModeFromPgLocks(s string) Mode {
	for m := AccessShare; m <= AccessExclusive; m++ {
		if m.PgLocksName() == s {
			return m
		}
	}
	return None
}

// conflicts is PostgreSQL's conflict table ("Explicit Locking", Table
// 13.2): conflicts[a] has bit b set when a and b conflict.
var conflicts = [...]uint16{
	None:                 0,
	AccessShare:          1 << AccessExclusive,
	RowShare:             1<<Exclusive | 1<<AccessExclusive,
	RowExclusive:         1<<Share | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
	ShareUpdateExclusive: 1<<ShareUpdateExclusive | 1<<Share | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
	Share:                1<<RowExclusive | 1<<ShareUpdateExclusive | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
	ShareRowExclusive:    1<<RowExclusive | 1<<ShareUpdateExclusive | 1<<Share | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
	Exclusive:            1<<RowShare | 1<<RowExclusive | 1<<ShareUpdateExclusive | 1<<Share | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
	AccessExclusive:      1<<AccessShare | 1<<RowShare | 1<<RowExclusive | 1<<ShareUpdateExclusive | 1<<Share | 1<<ShareRowExclusive | 1<<Exclusive | 1<<AccessExclusive,
}

// ConflictsWith reports whether m and o conflict.
func (m Mode) ConflictsWith(o Mode) bool {
	if m <= None || o <= None || int(m) >= len(conflicts) || int(o) >= len(conflicts) {
		return false
	}
	return conflicts[m]&(1<<o) != 0
}

// BlocksReads reports whether the mode blocks plain SELECTs (ACCESS SHARE).
func (m Mode) BlocksReads() bool { return m.ConflictsWith(AccessShare) }

// BlocksWrites reports whether the mode blocks INSERT, UPDATE and DELETE
// (ROW EXCLUSIVE).
func (m Mode) BlocksWrites() bool { return m.ConflictsWith(RowExclusive) }

// Blocks says what the mode blocks, for finding messages.
func (m Mode) Blocks() string {
	switch {
	case m.BlocksReads():
		return "blocks all reads and writes"
	case m == Exclusive:
		return "blocks inserts, updates, deletes and SELECT … FOR UPDATE/SHARE, not plain reads"
	case m.BlocksWrites():
		return "blocks inserts, updates and deletes"
	case m == ShareUpdateExclusive:
		return "blocks schema changes and vacuum, not reads or writes"
	case m == RowShare:
		return "blocks only EXCLUSIVE and ACCESS EXCLUSIVE locks"
	case m == RowExclusive:
		return "blocks SHARE and stronger locks (plain index builds, most schema changes), not reads or writes"
	case m == AccessShare:
		return "blocks only ACCESS EXCLUSIVE locks"
	}
	return "blocks nothing"
}
