package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/locks"
)

var safetyRules = []*Rule{
	requireConcurrentIndex, requireConcurrentIndexDrop, constraintWithoutNotValid,
	validateInSameTransaction, uniqueWithoutIndex, setNotNullWithoutCheck, addColumnRewrite, alterColumnTypeRewrite,
	requireLockTimeout, requireStatementTimeout, statementAfterExclusiveLock, vacuumFullOrCluster, detachPartitionBlocking, reindexBlocking,
	refreshBlocksReads, rejectedByPostgres,
}

var requireConcurrentIndex = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB101",
		Name:      "require-concurrent-index",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "CREATE INDEX without CONCURRENTLY on an existing table.",
		Rationale: "A plain index build holds a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits, for minutes on a large table. CONCURRENTLY builds without blocking writes.",
		Bad:       "CREATE INDEX orders_customer_id_idx ON orders (customer_id);",
		Good:      "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
		Fix:       "Build the index with CREATE INDEX CONCURRENTLY, in a migration that runs outside a transaction.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetIndexStmt()
		if s == nil || s.Concurrent {
			return
		}
		// The build: CREATE INDEX … ON ONLY a partitioned table builds
		// nothing (it is the first step of the partitioned recipe).
		effects := p.EffectsOf(func(e locks.Effect) bool { return e.Row.Command == locks.PlainIndex })
		if len(effects) == 0 {
			return
		}
		e := effects[0]
		t := p.Resolve(s.Relation)
		if e.Row.On == locks.Partitioned {
			p.ReportFix(t.String(), concurrentIndexRecipe(p, s),
				"CREATE INDEX without CONCURRENTLY takes %s on %s and each of its partitions: %s until the builds finish; PostgreSQL refuses CONCURRENTLY on a partitioned table, so build each partition's index CONCURRENTLY and attach it",
				e.Mode, t, e.Mode.Blocks())
			return
		}
		p.ReportFix(t.String(), concurrentIndexRecipe(p, s), "CREATE INDEX without CONCURRENTLY %s", p.lockDuring(e, "until the build finishes"))
	},
}

var requireConcurrentIndexDrop = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB102",
		Name:      "require-concurrent-index-drop",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "DROP INDEX without CONCURRENTLY on an existing table.",
		Rationale: "DROP INDEX takes ACCESS EXCLUSIVE on the index's table: it waits for every running query on the table and blocks all new ones behind it. DROP INDEX CONCURRENTLY waits for conflicting transactions without blocking others.",
		Bad:       "DROP INDEX orders_customer_id_idx;",
		Good:      "DROP INDEX CONCURRENTLY orders_customer_id_idx;",
		Fix:       "Use DROP INDEX CONCURRENTLY in a migration that runs outside a transaction.",
	}),
	Check: func(p *Pass) {
		s := p.Stmt.Node.GetDropStmt()
		if s == nil || s.RemoveType != pgast.ObjectType_OBJECT_INDEX || s.Concurrent {
			return
		}
		effects := p.Effects()
		ifExists := "" // kept: the recipe must run wherever the statement would
		if s.MissingOk {
			ifExists = "IF EXISTS "
		}
		for _, ix := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && e.Row.Family == locks.DropIndex }) {
			for _, e := range effects {
				if e.Group != ix.Group || e.Role != locks.TableOf || !p.Existing(e.Relation) {
					continue
				}
				if ix.Row.On == locks.PartitionedIndex {
					p.ReportFix(ix.Relation.Name, "SET lock_timeout = '2s';\nDROP INDEX "+ifExists+qname(ix.Relation)+"; -- retried until the lock is granted",
						"DROP INDEX %s %s, and on each partition; PostgreSQL refuses DROP INDEX CONCURRENTLY on a partitioned index, so keep the lock wait short",
						ix.Relation.Name, p.lockDuring(e, "until it commits"))
					continue
				}
				f := p.Rule.New(p.Stmt.Pos, "DROP INDEX %s without CONCURRENTLY %s", ix.Relation.Name, p.lockDuring(e, "until it commits"))
				f.Key, f.Fix = ix.Relation.Name, "DROP INDEX CONCURRENTLY "+ifExists+qname(ix.Relation)+"; -- in a migration that runs outside a transaction"
				if s.MissingOk && !ix.Known {
					// Kept on the safe side: the index may predate the history.
					f.Details = append(f.Details, "the migrations never create "+ix.Relation.Name+": if it exists (made outside them), this is what the DROP does; where they alone made the schema, IF EXISTS finds nothing to drop")
				}
				p.Emit(f)
			}
		}
	},
}

var concurrentlyInTransaction = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB103",
		Name:      "concurrently-in-transaction",
		Severity:  errorSev,
		Category:  "transactions",
		Summary:   "CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY inside a transaction block.",
		Rationale: "PostgreSQL refuses CONCURRENTLY inside a transaction block (\"cannot run inside a transaction block\"): the migration fails at deploy time. Many tools wrap each file in a transaction unless told otherwise.",
		Bad:       "-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (c);",
		Good:      "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY i ON t (c);",
		Fix:       "Run the statement outside a transaction: goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`, sql-migrate `-- +migrate Up notransaction`, postgres-migrations `-- postgres-migrations disable-transaction`, Atlas `-- atlas:txmode none`, sqlx `-- no-transaction` as the file's first line, popx `.autocommit.` file names, or remove the surrounding BEGIN/COMMIT.",
	}),
	Check: func(p *Pass) {
		if !p.Stmt.InTransaction() {
			return
		}
		n := p.Stmt.Node
		what := ""
		switch {
		case n.GetIndexStmt().GetConcurrent():
			what = "CREATE INDEX CONCURRENTLY"
		case n.GetDropStmt().GetConcurrent():
			what = "DROP INDEX CONCURRENTLY"
		case n.GetReindexStmt() != nil && locks.Option(n.GetReindexStmt().Params, "concurrently"):
			what = "REINDEX CONCURRENTLY"
		default:
			return
		}
		where := "inside an explicit transaction block"
		switch {
		case p.File.OneQuery && p.File.InToolTransaction(p.Stmt):
			where = "inside the implicit transaction of a multi-statement query (the migration tool sends the whole file as one query)"
		case p.File.InToolTransaction(p.Stmt):
			where = "inside the transaction the migration tool wraps this file in"
		}
		p.Report(what, "%s runs %s: PostgreSQL rejects it and the deploy fails", what, where)
	},
}

var constraintWithoutNotValid = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB104",
		Name:      "constraint-without-not-valid",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "ADD CONSTRAINT FOREIGN KEY or CHECK on an existing table without NOT VALID.",
		Rationale: "Adding a CHECK constraint scans the whole table under ACCESS EXCLUSIVE; a foreign key scans it under SHARE ROW EXCLUSIVE on both tables, blocking writes. Adding it NOT VALID is instant; VALIDATE CONSTRAINT later scans with a lock that lets reads and writes continue.",
		Bad:       "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
		Good:      "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n-- in a later transaction or migration:\nALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
		Fix:       "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.",
	}),
	Check: func(p *Pass) {
		validates := map[string]bool{locks.AddCheck: true, locks.AddForeignKey: true, locks.AddColumnCheck: true, locks.AddColumnReferencesDef: true}
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && validates[e.Row.Command] }) {
			t := e.Relation
			if def := e.Cmd.Def.GetColumnDef(); def != nil {
				// ADD COLUMN … CHECK, or … DEFAULT … REFERENCES: the
				// column, then the constraint NOT VALID, then VALIDATE.
				for _, c := range def.Constraints {
					con := c.GetConstraint()
					kind := map[pgast.ConstrType]string{pgast.ConstrType_CONSTR_CHECK: "a CHECK", pgast.ConstrType_CONSTR_FOREIGN: "a REFERENCES"}[con.GetContype()]
					if kind == "" || (con.Contype == pgast.ConstrType_CONSTR_FOREIGN) != (e.Row.Command == locks.AddColumnReferencesDef) {
						continue
					}
					p.ReportFix(t.String()+"."+def.Colname+" "+kind, addColumnThenConstraint(p, t, def, con),
						"adding column %s with %s constraint checks every row and %s", def.Colname, kind, p.lockDuring(e, "while it scans"))
				}
				continue
			}
			con := e.Cmd.Def.GetConstraint()
			kind := "CHECK"
			if con.Contype == pgast.ConstrType_CONSTR_FOREIGN {
				kind = "FOREIGN KEY"
			}
			name := catalog.ConstraintName(t.Name, con, "")
			where := "the whole table"
			if e.Row.On == locks.Partitioned {
				where = "every partition"
			}
			p.ReportFix(t.String()+" "+con.Conname, notValidRecipe(p, t, con),
				"adding %s constraint %s scans %s and %s", kind, name, where, p.lockDuring(e, "while it scans"))
		}
	},
}

var validateInSameTransaction = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB105",
		Name:      "validate-in-same-transaction",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "VALIDATE CONSTRAINT in the same transaction that added the constraint NOT VALID.",
		Rationale: "NOT VALID exists so that the validating scan runs under SHARE UPDATE EXCLUSIVE, without the lock the ADD took (ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE on both tables for a foreign key). In one transaction, the ADD's lock is still held during the scan, so the split gains nothing.",
		Bad:       "BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;",
		Good:      "ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\n-- next migration:\nALTER TABLE t VALIDATE CONSTRAINT c;",
		Fix:       "Move VALIDATE CONSTRAINT to a later migration (or a later transaction).",
	}),
	Check: func(p *Pass) {
		s, cmds := p.AlterCmds()
		if s == nil || !p.Stmt.InTransaction() {
			return
		}
		for _, cmd := range cmds {
			if mode, ok := p.Tx.NotValid[cmd.Name]; ok && cmd.Subtype == pgast.AlterTableType_AT_ValidateConstraint {
				p.Report(cmd.Name, "constraint %s is validated in the transaction that added it NOT VALID, so the ADD's %s lock (which %s) is held during the validating scan", cmd.Name, mode, mode.Blocks())
			}
		}
	},
}

var uniqueWithoutIndex = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB106",
		Name:      "unique-without-index",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "ADD UNIQUE or PRIMARY KEY on an existing table without USING INDEX.",
		Rationale: "Adding a UNIQUE or PRIMARY KEY constraint builds its index under ACCESS EXCLUSIVE: no reads or writes for the whole build. Building the index CONCURRENTLY first and attaching it with USING INDEX takes the lock only for an instant.",
		Bad:       "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
		Good:      "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\nALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
		Fix:       "Build a unique index CONCURRENTLY, then ADD CONSTRAINT … USING INDEX.",
	}),
	Check: func(p *Pass) {
		builds := map[string]bool{locks.AddUnique: true, locks.AddPrimaryKey: true, locks.AddColumnUnique: true, locks.AddColumnPrimaryKey: true}
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && builds[e.Row.Command] }) {
			t := e.Relation
			if def := e.Cmd.Def.GetColumnDef(); def != nil {
				for _, c := range def.Constraints {
					con := c.GetConstraint()
					if con.GetContype() != pgast.ConstrType_CONSTR_UNIQUE && con.GetContype() != pgast.ConstrType_CONSTR_PRIMARY {
						continue
					}
					kind := map[bool]string{true: "PRIMARY KEY", false: "UNIQUE"}[con.Contype == pgast.ConstrType_CONSTR_PRIMARY]
					msg := fmt.Sprintf("adding column %s with %s builds its index and %s", def.Colname, kind, p.lockDuring(e, "during the build"))
					if kind == "UNIQUE" {
						p.ReportFix(t.String()+"."+def.Colname+" "+kind, addColumnUniqueRecipe(p, t, def, con), "%s", msg)
					} else {
						p.Report(t.String()+"."+def.Colname+" "+kind, "%s", msg)
					}
				}
				continue
			}
			con := e.Cmd.Def.GetConstraint()
			kind := map[bool]string{true: "PRIMARY KEY", false: "UNIQUE"}[con.Contype == pgast.ConstrType_CONSTR_PRIMARY]
			p.ReportFix(t.String()+" "+con.Conname, uniqueRecipe(p, t, con), "adding %s builds its index and %s", kind, p.lockDuring(e, "during the build"))
		}
	},
}

// setsNotNull are the commands that make a column NOT NULL; the lock
// table says which of them scan (not when a validated CHECK proves it
// since PostgreSQL 12, nor when the column already is).
var setsNotNull = map[string]bool{locks.SetNotNull: true, locks.SetNotNullProved: true, locks.SetNotNullAlready: true, locks.AddPrimaryKeyUsingIndexNl: true}

var setNotNullWithoutCheck = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB107",
		Name:      "set-not-null-without-check",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "SET NOT NULL on an existing column without a validated CHECK (col IS NOT NULL).",
		Rationale: "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE. Since PostgreSQL 12 the scan is skipped when a validated CHECK constraint already proves the column has no NULLs, and that CHECK can be added NOT VALID and validated without blocking.",
		Bad:       "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Good:      "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_email_not_null; -- separate transaction\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users DROP CONSTRAINT users_email_not_null;",
		Fix:       "Add CHECK (col IS NOT NULL) NOT VALID, validate it, then SET NOT NULL (PostgreSQL 12 and later), then drop the CHECK.",
	}),
	Given: "CREATE TABLE users (id bigint PRIMARY KEY, email text);",
	Check: func(p *Pass) {
		for _, e := range p.EffectsOf(func(e locks.Effect) bool {
			return e.Role == locks.Target && setsNotNull[e.Row.Command] && p.does(e, locks.Scan)
		}) {
			t := e.Relation
			if e.Row.Command == locks.AddPrimaryKeyUsingIndexNl {
				con := e.Cmd.Def.GetConstraint()
				var recipe []string
				for _, col := range nullableKeyColumns(p, t, con.Indexname) {
					recipe = append(recipe, setNotNullRecipe(t, col))
				}
				recipe = append(recipe, addConstraint(t, con))
				p.ReportFix(t.String()+" "+con.Conname, strings.Join(recipe, "\n"),
					"PRIMARY KEY USING INDEX %s makes its nullable columns NOT NULL, which scans the table and %s", con.Indexname, p.lockDuring(e, "while it scans"))
				continue
			}
			col := e.Cmd.Name
			if p.PGVersion < 12 {
				p.Report(t.String()+"."+col, "SET NOT NULL on %s.%s scans the table and %s (before PostgreSQL 12 a CHECK constraint does not spare the scan)",
					t, col, p.lockDuring(e, "while it scans"))
				continue
			}
			where := "the table"
			if e.Row.On == locks.Partitioned {
				where = "every partition"
			}
			p.ReportFix(t.String()+"."+col, setNotNullRecipe(t, col), "SET NOT NULL on %s.%s scans %s and %s", t, col, where, p.lockDuring(e, "while it scans"))
		}
	},
}

var addColumnRewrite = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB108",
		Name:      "add-column-rewrites-table",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "ADD COLUMN that rewrites the table: a volatile default, identity, serial or STORED generated column (any default before PostgreSQL 11).",
		Rationale: "Since PostgreSQL 11 a column with a constant default is added instantly. A volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval()), an identity or serial column, or a STORED generated column must be computed per row: the table is rewritten under ACCESS EXCLUSIVE.",
		Bad:       "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
		Good:      "ALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n-- backfill existing rows in batches",
		Fix:       "Add the column without the default, set the default separately (affects new rows only), and backfill existing rows in batches.",
	}),
	Check: func(p *Pass) {
		groups := map[rewriteKey]*rewrittenColumns{}
		var order []rewriteKey
		for _, e := range p.EffectsOf(func(e locks.Effect) bool {
			return e.Role == locks.Target && e.Cmd.GetSubtype() == pgast.AlterTableType_AT_AddColumn && p.does(e, locks.Rewrite)
		}) {
			// One statement rewrites its table once, however many of its
			// ADD COLUMNs need it: one finding per table, naming them all.
			k := rewriteKey{e.Relation.String(), e.Row.On}
			g, ok := groups[k]
			if !ok {
				g = &rewrittenColumns{effect: e}
				groups[k] = g
				order = append(order, k)
			}
			def := e.Cmd.Def.GetColumnDef()
			g.columns = append(g.columns, def.GetColname())
			if !slices.Contains(g.why, e.Row.Why) {
				g.why = append(g.why, e.Row.Why)
			}
			g.generated = g.generated || storedGenerated(def)
		}
		for _, k := range order {
			g := groups[k]
			t := g.effect.Relation
			where := "the table is rewritten"
			if g.effect.Row.On == locks.Partitioned {
				where = "every partition is rewritten"
			}
			what := "column " + g.columns[0]
			if n := len(g.columns); n > 1 {
				shown := g.columns[:min(n, 6)]
				more := ""
				if n > len(shown) {
					more = fmt.Sprintf(" and %d more", n-len(shown))
				}
				what = fmt.Sprintf("%d columns (%s%s)", n, strings.Join(shown, ", "), more)
			}
			also := ""
			if g.generated {
				also = " (a STORED generated column has no rewrite-free form: add a plain column kept current by a trigger and backfill it, or on PostgreSQL 18 make it VIRTUAL)"
			}
			p.Report(t.String()+"."+strings.Join(g.columns, ","), "adding %s rewrites: %s, so %s, and it %s%s",
				what, strings.Join(g.why, "; "), where, p.lockDuring(g.effect, "for the whole rewrite"), also)
		}
	},
}

type rewriteKey struct {
	table string
	on    locks.Kind
}

// rewrittenColumns are the columns one statement adds to one table that
// make PostgreSQL rewrite it.
type rewrittenColumns struct {
	effect    locks.Effect
	columns   []string
	why       []string
	generated bool
}

// storedGenerated reports whether a column definition is GENERATED ALWAYS
// AS (…) STORED, whose value no default can provide.
func storedGenerated(def *pgast.ColumnDef) bool {
	for _, c := range def.GetConstraints() {
		if c.GetConstraint().GetContype() == pgast.ConstrType_CONSTR_GENERATED {
			return true
		}
	}
	return false
}

var alterColumnTypeRewrite = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB109",
		Name:      "alter-column-type-rewrites-table",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "ALTER COLUMN TYPE to a type that is not binary-coercible from the old one.",
		Rationale: "Changing a column's type rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, unless the new type is binary-coercible from the old (varchar(n) to varchar(m>n) or text, numeric precision increase at the same scale, cidr to inet, a larger timestamp precision). Between timestamp and timestamptz, PostgreSQL 12 and later keep the rows when the session's TimeZone is UTC and rebuild only the column's indexes. The old type comes from the catalog the migrations build.",
		Bad:       "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2); -- old type integer",
		Good:      "ALTER TABLE orders ADD COLUMN total_new numeric(12,2);\n-- backfill in batches, switch readers, then drop the old column",
		Fix:       "Add a new column of the new type, backfill it in batches, move readers and writers over, then drop the old column.",
	}),
	Given: "CREATE TABLE orders (id bigint PRIMARY KEY, total integer);",
	Check: func(p *Pass) {
		for _, e := range p.EffectsOf(func(e locks.Effect) bool {
			return e.Role == locks.Target && e.Cmd.GetSubtype() == pgast.AlterTableType_AT_AlterColumnType && p.does(e, locks.Rewrite)
		}) {
			t, col := e.Relation, e.Cmd.Name
			to := catalog.TypeOf(e.Cmd.Def.GetColumnDef().GetTypeName())
			c := columnOf(p, t, col)
			switch {
			case c != nil && e.Known && e.Work != locks.Rewrite:
				p.Report(t.String()+"."+col, "changing %s.%s from %s to %s keeps the table's rows but rebuilds its indexes on the column (their operator class changes), reading the whole table, and %s",
					t, col, c.Type, to, p.lockDuring(e, "for the whole rebuild"))
			case c != nil && e.Known && e.Row.Command == locks.AlterTypeTimeZone && p.PGVersion >= 12:
				p.Report(t.String()+"."+col, "changing %s.%s from %s to %s rewrites the table and its indexes (the session's TimeZone is not known to be UTC) and %s; "+
					"with SET LOCAL TimeZone = 'UTC' before it PostgreSQL keeps the rows and rebuilds only the column's indexes, converting the values as UTC times: right only if that is what they mean",
					t, col, c.Type, to, p.lockDuring(e, "for the whole rewrite"))
			case c != nil && e.Known:
				p.Report(t.String()+"."+col, "changing %s.%s from %s to %s rewrites the table and its indexes and %s", t, col, c.Type, to, p.lockDuring(e, "for the whole rewrite"))
			default:
				p.Report(t.String()+"."+col, "changing %s.%s to %s may rewrite the table (the old type is unknown to the migrations) and %s", t, col, to, p.lockDuring(e, "for the whole rewrite"))
			}
		}
	},
}

var requireLockTimeout = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB110",
		Name:      "require-lock-timeout",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "A statement that takes a blocking lock on an existing table runs without SET lock_timeout.",
		Rationale: "A migration waiting for its lock queues every later query on the table behind it: one long-running SELECT turns a millisecond ALTER into an outage. lock_timeout makes the migration give up (and retry) instead.",
		Bad:       "ALTER TABLE users ADD COLUMN nickname text;",
		Good:      "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN nickname text;",
		Fix:       "Start the migration with SET lock_timeout (e.g. '2s') and, for long operations, statement_timeout; retry on timeout.",
	}),
	Once: PerFile,
	Check: func(p *Pass) {
		if p.Tx.LockTimeout.Value() {
			return
		}
		e, ok := p.blockingLock()
		if !ok {
			return
		}
		p.ReportFix(e.Relation.String(), "SET lock_timeout = '2s'; -- at the top of the migration, and retry the deploy on timeout",
			"no lock_timeout is set before this statement, which %s; while it waits for the lock, %s on %s queue behind it", lockMessage(e.Mode, e.Relation, "once granted"), queued(e.Mode), e.Relation)
	},
}

var requireStatementTimeout = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB115",
		Name:      "require-statement-timeout",
		Severity:  infoSev,
		Category:  "safety",
		Summary:   "A statement that scans or rewrites a whole existing table runs without SET statement_timeout.",
		Rationale: "A full scan or rewrite under a blocking lock lasts as long as the table is big. statement_timeout bounds how long production can be blocked if the table is larger than expected; the deploy fails and is retried with a better plan instead of holding the lock for an hour.",
		Bad:       "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
		Good:      "SET statement_timeout = '5min';\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
		Fix:       "SET statement_timeout at the top of migrations that scan or rewrite tables (and lock_timeout for the wait).",
	}),
	Once: PerFile,
	Check: func(p *Pass) {
		if p.Tx.StatementTimeout.Value() {
			return
		}
		long := p.EffectsOf(func(e locks.Effect) bool {
			return (e.Work == locks.Scan || e.Work == locks.Rewrite) && e.Mode.BlocksWrites() && p.targetExists(e)
		})
		if len(long) > 0 {
			e := long[0]
			if e.Row.Command == locks.AlterTypeRewrite && e.Cmd != nil && (!e.Known || columnOf(p, e.Relation, e.Cmd.Name) == nil) {
				// The rewrite is assumed: the migrations never say what
				// type the column had (memos' "user" table predates them),
				// as alter-column-type-rewrites-table says too.
				p.ReportFix(e.Relation.String(), "SET statement_timeout = '5min'; -- at the top of the migration",
					"no statement_timeout is set before ALTER COLUMN TYPE, which may rewrite %s while it %s (the old type of %s is unknown to the migrations): it takes as long as the table is big",
					e.Relation, p.holdsDuring(e), e.Cmd.Name)
				return
			}
			p.ReportFix(e.Relation.String(), "SET statement_timeout = '5min'; -- at the top of the migration",
				"no statement_timeout is set before %s, which %s %s while it %s (%s): it takes as long as the table is big", e.Row.Command, e.Work, e.Relation, p.holdsDuring(e), e.Row.Why)
			return
		}
		// A partitioned table whose partitions the catalog does not know:
		// the row says its partitions are scanned or rewritten.
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && e.Row.On == locks.Partitioned }) {
			for _, w := range []locks.Work{locks.Rewrite, locks.Scan} {
				if t, ok := e.Row.TouchOf(locks.Partitions); ok && t.Work == w && t.Mode.BlocksWrites() && p.does(e, w) {
					p.ReportFix(e.Relation.String(), "SET statement_timeout = '5min'; -- at the top of the migration",
						"no statement_timeout is set before %s, which %s each partition of %s while it holds %s (%s): it takes as long as the partitions are big", e.Row.Command, w, e.Relation, t.Mode, e.Row.Why)
					return
				}
			}
		}
	},
}

var statementAfterExclusiveLock = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB111",
		Name:      "statement-after-exclusive-lock",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "More statements run in a transaction after one took ACCESS EXCLUSIVE on an existing table.",
		Rationale: "Locks are held until the transaction ends. Every statement after the one that took ACCESS EXCLUSIVE that waits for another lock or works through rows extends the time the table is unreadable and unwritable. One that only changes the catalog of that table or of a new one does not: it is reported only when such a statement follows.",
		Bad:       "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nUPDATE users SET nickname = name;\nCOMMIT;",
		Good:      "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\n-- backfill in separate, batched transactions",
		Fix:       "Put the statement that takes ACCESS EXCLUSIVE last in its transaction, or in a transaction of its own.",
	}),
	Once: PerTransaction,
	Check: func(p *Pass) {
		held := p.Tx.ExclusiveLock
		if held == nil || !p.Stmt.InTransaction() || p.Stmt.Node.GetTransactionStmt() != nil || p.keepsLockNoLonger(p.Tx.ExclusiveLockTable) {
			return
		}
		// One finding per transaction (Once), at the first statement after
		// the lock, counting the statements that keep the lock held: this
		// one (which may be inside a DO block, not a statement of the file)
		// and the file's statements after it in the transaction.
		following := 1
		for s := range p.following(false, true) {
			if s.Node.GetTransactionStmt() == nil {
				following++
			}
		}
		p.Report(p.Tx.ExclusiveLockTable.String(), "%d statement(s) from here run while the ACCESS EXCLUSIVE lock on %s taken at line %d is still held: reads and writes of %s stay blocked until the transaction commits",
			following, p.Tx.ExclusiveLockTable, held.Pos.Line, p.Tx.ExclusiveLockTable)
	},
}

var vacuumFullOrCluster = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB112",
		Name:      "vacuum-full-or-cluster",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "VACUUM FULL or CLUSTER in a migration.",
		Rationale: "Both rewrite the whole table under ACCESS EXCLUSIVE: no reads or writes until they finish.",
		Bad:       "VACUUM FULL orders;",
		Good:      "-- use pg_repack or pg_squeeze outside the migration",
		Fix:       "Run a non-blocking tool such as pg_repack outside the deploy, or plain VACUUM.",
	}),
	Check: func(p *Pass) {
		for _, e := range p.EffectsOf(func(e locks.Effect) bool {
			return e.Role == locks.Target && e.Row.Family == locks.Maintenance && e.Work == locks.Rewrite
		}) {
			key := map[bool]string{true: "cluster", false: "vacuum full"}[e.Row.Command == locks.Cluster]
			p.Report(key, "%s rewrites %s and %s", e.Row.Command, e.Relation, e.Mode.Blocks()+" until it finishes")
		}
	},
}

var detachPartitionBlocking = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB113",
		Name:      "detach-partition-without-concurrently",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "DETACH PARTITION without CONCURRENTLY (PostgreSQL 14 and later).",
		Rationale: "A plain DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table. Since PostgreSQL 14, DETACH PARTITION … CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE.",
		Bad:       "ALTER TABLE events DETACH PARTITION events_2023;",
		Good:      "ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;",
		Fix:       "Use DETACH PARTITION … CONCURRENTLY outside a transaction block.",
	}),
	Given: "CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');",
	Check: func(p *Pass) {
		if p.PGVersion < 14 {
			return
		}
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && e.Row.Command == locks.DetachPartition }) {
			if p.Catalog.DefaultPartition(e.Relation) != nil {
				p.ReportFix(e.Relation.String(), "SET lock_timeout = '2s';\n"+deparse(alterOne(e.Relation, e.Cmd))+" -- retried until the lock is granted",
					"DETACH PARTITION %s; CONCURRENTLY is refused while %s has a default partition, so keep the lock wait short", lockMessage(e.Mode, e.Relation, "until it commits"), e.Relation)
				continue
			}
			cmd := pgtree.Clone(e.Cmd)
			cmd.Def.GetPartitionCmd().Concurrent = true
			p.ReportFix(e.Relation.String(), deparse(alterOne(e.Relation, cmd))+" -- outside a transaction block",
				"DETACH PARTITION %s", lockMessage(e.Mode, e.Relation, "until it commits"))
		}
	},
}

var reindexBlocking = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB114",
		Name:      "reindex-without-concurrently",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "REINDEX without CONCURRENTLY (PostgreSQL 12 and later).",
		Rationale: "REINDEX blocks writes to the table (and reads that would use the index) for the whole rebuild. REINDEX CONCURRENTLY, available since PostgreSQL 12, does not.",
		Bad:       "REINDEX INDEX orders_customer_id_idx;",
		Good:      "REINDEX INDEX CONCURRENTLY orders_customer_id_idx;",
		Fix:       "Use REINDEX … CONCURRENTLY outside a transaction block.",
	}),
	Check: func(p *Pass) {
		r := p.Stmt.Node.GetReindexStmt()
		if r == nil || p.PGVersion < 12 || locks.Option(r.Params, "concurrently") {
			return
		}
		var parts, indexes []string
		var name catalog.Name
		indexMode := locks.None
		for _, e := range p.Effects() {
			if e.Role == locks.Target {
				name = e.Relation
			}
			if !p.Existing(e.Relation) || e.Row.Rejected != "" {
				continue
			}
			if e.OnIndex() && r.Kind != pgast.ReindexObjectType_REINDEX_OBJECT_INDEX && (indexMode == locks.None || indexMode == e.Mode) {
				indexMode = e.Mode // a table's indexes, all alike: counted, and listed under the message
				indexes = append(indexes, e.Relation.String())
				continue
			}
			parts = append(parts, fmt.Sprintf("%s on %s (%s)", e.Mode, e.Relation, e.Mode.Blocks()))
		}
		switch {
		case len(indexes) == 1:
			parts = append(parts, fmt.Sprintf("%s on %s (%s)", indexMode, indexes[0], indexMode.Blocks()))
			indexes = nil
		case len(indexes) > 1:
			parts = append(parts, fmt.Sprintf("%s on each of its %d indexes (%s)", indexMode, len(indexes), indexMode.Blocks()))
		}
		if len(parts) == 0 {
			return
		}
		kind := map[bool]string{true: "INDEX", false: "TABLE"}[r.Kind == pgast.ReindexObjectType_REINDEX_OBJECT_INDEX]
		f := p.Rule.New(p.Stmt.Pos, "REINDEX without CONCURRENTLY takes %s for the whole rebuild", strings.Join(parts, " and "))
		f.Key, f.Fix = "reindex "+r.Name, "REINDEX "+kind+" CONCURRENTLY "+qname(name)+"; -- outside a transaction block"
		if len(indexes) > 0 {
			f.Details = append(f.Details, "its indexes: "+strings.Join(indexes, ", "))
		}
		p.Emit(f)
	},
}

var refreshBlocksReads = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB116",
		Name:      "refresh-materialized-view-blocks-reads",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "REFRESH MATERIALIZED VIEW without CONCURRENTLY on an existing materialized view.",
		Rationale: "A plain refresh runs the view's query again and replaces the stored rows under ACCESS EXCLUSIVE: every read of the view waits for the whole refresh. REFRESH … CONCURRENTLY (which needs a unique index on the view) takes EXCLUSIVE, which lets reads continue.",
		Bad:       "REFRESH MATERIALIZED VIEW order_totals;",
		Good:      "REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals; -- order_totals has a unique index",
		Fix:       "Refresh CONCURRENTLY, after creating a unique index on the view if it has none; or refresh outside the deploy.",
	}),
	Given: "CREATE TABLE orders (id bigint PRIMARY KEY, total_cents bigint);\nCREATE MATERIALIZED VIEW order_totals AS SELECT id, total_cents FROM orders;\nCREATE UNIQUE INDEX order_totals_id_idx ON order_totals (id);",
	Check: func(p *Pass) {
		for _, e := range p.EffectsOf(func(e locks.Effect) bool { return e.Role == locks.Target && e.Row.Command == locks.Refresh }) {
			s := p.Stmt.Node.GetRefreshMatViewStmt()
			msg := fmt.Sprintf("REFRESH MATERIALIZED VIEW without CONCURRENTLY runs the view's query again and %s", p.lockDuring(e, "for the whole refresh"))
			if s.SkipData || !hasUniqueIndex(p, e.Relation) {
				p.Report(e.Relation.String(), "%s (CONCURRENTLY needs a unique index on the view)", msg)
				continue
			}
			n := pgtree.Clone(p.Stmt.Node)
			n.GetRefreshMatViewStmt().Concurrent = true
			p.ReportFix(e.Relation.String(), deparse(n), "%s", msg)
		}
	},
}

// hasUniqueIndex reports whether the catalog knows a unique index on t.
func hasUniqueIndex(p *Pass, t catalog.Name) bool {
	for _, ix := range p.Catalog.IndexesOn(t) {
		if ix.Unique && ix.Where == "" {
			return true
		}
	}
	return false
}

var rejectedByPostgres = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB117",
		Name:      "rejected-by-postgres",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "A statement the target PostgreSQL version refuses on this kind of relation, such as CREATE INDEX CONCURRENTLY on a partitioned table.",
		Rationale: "Some statements are valid SQL but refused for some relations or versions: CONCURRENTLY on a partitioned table or index, a NOT VALID foreign key on a partitioned table before PostgreSQL 18, DETACH PARTITION … CONCURRENTLY while a default partition exists or before 14. The migration fails at deploy time.",
		Bad:       "CREATE INDEX CONCURRENTLY events_at_idx ON events (at); -- events is partitioned",
		Good:      "CREATE INDEX events_at_idx ON ONLY events (at);\nCREATE INDEX CONCURRENTLY events_2024_at_idx ON events_2024 (at);\nALTER INDEX events_at_idx ATTACH PARTITION events_2024_at_idx;",
		Fix:       "Use the form PostgreSQL accepts on the relation: for a partitioned table, the statement on each partition, then on the parent (ON ONLY, then ATTACH).",
	}),
	Given: "CREATE TABLE events (id bigint, at timestamptz NOT NULL) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');",
	Check: func(p *Pass) {
		for _, e := range p.Effects() {
			if e.Row.Rejected == "" {
				continue
			}
			msg := fmt.Sprintf("PostgreSQL %d refuses %s on %s, a %s (%q): the deploy fails", p.PGVersion, e.Row.Command, e.Relation, e.Row.On, e.Row.Rejected)
			n := p.Stmt.Node
			switch {
			case e.Row.Command == locks.ConcurrentIndex && n.GetIndexStmt() != nil:
				s := pgtree.Clone(n.GetIndexStmt())
				s.Concurrent = false
				p.ReportFix(e.Relation.String(), concurrentIndexRecipe(p, s), "%s", msg)
			case e.Row.Command == locks.AddForeignKeyNotValid && e.Cmd != nil:
				p.ReportFix(e.Relation.String(), notValidRecipe(p, e.Relation, e.Cmd.Def.GetConstraint()), "%s", msg)
			case (e.Row.Command == locks.DetachConcurrently || e.Row.Command == locks.DetachConcDefault) && e.Cmd != nil:
				cmd := pgtree.Clone(e.Cmd)
				cmd.Def.GetPartitionCmd().Concurrent = false
				p.ReportFix(e.Relation.String(), "SET lock_timeout = '2s';\n"+deparse(alterOne(e.Relation, cmd))+" -- retried until the lock is granted", "%s", msg)
			case e.Row.Command == locks.DropConcurrently && n.GetDropStmt() != nil:
				d := pgtree.Clone(n)
				d.GetDropStmt().Concurrent = false
				p.ReportFix(e.Relation.String(), "SET lock_timeout = '2s';\n"+deparse(d)+" -- retried until the lock is granted", "%s", msg)
			default:
				p.Report(e.Relation.String(), "%s", msg)
			}
		}
	},
}

// queued says which later statements queue behind a waiting lock request:
// those whose locks conflict with it.
func queued(m locks.Mode) string {
	switch {
	case m.BlocksReads():
		return "all later queries"
	case m == locks.Exclusive:
		return "all later writes and SELECT … FOR UPDATE/SHARE"
	}
	return "all later writes"
}
