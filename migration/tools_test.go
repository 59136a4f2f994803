package migration

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestToolTransactionModels checks, per layout, whether each up script's
// statements run in a transaction, as the tool runs them: true/false per
// statement, in order.
func TestToolTransactionModels(t *testing.T) {
	const twoCIC = "CREATE INDEX CONCURRENTLY a ON t (a);\nCREATE INDEX CONCURRENTLY b ON t (b);\n"
	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
		want [][]bool // per migration, per statement
	}{
		{"prisma sends the file as one query: an implicit transaction", fstest.MapFS{
			"migration_lock.toml":                        file("provider = \"postgresql\""),
			"20240101000000_idx/migration.sql":           file(twoCIC),
			"20240102000000_one_statement/migration.sql": file("CREATE INDEX CONCURRENTLY c ON t (c);"),
		}, [][]bool{{true, true}, {false}}},
		{"prisma folders sharing a timestamp are both run, by folder name", fstest.MapFS{
			"20240101000000_b/migration.sql": file("CREATE TABLE b (id int);"),
			"20240101000000_a/migration.sql": file("CREATE TABLE a (id int);"),
		}, [][]bool{{false}, {false}}},
		{"golang-migrate: one query", fstest.MapFS{
			"1_a.up.sql": file(twoCIC),
		}, [][]bool{{true, true}}},
		{"dbmate transaction:false still sends one query", fstest.MapFS{
			"20240101_a.sql": file("-- migrate:up transaction:false\n" + twoCIC + "-- migrate:down\nSELECT 1;\n"),
			"20240102_b.sql": file("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY c ON t (c);\n-- migrate:down\nSELECT 1;\n"),
		}, [][]bool{{true, true}, {false}}},
		{"flyway runs a file of only non-transactional statements outside a transaction", fstest.MapFS{
			"V1__idx.sql":   file(twoCIC),
			"V2__mixed.sql": file("ALTER TABLE t ADD COLUMN d int;\nCREATE INDEX CONCURRENTLY d ON t (d);\n"),
			"V3__plain.sql": file("ALTER TABLE t ADD COLUMN e int;\n"),
			"V4__reidx.sql": file("REINDEX (CONCURRENTLY) INDEX a;\nVACUUM t;\nDROP INDEX CONCURRENTLY b;\n"),
			"V5__not.sql":   file("REINDEX (CONCURRENTLY false) INDEX a;\n"),
		}, [][]bool{{false, false}, {true, true}, {true}, {false, false, false}, {true}}},
		{"diesel run_in_transaction = false: one batch, an implicit transaction", fstest.MapFS{
			"2024-01-01-000000_idx/up.sql":        file(twoCIC),
			"2024-01-01-000000_idx/metadata.toml": file("run_in_transaction = false\n"),
			"2024-01-02-000000_one/up.sql":        file("CREATE INDEX CONCURRENTLY c ON t (c);"),
			"2024-01-02-000000_one/metadata.toml": file("run_in_transaction = false\n"),
			"2024-01-03-000000_tx/up.sql":         file("CREATE INDEX CONCURRENTLY d ON t (d);"),
		}, [][]bool{{true, true}, {false}, {true}}},
		{"goose wraps", fstest.MapFS{
			"1_a.sql": file("-- +goose Up\n" + twoCIC),
		}, [][]bool{{true, true}}},
		{"postgres-migrations wraps each file; disable-transaction still sends one query", fstest.MapFS{
			"0001-init.sql":    file("CREATE TABLE t (a int, b int);\nCREATE INDEX a ON t (a);\n"),
			"0002-idx.sql":     file("-- postgres-migrations disable-transaction\nCREATE INDEX CONCURRENTLY b ON t (b);\n"),
			"0003-two.sql":     file("-- postgres-migrations disable-transaction\n" + twoCIC),
			"0004_plain.sql":   file("ALTER TABLE t ADD COLUMN c int;\n"),
			"notes/0005-x.sql": file("SELECT 1;\n"),
		}, [][]bool{{true, true}, {false}, {true, true}, {true}}},
		{"drizzle runs every pending migration in one transaction", fstest.MapFS{
			"meta/_journal.json": file(`{"entries": []}`),
			"0000_init.sql":      file("CREATE TABLE t (a int, b int);--> statement-breakpoint\nCREATE INDEX a ON t (a);\n"),
			"0001_idx.sql":       file("CREATE INDEX CONCURRENTLY b ON t (b);\n"),
		}, [][]bool{{true, true}, {true}}},
		{"sqlx wraps each file unless it starts with -- no-transaction; then one query", fstest.MapFS{
			"1_init.sql": file("-- Add migration script here\nCREATE TABLE t (a int, b int);\nCREATE INDEX a ON t (a);\n"),
			"2_idx.sql":  file("CREATE INDEX CONCURRENTLY b ON t (b);\n"),
			"3_two.sql":  file("-- no-transaction\n" + twoCIC),
			"4_one.sql":  file("-- no-transaction\nCREATE INDEX CONCURRENTLY c ON t (c);\n"),
			"5_late.sql": file("SELECT 1;\n-- no-transaction\nCREATE INDEX CONCURRENTLY d ON t (d);\n"),
		}, [][]bool{{true, true}, {true}, {true, true}, {false}, {true, true}}},
		{"sql-migrate wraps each direction unless one of its annotations says notransaction", fstest.MapFS{
			"1.sql": file("-- +migrate Up\nALTER TABLE t ADD COLUMN d int;\n-- +migrate Up\nALTER TABLE t ADD COLUMN e int;\n-- +migrate Down\nSELECT 1;\n"),
			"2.sql": file("-- +migrate Up\nSET lock_timeout = '2s';\n-- +migrate Up notransaction\n" + twoCIC),
		}, [][]bool{{true, true}, {false, false, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set, err := Load(tc.fs, ".", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Findings) > 0 {
				t.Fatalf("findings: %v", set.Findings)
			}
			var got [][]bool
			for _, m := range set.Migrations {
				var tx []bool
				for _, st := range m.Up.Statements {
					tx = append(tx, st.InTransaction())
				}
				got = append(got, tx)
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Errorf("in transaction: %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPrismaSameTimestampOrder(t *testing.T) {
	set, err := Load(fstest.MapFS{
		"20240101000000_b/migration.sql": file("CREATE TABLE b (id int);"),
		"20240101000000_a/migration.sql": file("CREATE TABLE a (id int);"),
		"20231231000000_z/migration.sql": file("CREATE TABLE z (id int);"),
	}, ".", Options{Layout: LayoutPrisma})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range set.Migrations {
		order = append(order, m.Up.Path)
	}
	want := []string{"20231231000000_z/migration.sql", "20240101000000_a/migration.sql", "20240101000000_b/migration.sql"}
	if !slices.Equal(order, want) || len(set.Findings) > 0 {
		t.Errorf("order %v (findings %v), want %v and no findings", order, set.Findings, want)
	}
}

func TestEveryLayoutHasATool(t *testing.T) {
	for _, l := range []Layout{LayoutGolangMigrate, LayoutGoose, LayoutFlyway, LayoutDbmate, LayoutPrisma, LayoutAtlas,
		LayoutDiesel, LayoutSqitch, LayoutPopx, LayoutTemporal, LayoutSQLMigrate, LayoutPGMigrations, LayoutDrizzle, LayoutSqlx, LayoutPlain} {
		tool := ToolFor(l)
		if tool == nil {
			t.Errorf("%s: no tool", l)
			continue
		}
		if l != LayoutPlain && len(tool.Bookkeeping.Tables) == 0 {
			t.Errorf("%s: no bookkeeping table", l)
		}
	}
}

// countingFS counts the files opened through it.
type countingFS struct {
	fstest.MapFS
	opened *atomic.Int64
}

func (c countingFS) Open(name string) (fs.File, error) {
	if !strings.HasSuffix(name, ".") {
		c.opened.Add(1)
	}
	return c.MapFS.Open(name)
}

// settle waits until n has not changed for a while.
func settle(n *atomic.Int64) {
	for last := int64(-1); n.Load() != last; {
		last = n.Load()
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStreamIsBounded: Stream hands migrations over in Load's order and
// reads only a window of files ahead of its caller (aheadFiles of small
// ones, fewer of large ones: aheadBytes), so a caller that lets go of each
// migration never holds a whole directory's parse trees.
func TestStreamIsBounded(t *testing.T) {
	workers := runtime.GOMAXPROCS(0)
	for _, tc := range []struct {
		name      string
		size      int // bytes of each file
		wantAhead int // most files read ahead of the caller
	}{
		{"small files", 30, aheadFiles + workers},
		{"large files", aheadBytes / 4, 4 + workers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for i := range 200 {
				stmt := fmt.Sprintf("CREATE TABLE t%d (id int);", i)
				fsys[fmt.Sprintf("%d_m.up.sql", i)] = file(stmt + strings.Repeat(" ", max(0, tc.size-len(stmt))))
			}
			want, err := Load(fsys, ".", Options{Layout: LayoutGolangMigrate})
			if err != nil {
				t.Fatal(err)
			}
			var opened atomic.Int64
			var got []string
			most := 0
			_, err = Stream(countingFS{fsys, &opened}, ".", Options{Layout: LayoutGolangMigrate}, func(m *Migration) {
				got = append(got, m.Up.Path)
				if len(got)%50 == 1 { // let the workers run as far ahead as they may
					settle(&opened)
				}
				most = max(most, int(opened.Load())-len(got))
			})
			if err != nil {
				t.Fatal(err)
			}
			if most > tc.wantAhead {
				t.Errorf("%d files read ahead of the caller at most, want at most %d", most, tc.wantAhead)
			}
			for i, m := range want.Migrations {
				if i >= len(got) || got[i] != m.Up.Path {
					t.Fatalf("Stream order %v differs from Load's at %d", got, i)
				}
			}
		})
	}
}

// TestSqlxTransactionModelOnPostgreSQL runs sqlx migrations as
// sqlx-postgres's apply does (BEGIN, the whole file as one simple-protocol
// query, COMMIT; with "-- no-transaction" first, the one query alone) on
// PostgreSQL, and holds the layout's model to what PostgreSQL does: a
// CREATE INDEX CONCURRENTLY the model puts in a transaction fails there
// with 25001, and one it leaves alone succeeds.
func TestSqlxTransactionModelOnPostgreSQL(t *testing.T) {
	url := testenv.Database(t)
	conn := testenv.Connect(t, url)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"1_init.sql": file("-- Add migration script here\nCREATE TABLE t (a int, b int, c int, d int);\n"),
		"2_idx.sql":  file("CREATE INDEX CONCURRENTLY b ON t (b);\n"),
		"3_two.sql":  file("-- no-transaction\nCREATE INDEX CONCURRENTLY a ON t (a);\nCREATE INDEX CONCURRENTLY c ON t (c);\n"),
		"4_one.sql":  file("-- no-transaction\nCREATE INDEX CONCURRENTLY c ON t (c);\n"),
		"5_late.sql": file("SELECT 1;\n-- no-transaction\nCREATE INDEX CONCURRENTLY d ON t (d);\n"),
	}
	set, err := Load(fsys, ".", Options{})
	if err != nil || set.Layout != LayoutSqlx {
		t.Fatalf("layout %v (%v), want sqlx", set.Layout, err)
	}
	for _, m := range set.Migrations {
		inTx := false
		for _, st := range m.Up.Statements {
			if NonTransactional(st.Node) && st.InTransaction() {
				inTx = true
			}
		}
		src := string(m.Up.Source)
		var runErr error
		if m.Up.NoTransaction {
			_, runErr = conn.PgConn().Exec(ctx, src).ReadAll()
		} else {
			if _, err := conn.Exec(ctx, "BEGIN"); err != nil {
				t.Fatal(err)
			}
			_, runErr = conn.PgConn().Exec(ctx, src).ReadAll()
			end := "COMMIT"
			if runErr != nil {
				end = "ROLLBACK"
			}
			if _, err := conn.Exec(ctx, end); err != nil {
				t.Fatal(err)
			}
		}
		var pgErr *pgconn.PgError
		refused := errors.As(runErr, &pgErr) && pgErr.Code == "25001"
		if runErr != nil && !refused {
			t.Fatalf("%s: %v", m.Up.Path, runErr)
		}
		if refused != inTx {
			t.Errorf("%s: PostgreSQL refused it: %v; the model puts a CONCURRENTLY in a transaction: %v", m.Up.Path, refused, inTx)
		}
	}
}
