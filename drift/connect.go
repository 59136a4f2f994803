package drift

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
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
	if err := CheckURL(dbURL); err != nil {
		return nil, err
	}
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", Redact(dbURL), scrub(err, dbURL))
	}
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
	cfg.RuntimeParams["statement_timeout"] = fmt.Sprint(limits.StatementTimeout.Milliseconds())
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(limits.LockTimeout.Milliseconds())
	cfg.RuntimeParams["idle_in_transaction_session_timeout"] = fmt.Sprint((2 * limits.StatementTimeout).Milliseconds())
	cfg.RuntimeParams["application_name"] = "schemacheck drift"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", Redact(dbURL), scrub(err, dbURL))
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
		return nil, fmt.Errorf("%s: begin a read-only transaction: %w", Redact(dbURL), scrub(err, dbURL))
	}
	return &Session{conn: conn, tx: tx, url: dbURL}, nil
}

// Catalog introspects the database.
func (s *Session) Catalog(ctx context.Context) (*catalog.Catalog, error) {
	c, err := introspect.Read(ctx, s.tx.Conn())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Redact(s.url), scrub(err, s.url))
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

// ErrNotPostgresURL is CheckURL's error: the string is not shown in it.
var ErrNotPostgresURL = errors.New("the connection string is neither a postgres:// or postgresql:// URL nor key=value settings (host=… dbname=…); it is not shown, since it may hold a password")

// keyValue is how a key=value connection string starts.
var keyValue = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_]*\s*=`)

// CheckURL accepts the two connection string forms libpq documents: a
// postgres:// or postgresql:// URL, or key=value settings. Anything else
// (postgres:/one-slash, a mistyped scheme, a value that is no connection
// string) would be read as key=value settings, sent to the default server
// and quoted back in its error, so it is refused before it is parsed.
func CheckURL(dbURL string) error {
	if isURL(dbURL) {
		if _, err := url.Parse(dbURL); err != nil {
			return fmt.Errorf("the connection URL does not parse (not shown, since it may hold a password): check its escaping: %w", ErrNotPostgresURL)
		}
		return nil
	}
	if keyValue.MatchString(dbURL) {
		return nil
	}
	return ErrNotPostgresURL
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// secrets are the values in a connection string that must never be
// printed: the URL's password and every parameter whose name holds
// "password" (password, sslpassword: the sslkey's passphrase, …).
func secrets(dbURL string) []string {
	var out []string
	if isURL(dbURL) {
		u, err := url.Parse(dbURL)
		if err != nil {
			return nil
		}
		if pw, ok := u.User.Password(); ok {
			out = append(out, pw, url.PathEscape(pw), url.QueryEscape(pw))
		}
		for k, vs := range u.Query() {
			if secretKey(k) {
				for _, v := range vs {
					out = append(out, v, url.QueryEscape(v))
				}
			}
		}
		return out
	}
	for _, kv := range kvPair.FindAllStringSubmatch(dbURL, -1) {
		if secretKey(kv[1]) {
			out = append(out, strings.Trim(kv[2], "'"))
		}
	}
	return out
}

var kvPair = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)`)

func secretKey(k string) bool { return strings.Contains(strings.ToLower(k), "password") }

// scrub hides, in an error about dbURL, the connection string and each of
// its secrets: a server's or parser's message may quote them.
func scrub(err error, dbURL string) error {
	msg := err.Error()
	clean := msg
	if dbURL != "" {
		clean = strings.ReplaceAll(clean, dbURL, "the connection string")
	}
	for _, s := range secrets(dbURL) {
		if len(s) >= 3 {
			clean = strings.ReplaceAll(clean, s, "xxxxx")
		}
	}
	if clean == msg {
		return err
	}
	return errors.New(clean)
}

// Redact hides every secret of a connection URL for messages: the
// password and every parameter whose name holds "password". A string that
// is not a postgres:// URL (key=value settings, anything malformed) is not
// echoed at all.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || !isURL(dbURL) {
		return "the database (connection string not shown)"
	}
	q := u.Query()
	for k := range q {
		if secretKey(k) {
			q.Set(k, "xxxxx")
		}
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	out := u.Redacted()
	for _, s := range secrets(dbURL) { // also where no secret belongs (a database named after the password)
		if len(s) >= 3 {
			out = strings.ReplaceAll(out, s, "xxxxx")
		}
	}
	return out
}
