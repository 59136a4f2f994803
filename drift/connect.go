package drift

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/catalog/introspect"
)

// Limits bound what reading a database may cost the server.
type Limits struct {
	// StatementTimeout cancels any one catalog query that runs longer
	// (default 30s).
	StatementTimeout time.Duration
	// LockTimeout gives up waiting for a lock (default 5s): catalog reads
	// take none that conflict with normal work, but a pending ACCESS
	// EXCLUSIVE lock would otherwise queue them.
	LockTimeout time.Duration
}

func (l Limits) withDefaults() Limits {
	if l.StatementTimeout <= 0 {
		l.StatementTimeout = 30 * time.Second
	}
	if l.LockTimeout <= 0 {
		l.LockTimeout = 5 * time.Second
	}
	return l
}

// Connect opens a session that cannot write: every transaction in it is
// read-only by default (default_transaction_read_only, set when the session
// starts), and statement_timeout and lock_timeout bound each query.
func Connect(ctx context.Context, dbURL string, limits Limits) (*pgx.Conn, error) {
	limits = limits.withDefaults()
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", Redact(dbURL), err)
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["statement_timeout"] = fmt.Sprint(limits.StatementTimeout.Milliseconds())
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(limits.LockTimeout.Milliseconds())
	cfg.RuntimeParams["idle_in_transaction_session_timeout"] = fmt.Sprint((2 * limits.StatementTimeout).Milliseconds())
	cfg.RuntimeParams["application_name"] = "schemacheck drift"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", Redact(dbURL), err)
	}
	return conn, nil
}

// Session is a read-only, repeatable-read transaction on the database:
// every query drift makes sees the same snapshot, and none can write.
type Session struct {
	conn *pgx.Conn
	tx   pgx.Tx
	url  string
}

// Open connects with Connect and begins the session's transaction.
func Open(ctx context.Context, dbURL string, limits Limits) (*Session, error) {
	conn, err := Connect(ctx, dbURL, limits)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		conn.Close(context.Background())
		return nil, fmt.Errorf("%s: begin a read-only transaction: %w", Redact(dbURL), err)
	}
	return &Session{conn: conn, tx: tx, url: dbURL}, nil
}

// Catalog introspects the database.
func (s *Session) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	c, err := introspect.Read(ctx, s.tx.Conn())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Redact(s.url), err)
	}
	return c, nil
}

// Constant returns the server's text for the literal lit read as type
// typ, as the server stores a default: '3 minutes'::interval is
// '00:03:00', '1970-01-01 00:00:01+00' as a timestamp without time zone
// loses its offset. Only the type's input and output functions run; ok is
// false when the type rejects the value or the query fails.
func (s *Session) Constant(ctx context.Context, typ, lit string) (string, bool) {
	if !typeName.MatchString(typ) { // typ is spliced into the query: a type name and nothing else
		return "", false
	}
	sp, err := s.tx.Begin(ctx) // a savepoint: a rejected value must not abort the session
	if err != nil {
		return "", false
	}
	defer sp.Rollback(ctx)
	var out string
	if err := sp.QueryRow(ctx, "SELECT $1::text::"+typ+"::text", lit).Scan(&out); err != nil {
		return "", false
	}
	return out, true
}

var typeName = regexp.MustCompile(`(?i)^` + typePattern + `$`)

// Close ends the transaction and the connection.
func (s *Session) Close() {
	_ = s.tx.Rollback(context.Background())
	_ = s.conn.Close(context.Background())
}

// Redact hides the password in a connection URL for messages. A string
// that is not a URL (a key=value DSN) is not echoed at all.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.Scheme == "" {
		return "the database (connection string not shown)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
