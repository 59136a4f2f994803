package drift

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/migration"
)

// Query runs one read-only statement of the caller's (preflight's data
// checks) in the session's snapshot and returns at most limit rows, each
// value as pgx decodes it. The statement runs in its own savepoint with
// its own statement_timeout, so a statement that fails or is cancelled
// leaves the session usable and the snapshot unchanged. Reading stops at
// limit rows: callers put a LIMIT in the SQL, and this is the guard.
func (s *Session) Query(ctx context.Context, timeout time.Duration, limit int, sql string, args ...any) ([][]any, error) {
	sp, err := s.tx.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("savepoint: %w", err)
	}
	defer sp.Rollback(ctx) // a no-op after Commit (RELEASE SAVEPOINT)
	if timeout > 0 {
		if _, err := sp.Exec(ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", max(timeout.Milliseconds(), 1))); err != nil {
			return nil, err
		}
	}
	rows, err := sp.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	var out [][]any
	for len(out) < limit && rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := sp.Commit(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// Check reads the database's catalog and compares it with the schema
// files build (Compare, with the server's own text for constants). The
// live catalog is returned too, normalized as Compare leaves it.
func (s *Session) Check(ctx context.Context, files []*migration.File, dir string, shared *catalog.Replays) (Result, *catalog.Catalog, error) {
	live, err := s.Catalog(ctx)
	if err != nil {
		return Result{}, nil, err
	}
	res := Compare(Input{Files: files, Live: live, Dir: dir, Replays: shared,
		Constant: func(typ, lit string) (string, bool) { return s.Constant(ctx, typ, lit) }})
	return res, live, nil
}

// TimedOut reports whether err is a statement cancelled by
// statement_timeout or a lock not granted within lock_timeout.
func TimedOut(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "57014" || pg.Code == "55P03")
}
