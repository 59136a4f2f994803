package locks_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/internal/pgservers"
	"github.com/schemacheck/schemacheck/locks"
)

// defaultRel is the fixture relation playing each role unless a touch
// names another.
var defaultRel = map[locks.Role]string{
	locks.Referenced:  "r",
	locks.Referencing: "t",
	locks.Attached:    "pt_new",
	locks.DefaultPart: "pt_def",
	locks.InhParent:   "ip",
	locks.IndexChild:  "pt_1_c_idx",
}

// TestOracle runs every row of the lock table on PostgreSQL 12 to 18 and
// fails, naming the row and the version, where PostgreSQL disagrees: the
// lock each relation gets (pg_locks, read from a second session), whether
// it is rewritten (pg_relation_filenode before and after), scanned (the
// sequential-scan counters) or only changed in the catalog, or whether
// PostgreSQL rejects the statement.
func TestOracle(t *testing.T) {
	servers := pgservers.Start(t, pgservers.Majors()...)
	for _, s := range servers {
		t.Run(fmt.Sprintf("pg%d", s.Major), func(t *testing.T) {
			t.Parallel()
			o := newOracle(t, s)
			defer o.close()
			for i, row := range locks.Rows() {
				if !row.PG.Contains(s.Major) || row.Example.SQL == "" {
					continue
				}
				start := time.Now()
				err := o.check(fmt.Sprintf("r%d", i), row)
				if testing.Verbose() {
					t.Logf("%v %s", time.Since(start).Round(time.Millisecond), row.Name())
				}
				if err != nil {
					t.Errorf("%s: PostgreSQL %d disagrees:\n%v", row.Name(), s.Major, err)
				}
			}
		})
	}
}

type oracle struct {
	major   int
	a, b, c *pgx.Conn // a runs the statement, b observes, c blocks
}

func newOracle(t *testing.T, s *pgservers.Server) *oracle {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	ts, err := s.NewDir("oracle_ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE DATABASE oracle", "CREATE ROLE oracle_owner",
		"CREATE TABLESPACE oracle_ts LOCATION '" + ts + "'"} {
		if _, err := admin.Exec(ctx, q); err != nil {
			t.Fatalf("PostgreSQL %d: %s: %v", s.Major, q, err)
		}
	}
	url := strings.Replace(s.URL, "/postgres?", "/oracle?", 1)
	o := &oracle{major: s.Major}
	for _, c := range []**pgx.Conn{&o.a, &o.b, &o.c} {
		if *c, err = pgx.Connect(ctx, url); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := o.a.Exec(ctx, "CREATE FOREIGN DATA WRAPPER oracle_fdw; CREATE SERVER oracle_server FOREIGN DATA WRAPPER oracle_fdw"); err != nil {
		t.Fatal(err)
	}
	return o
}

func (o *oracle) close() {
	for _, c := range []*pgx.Conn{o.a, o.b, o.c} {
		if c != nil {
			c.Close(context.Background())
		}
	}
}

// relation is one fixture relation as the oracle sees it.
type relation struct {
	oid      uint32
	kind     string // pg_class.relkind
	filenode *uint32
}

// setUp creates the fixture and the row's setup in schema, and returns
// how to drop them again.
func (o *oracle) setUp(ctx context.Context, schema string, row *locks.Row) (func() error, error) {
	setup := locks.Fixture
	if row.Example.Setup != "" {
		setup += ";\n" + strings.ReplaceAll(row.Example.Setup, "{schema}", schema)
	}
	if tz := row.Example.Session.TimeZone; tz != "" {
		setup += fmt.Sprintf(";\nSET TimeZone = '%s'", tz)
	}
	drop := func() error {
		_, err := o.a.Exec(context.Background(), fmt.Sprintf("ROLLBACK; DROP SCHEMA IF EXISTS %[1]s CASCADE; DROP SCHEMA IF EXISTS %[1]s_2 CASCADE; RESET search_path; RESET TimeZone", schema))
		return err
	}
	if _, err := o.a.Exec(ctx, fmt.Sprintf("CREATE SCHEMA %[1]s; SET search_path = %[1]s; %s", schema, setup)); err != nil {
		_ = drop()
		return nil, fmt.Errorf("fixture: %w", err)
	}
	return drop, nil
}

func (o *oracle) check(schema string, row *locks.Row) (err error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ex := row.Example
	sql := strings.ReplaceAll(ex.SQL, "{schema}", schema)
	drop, err := o.setUp(ctx, schema, row)
	if err != nil {
		return err
	}
	defer func() {
		if dropErr := drop(); dropErr != nil && err == nil {
			err = dropErr
		}
	}()
	before, err := o.relations(ctx, o.a, schema)
	if err != nil {
		return err
	}
	target := ex.Target
	if target == "" {
		target = "t"
	}
	roles, err := o.roles(ctx, row, target, before)
	if err != nil {
		return err
	}

	var held map[string]locks.Mode
	var scans map[string]int64
	var after map[string]relation
	var runErr error
	blocked := blockedRelation(row, roles)
	var expected locks.Mode
	for _, tc := range row.Touches {
		for _, rel := range roles[tc.Role] {
			if rel == blocked {
				expected = tc.Mode
			}
		}
	}
	switch {
	case ex.NoTx && row.Rejected != "":
		_, runErr = o.a.Exec(ctx, sql)
	case ex.NoTx:
		held, scans, after, _, runErr = o.runOutside(ctx, schema, sql, blocked, weakestBlocker(expected))
	default:
		held, scans, after, runErr = o.runInside(ctx, schema, sql)
	}
	if row.Rejected != "" {
		switch {
		case runErr == nil:
			return fmt.Errorf("the table says PostgreSQL rejects it (%q), but it ran", row.Rejected)
		case !strings.Contains(runErr.Error(), row.Rejected):
			return fmt.Errorf("the table says PostgreSQL rejects it with %q; it failed with: %v", row.Rejected, runErr)
		}
		return nil
	}
	if runErr != nil {
		return runErr
	}

	var problems []string
	named := map[string]bool{}
	for _, tc := range row.Touches {
		for _, rel := range roles[tc.Role] {
			named[rel] = true
			if ex.NoTx && rel == blocked && held == nil {
				problems = append(problems, fmt.Sprintf("%s (%s): the statement did not wait for a session holding %s, so its lock there is weaker than the table's %s",
					rel, tc.Role, weakestBlocker(tc.Mode), tc.Mode))
			} else if !ex.NoTx || rel == blocked {
				if got := held[rel]; got != tc.Mode {
					problems = append(problems, fmt.Sprintf("%s (%s): lock %s, the table says %s", rel, tc.Role, got, tc.Mode))
				}
			}
			b := before[rel]
			a, ok := afterOf(after, rel, b)
			rewritten := ok && b.filenode != nil && (a.filenode == nil || *a.filenode != *b.filenode)
			scanned := scans[rel] > 0
			var got locks.Work
			switch {
			case rewritten && (tc.Work == locks.Empty || tc.Work == locks.Rewrite):
				got = tc.Work // both replace the storage; the row says which
			case rewritten:
				got = locks.Rewrite
			case scanned:
				got = locks.Scan
			case ex.ScanUncounted && tc.Work == locks.Scan:
				got = locks.Scan
			}
			if got != tc.Work {
				problems = append(problems, fmt.Sprintf("%s (%s): %s (filenode %v → %v, %d sequential scans), the table says %s",
					rel, tc.Role, got, deref(b.filenode), deref(a.filenode), scans[rel], tc.Work))
			}
		}
	}
	if !ex.NoTx {
		for _, name := range slices.Sorted(maps.Keys(before)) {
			rel := before[name]
			if named[name] || !strings.ContainsAny(rel.kind, "rpmf") || name == "oracle_marker" {
				continue
			}
			if m := held[name]; m > locks.AccessShare {
				problems = append(problems, fmt.Sprintf("%s: lock %s, and the table names no lock on it", name, m))
			}
		}
	}
	if ex.NoTx && weakestBlocker(expected) > locks.AccessShare && len(problems) == 0 {
		// Nothing stronger: a session holding the next weaker mode must
		// not make the statement wait.
		if err := drop(); err != nil {
			return err
		}
		if drop, err = o.setUp(ctx, schema, row); err != nil {
			return err
		}
		weaker := weakestBlocker(expected) - 1
		_, _, _, waited, err := o.runOutside(ctx, schema, sql, blocked, weaker)
		if err != nil {
			return err
		}
		if waited {
			problems = append(problems, fmt.Sprintf("%s: waits for a session holding %s, so it takes a lock stronger than %s", blocked, weaker, expected))
		}
	}
	if len(problems) > 0 {
		return errors.New("  " + strings.Join(problems, "\n  "))
	}
	return nil
}

// afterOf finds a relation after the statement: by OID (a rename keeps
// it), else by name (REINDEX CONCURRENTLY swaps a new index in under the
// old name); ok is false when the statement dropped it.
func afterOf(after map[string]relation, name string, b relation) (relation, bool) {
	for _, a := range after {
		if a.oid == b.oid {
			return a, true
		}
	}
	a, ok := after[name]
	return a, ok
}

func deref(p *uint32) any {
	if p == nil {
		return "none"
	}
	return *p
}

// blockedRelation is the relation another session locks to make a
// statement that runs outside a transaction wait, so its lock shows: the
// index's table for statements on an index, else the relation named.
func blockedRelation(row *locks.Row, roles map[locks.Role][]string) string {
	if rels := roles[locks.TableOf]; len(rels) == 1 {
		return rels[0]
	}
	if rels := roles[locks.Target]; len(rels) == 1 {
		return rels[0]
	}
	return ""
}

// roles maps each role of the row onto fixture relations.
func (o *oracle) roles(ctx context.Context, row *locks.Row, target string, rels map[string]relation) (map[locks.Role][]string, error) {
	out := map[locks.Role][]string{locks.Target: {target}}
	tgt, ok := rels[target]
	if !ok && row.Rejected == "" && !strings.HasPrefix(row.Command, "CREATE TABLE") {
		return nil, fmt.Errorf("the example's target %s is not in the fixture", target)
	}
	query := func(q string) ([]string, error) {
		rows, err := o.a.Query(ctx, q, tgt.oid)
		if err != nil {
			return nil, err
		}
		return pgx.CollectRows(rows, pgx.RowTo[string])
	}
	for _, tc := range row.Touches {
		var names []string
		var err error
		switch {
		case tc.Role == locks.Target:
			continue
		case tc.Rel != "":
			names = []string{tc.Rel}
		case tc.Role == locks.Partitions && tgt.kind == "I":
			names, err = query(`SELECT c.relname FROM pg_index x JOIN pg_inherits i ON i.inhparent = x.indrelid
				JOIN pg_class c ON c.oid = i.inhrelid WHERE x.indexrelid = $1 ORDER BY 1`)
		case tc.Role == locks.Partitions:
			names, err = query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1 ORDER BY 1")
		case tc.Role == locks.Indexes:
			names, err = query("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1 ORDER BY 1")
		case tc.Role == locks.TableOf:
			names, err = query("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE i.indexrelid = $1")
		case tc.Role == locks.Parent:
			names, err = query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhparent WHERE i.inhrelid = $1")
		default:
			names = []string{defaultRel[tc.Role]}
		}
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if _, ok := rels[n]; !ok {
				return nil, fmt.Errorf("%s (%s) is not in the fixture", n, tc.Role)
			}
		}
		if len(names) == 0 {
			return nil, fmt.Errorf("no fixture relation plays %s", tc.Role)
		}
		out[tc.Role] = names
	}
	return out, nil
}

// relations reads the schema's relations and their storage.
func (o *oracle) relations(ctx context.Context, conn *pgx.Conn, schema string) (map[string]relation, error) {
	rows, err := conn.Query(ctx, `SELECT c.relname, c.oid, c.relkind::text, pg_relation_filenode(c.oid)
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1`, schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]relation{}
	for rows.Next() {
		var name string
		var r relation
		if err := rows.Scan(&name, &r.oid, &r.kind, &r.filenode); err != nil {
			return nil, err
		}
		out[name] = r
	}
	return out, rows.Err()
}

// locksOf reads the locks session pid holds (or awaits, when awaiting) on
// the schema's relations, the strongest per relation.
func (o *oracle) locksOf(ctx context.Context, pid uint32, schema string, awaiting bool) (map[string]locks.Mode, error) {
	rows, err := o.b.Query(ctx, `SELECT c.relname, l.mode FROM pg_locks l
		JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE l.pid = $1 AND n.nspname = $2 AND l.locktype = 'relation' AND (l.granted OR $3)`, int32(pid), schema, awaiting)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]locks.Mode{}
	for rows.Next() {
		var name, mode string
		if err := rows.Scan(&name, &mode); err != nil {
			return nil, err
		}
		if m := locks.ModeFromPgLocks(mode); m > out[name] {
			out[name] = m
		}
	}
	return out, rows.Err()
}

// runInside runs the statement in a transaction on a, reads its locks from
// b, and its scans and storage from a before rolling back.
func (o *oracle) runInside(ctx context.Context, schema, sql string) (map[string]locks.Mode, map[string]int64, map[string]relation, error) {
	if _, err := o.a.Exec(ctx, "BEGIN"); err != nil {
		return nil, nil, nil, err
	}
	// The transaction's counters start with whatever earlier transactions
	// of the session have not flushed yet: count from here.
	base, err := scanCounts(ctx, o.a, "pg_stat_xact_user_tables", schema)
	if err != nil {
		return nil, nil, nil, err
	}
	if _, err := o.a.Exec(ctx, sql); err != nil {
		return nil, nil, nil, err
	}
	held, err := o.locksOf(ctx, o.a.PgConn().PID(), schema, false)
	if err != nil {
		return nil, nil, nil, err
	}
	scans, err := scanCounts(ctx, o.a, "pg_stat_xact_user_tables", schema)
	if err != nil {
		return nil, nil, nil, err
	}
	for k := range scans {
		scans[k] -= base[k]
	}
	after, err := o.relations(ctx, o.a, schema)
	if err != nil {
		return nil, nil, nil, err
	}
	_, err = o.a.Exec(ctx, "ROLLBACK")
	return held, scans, after, err
}

// weakestBlocker is the weakest lock mode that conflicts with m. Each
// mode conflicts with a superset of the modes the weaker ones conflict
// with, so a statement waits for a session holding weakestBlocker(m)
// exactly when it asks for m or a stronger mode.
func weakestBlocker(m locks.Mode) locks.Mode {
	for b := locks.AccessShare; b <= locks.AccessExclusive; b++ {
		if b.ConflictsWith(m) {
			return b
		}
	}
	return locks.None
}

// runOutside runs a statement PostgreSQL refuses inside a transaction
// block. c holds block on the blocked relation; when the statement waits
// for it, b reads what a holds and awaits there, then c lets it finish;
// waited says whether it did. Scans are read from the cumulative statistics
// once a's later scan of the marker table shows they have arrived.
func (o *oracle) runOutside(ctx context.Context, schema, sql, blocked string, block locks.Mode) (held map[string]locks.Mode, scans map[string]int64, after map[string]relation, waited bool, err error) {
	base, err := o.flushedScans(ctx, schema, 1)
	if err != nil {
		return nil, nil, nil, false, err
	}
	if _, err := o.c.Exec(ctx, fmt.Sprintf("BEGIN; LOCK TABLE %s.%s IN %s MODE", schema, blocked, block)); err != nil {
		return nil, nil, nil, false, err
	}
	done := make(chan error, 1)
	pid := o.a.PgConn().PID()
	go func() {
		_, err := o.a.Exec(ctx, sql)
		done <- err
	}()
	var runErr, waitErr error
	finished := false
poll:
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		select {
		case runErr = <-done:
			finished = true
			break poll
		default:
		}
		// Waiting for the blocked relation shows the lock it asks for;
		// waiting for c's transaction to end (CREATE INDEX CONCURRENTLY
		// waits out older writers) is not a wait for the relation.
		var lockWait, onRelation bool
		if waitErr = o.b.QueryRow(ctx, `SELECT coalesce(a.wait_event_type = 'Lock', false),
			EXISTS (SELECT FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE l.pid = a.pid AND NOT l.granted AND n.nspname = $2 AND c.relname = $3)
			FROM pg_stat_activity a WHERE a.pid = $1`, int32(pid), schema, blocked).Scan(&lockWait, &onRelation); waitErr != nil {
			break
		}
		if onRelation {
			waited = true
			held, waitErr = o.locksOf(ctx, pid, schema, true)
			break
		}
		if lockWait {
			break
		}
		if time.Now().After(deadline) {
			waitErr = errors.New("the statement neither finished nor waited for a lock in 20 s")
			break
		}
	}
	if _, err := o.c.Exec(ctx, "COMMIT"); err != nil && waitErr == nil {
		waitErr = err
	}
	if !finished {
		runErr = <-done
	}
	if runErr != nil {
		return nil, nil, nil, false, runErr
	}
	if waitErr != nil {
		return nil, nil, nil, false, waitErr
	}
	if scans, err = o.flushedScans(ctx, schema, base["oracle_marker"]+1); err != nil {
		return nil, nil, nil, false, err
	}
	for k := range scans {
		scans[k] -= base[k]
	}
	after, err = o.relations(ctx, o.b, schema)
	return held, scans, after, waited, err
}

// flushedScans makes a scan the marker table and waits until the
// cumulative statistics b reads show the marker's count reach want, so
// they hold every scan a made before; it returns the schema's counts.
func (o *oracle) flushedScans(ctx context.Context, schema string, want int64) (map[string]int64, error) {
	if _, err := o.a.Exec(ctx, "SELECT count(*) FROM oracle_marker"); err != nil {
		return nil, err
	}
	if o.major >= 15 {
		if _, err := o.a.Exec(ctx, "SELECT pg_stat_force_next_flush()"); err != nil {
			return nil, err
		}
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		// Before 15 a backend sends its statistics only when it goes idle
		// at least 500 ms after the last send: keep a going idle.
		if _, err := o.a.Exec(ctx, "SELECT 1"); err != nil {
			return nil, err
		}
		if _, err := o.b.Exec(ctx, "SELECT pg_stat_clear_snapshot()"); err != nil {
			return nil, err
		}
		scans, err := scanCounts(ctx, o.b, "pg_stat_user_tables", schema)
		if err != nil {
			return nil, err
		}
		if scans["oracle_marker"] >= want {
			return scans, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the statistics never showed the marker table's scan %d", want)
		}
	}
}

func scanCounts(ctx context.Context, conn *pgx.Conn, view, schema string) (map[string]int64, error) {
	rows, err := conn.Query(ctx, "SELECT relname, coalesce(seq_scan, 0) FROM "+view+" WHERE schemaname = $1", schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, rows.Err()
}
