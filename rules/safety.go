package rules

import (
	"fmt"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
)

var safetyRules = []*Rule{
	requireConcurrentIndex, requireConcurrentIndexDrop, constraintWithoutNotValid,
	validateInSameTransaction, uniqueWithoutIndex, setNotNullWithoutCheck, addColumnRewrite, alterColumnTypeRewrite,
	requireLockTimeout, requireStatementTimeout, statementAfterExclusiveLock, vacuumFullOrCluster, detachPartitionBlocking, reindexBlocking,
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
		t := p.Resolve(s.Relation)
		if !p.Existing(t) {
			return
		}
		p.ReportFix(t.String(), fmt.Sprintf("CREATE INDEX CONCURRENTLY … ON %s …; in a file that runs outside a transaction", t),
			"CREATE INDEX without CONCURRENTLY %s", lockMessage(share, t, "until the build finishes"))
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
		if s == nil || s.RemoveType != pg_query.ObjectType_OBJECT_INDEX || s.Concurrent {
			return
		}
		for _, obj := range s.Objects {
			ix := indexNamed(p, obj)
			if ix == nil || !p.Existing(ix.Table) || p.IsNew(ix.Name) {
				continue
			}
			p.Report(ix.Name.Name, "DROP INDEX %s without CONCURRENTLY %s", ix.Name.Name, lockMessage(accessExclusive, ix.Table, "until it commits"))
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
		Fix:       "Run the statement outside a transaction: goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`, Atlas `-- atlas:txmode none`, popx `.autocommit.` file names, or remove the surrounding BEGIN/COMMIT.",
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
		case n.GetReindexStmt() != nil && hasOption(n.GetReindexStmt().Params, "concurrently"):
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
		t, cmds := p.AlterExisting(pg_query.AlterTableType_AT_AddConstraint)
		for _, cmd := range cmds {
			con := cmd.Def.GetConstraint()
			if con == nil || con.SkipValidation {
				continue
			}
			mode, kind := accessExclusive, "CHECK"
			if con.Contype == pg_query.ConstrType_CONSTR_FOREIGN {
				mode, kind = shareRowExcl, "FOREIGN KEY"
			} else if con.Contype != pg_query.ConstrType_CONSTR_CHECK {
				continue
			}
			name := con.Conname
			p.ReportFix(t.String()+" "+name,
				fmt.Sprintf("ALTER TABLE %s ADD CONSTRAINT %s … NOT VALID;\nALTER TABLE %s VALIDATE CONSTRAINT %s; -- in a separate transaction", t, name, t, name),
				"adding %s constraint %s scans the whole table and %s", kind, name, lockMessage(mode, t, "while it scans"))
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
		Rationale: "NOT VALID exists so that the validating scan runs without the ACCESS EXCLUSIVE lock the ADD took. In one transaction, the ADD's lock is still held during the scan, so the split gains nothing.",
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
			if cmd.Subtype == pg_query.AlterTableType_AT_ValidateConstraint && p.Tx.NotValid[cmd.Name] {
				p.Report(cmd.Name, "constraint %s is validated in the transaction that added it NOT VALID, so the ADD's ACCESS EXCLUSIVE lock is held during the validating scan", cmd.Name)
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
		t, cmds := p.AlterExisting(pg_query.AlterTableType_AT_AddConstraint)
		for _, cmd := range cmds {
			con := cmd.Def.GetConstraint()
			if con == nil || con.Indexname != "" {
				continue
			}
			if con.Contype != pg_query.ConstrType_CONSTR_UNIQUE && con.Contype != pg_query.ConstrType_CONSTR_PRIMARY {
				continue
			}
			kind := "UNIQUE"
			if con.Contype == pg_query.ConstrType_CONSTR_PRIMARY {
				kind = "PRIMARY KEY"
			}
			p.Report(t.String()+" "+con.Conname, "adding %s builds its index and %s", kind, lockMessage(accessExclusive, t, "during the build"))
		}
	},
}

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
	Check: func(p *Pass) {
		t, cmds := p.AlterExisting(pg_query.AlterTableType_AT_SetNotNull)
		for _, cmd := range cmds {
			if p.PGVersion >= 12 && hasValidatedNotNullCheck(p.Catalog.Table(t), cmd.Name) {
				continue
			}
			p.ReportFix(t.String()+"."+cmd.Name,
				fmt.Sprintf("ALTER TABLE %[1]s ADD CONSTRAINT %[2]s_not_null CHECK (%[2]s IS NOT NULL) NOT VALID;\nALTER TABLE %[1]s VALIDATE CONSTRAINT %[2]s_not_null; -- separate transaction\nALTER TABLE %[1]s ALTER COLUMN %[2]s SET NOT NULL;", t, cmd.Name),
				"SET NOT NULL on %s.%s scans the table and %s", t, cmd.Name, lockMessage(accessExclusive, t, "while it scans"))
		}
	},
}

// hasValidatedNotNullCheck reports whether t has a validated CHECK
// constraint of the form `col IS NOT NULL`.
func hasValidatedNotNullCheck(t *catalog.Table, col string) bool {
	if t == nil {
		return false
	}
	for _, k := range t.Constraints {
		if k.Kind == catalog.Check && !k.NotValid && k.Expr == col+" IS NOT NULL" {
			return true
		}
	}
	return false
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
		t, cmds := p.AlterExisting(pg_query.AlterTableType_AT_AddColumn)
		for _, cmd := range cmds {
			def := cmd.Def.GetColumnDef()
			if def == nil {
				continue
			}
			if why := rewriteReason(def, p.PGVersion); why != "" {
				p.Report(t.String()+"."+def.Colname, "adding column %s %s, so the table is rewritten and %s", def.Colname, why, lockMessage(accessExclusive, t, "for the whole rewrite"))
			}
		}
	},
}

// rewriteReason says why adding def rewrites the table, or "".
func rewriteReason(def *pg_query.ColumnDef, pg int) string {
	if catalog.IsSerial(def.TypeName) {
		return "as serial fills every row from a sequence"
	}
	defaults := []*pg_query.Node{def.RawDefault}
	for _, c := range def.Constraints {
		con := c.GetConstraint()
		switch {
		case con == nil:
		case con.Contype == pg_query.ConstrType_CONSTR_IDENTITY:
			return "as an identity column fills every row from a sequence"
		case con.Contype == pg_query.ConstrType_CONSTR_GENERATED:
			return "as a STORED generated column computes every row"
		case con.Contype == pg_query.ConstrType_CONSTR_DEFAULT:
			defaults = append(defaults, con.RawExpr)
		}
	}
	for _, d := range defaults {
		if d == nil {
			continue
		}
		if pg < 11 {
			return fmt.Sprintf("with a default on PostgreSQL %d (before 11 every default rewrites)", pg)
		}
		if catalog.Volatile(d) {
			return "with a volatile default evaluated per row"
		}
	}
	return ""
}

var alterColumnTypeRewrite = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB109",
		Name:      "alter-column-type-rewrites-table",
		Severity:  errorSev,
		Category:  "safety",
		Summary:   "ALTER COLUMN TYPE to a type that is not binary-coercible from the old one.",
		Rationale: "Changing a column's type rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE, unless the new type is binary-coercible from the old (varchar(n) to varchar(m>n) or text, numeric precision increase at the same scale, cidr to inet, a larger timestamp precision). The old type comes from the catalog the migrations build.",
		Bad:       "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2); -- old type integer",
		Good:      "ALTER TABLE orders ADD COLUMN total_new numeric(12,2);\n-- backfill in batches, switch readers, then drop the old column",
		Fix:       "Add a new column of the new type, backfill it in batches, move readers and writers over, then drop the old column.",
	}),
	Check: func(p *Pass) {
		t, cmds := p.AlterExisting(pg_query.AlterTableType_AT_AlterColumnType)
		for _, cmd := range cmds {
			if !typeChangeRewrites(p, t, cmd) {
				continue
			}
			to := catalog.TypeOf(cmd.Def.GetColumnDef().GetTypeName())
			if col := columnOf(p, t, cmd.Name); col != nil {
				p.Report(t.String()+"."+cmd.Name, "changing %s.%s from %s to %s rewrites the table and its indexes and %s", t, cmd.Name, col.Type, to, lockMessage(accessExclusive, t, "for the whole rewrite"))
			} else {
				p.Report(t.String()+"."+cmd.Name, "changing %s.%s to %s may rewrite the table (the old type is unknown to the migrations) and %s", t, cmd.Name, to, lockMessage(accessExclusive, t, "for the whole rewrite"))
			}
		}
	},
}

// typeChangeRewrites reports whether an ALTER COLUMN TYPE command rewrites
// the table: unless the catalog knows the old type and the new one is
// binary-coercible from it (and no USING expression recomputes values).
func typeChangeRewrites(p *Pass, t catalog.Name, cmd *pg_query.AlterTableCmd) bool {
	col := columnOf(p, t, cmd.Name)
	def := cmd.Def.GetColumnDef()
	return col == nil || def.GetRawDefault() != nil || !binaryCoercible(col.Type, catalog.TypeOf(def.GetTypeName()))
}

// binaryCoercible reports whether changing from → to needs no rewrite.
func binaryCoercible(from, to catalog.Type) bool {
	if from.ArrayDims != to.ArrayDims {
		return false
	}
	mod := func(t catalog.Type, i int) (int, bool) {
		if i < len(t.Mods) {
			return t.Mods[i], true
		}
		return 0, false
	}
	switch {
	case from.Name == to.Name && len(from.Mods) == len(to.Mods) && fmt.Sprint(from.Mods) == fmt.Sprint(to.Mods):
		return true
	case from.Name == "character varying" && to.Name == "text":
		return true
	case from.Name == "text" && to.Name == "character varying" && len(to.Mods) == 0:
		return true
	case from.Name == "character varying" && to.Name == "character varying",
		from.Name == "bit varying" && to.Name == "bit varying":
		f, fok := mod(from, 0)
		n, nok := mod(to, 0)
		return !nok || (fok && n >= f)
	case from.Name == "numeric" && to.Name == "numeric":
		fp, fok := mod(from, 0)
		tp, tok := mod(to, 0)
		fs, _ := mod(from, 1)
		ts, _ := mod(to, 1)
		return !tok || (fok && tp >= fp && ts == fs)
	case from.Name == "cidr" && to.Name == "inet":
		return true
	case from.Name == to.Name && (from.Name == "timestamp without time zone" || from.Name == "timestamp with time zone" ||
		from.Name == "time without time zone" || from.Name == "interval"):
		f, fok := mod(from, 0)
		n, nok := mod(to, 0)
		return !nok || (fok && n >= f)
	}
	return false
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
		if p.Tx.LockTimeout {
			return
		}
		mode, t, ok := strongLock(p)
		if !ok || mode == shareUpdateExcl {
			return
		}
		p.ReportFix(t.String(), "SET lock_timeout = '2s'; -- at the top of the migration, and retry the deploy on timeout",
			"no lock_timeout is set before this statement, which %s; waiting for the lock queues all later queries on %s", lockMessage(mode, t, "once granted"), t)
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
		if p.Tx.StatementTimeout {
			return
		}
		t, what := scansTable(p)
		if what == "" {
			return
		}
		p.ReportFix(t.String(), "SET statement_timeout = '5min'; -- at the top of the migration",
			"no statement_timeout is set before %s on %s, which takes as long as the table is big while holding a blocking lock", what, t)
	},
}

// scansTable returns the existing table a statement scans or rewrites while
// holding a lock that blocks writes, and what it does; "" when it does not.
func scansTable(p *Pass) (catalog.Name, string) {
	if s := p.Stmt.Node.GetIndexStmt(); s != nil && !s.Concurrent {
		if t := p.Resolve(s.Relation); p.Existing(t) {
			return t, "an index build"
		}
	}
	s, cmds := p.AlterCmds()
	if s == nil {
		return catalog.Name{}, ""
	}
	t := p.Resolve(s.Relation)
	if !p.Existing(t) {
		return t, ""
	}
	for _, cmd := range cmds {
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_SetNotNull:
			return t, "SET NOT NULL (a full scan)"
		case pg_query.AlterTableType_AT_AlterColumnType:
			if typeChangeRewrites(p, t, cmd) {
				return t, "a column type change that rewrites the table"
			}
		case pg_query.AlterTableType_AT_AddConstraint:
			if con := cmd.Def.GetConstraint(); con != nil && !con.SkipValidation && con.Indexname == "" {
				return t, "adding a validated constraint (a full scan)"
			}
		case pg_query.AlterTableType_AT_AddColumn:
			if def := cmd.Def.GetColumnDef(); def != nil && rewriteReason(def, p.PGVersion) != "" {
				return t, "adding a column that rewrites the table"
			}
		}
	}
	return t, ""
}

var statementAfterExclusiveLock = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB111",
		Name:      "statement-after-exclusive-lock",
		Severity:  warningSev,
		Category:  "safety",
		Summary:   "More statements run in a transaction after one took ACCESS EXCLUSIVE on an existing table.",
		Rationale: "Locks are held until the transaction ends. Every statement after the one that took ACCESS EXCLUSIVE extends the time the table is unreadable and unwritable.",
		Bad:       "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nUPDATE users SET nickname = name;\nCOMMIT;",
		Good:      "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;\n-- backfill in separate, batched transactions",
		Fix:       "Put the statement that takes ACCESS EXCLUSIVE last in its transaction, or in a transaction of its own.",
	}),
	Once: PerTransaction,
	Check: func(p *Pass) {
		held := p.Tx.ExclusiveLock
		if held == nil || !p.Stmt.InTransaction() || p.Stmt.Node.GetTransactionStmt() != nil {
			return
		}
		// One finding per transaction (Once), at the first statement after
		// the lock, counting the statements that keep the lock held.
		following := 0
		for _, s := range p.File.Statements {
			if s.Offset >= p.Stmt.Offset && s.Tx == p.Stmt.Tx && s.Node.GetTransactionStmt() == nil {
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
		n := p.Stmt.Node
		switch {
		case isVacuumFull(n):
			p.Report("vacuum full", "VACUUM FULL rewrites each table it processes and %s", lockBlocks[accessExclusive]+" until it finishes")
		case n.GetClusterStmt() != nil:
			p.Report("cluster", "CLUSTER rewrites the table and %s", lockBlocks[accessExclusive]+" until it finishes")
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
	Check: func(p *Pass) {
		s, cmds := p.AlterCmds()
		if s == nil || p.PGVersion < 14 {
			return
		}
		t := p.Resolve(s.Relation)
		for _, cmd := range cmds {
			if cmd.Subtype == pg_query.AlterTableType_AT_DetachPartition && !cmd.Def.GetPartitionCmd().GetConcurrent() && p.Existing(t) {
				p.Report(t.String(), "DETACH PARTITION %s", lockMessage(accessExclusive, t, "until it commits"))
			}
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
		if r == nil || p.PGVersion < 12 || hasOption(r.Params, "concurrently") {
			return
		}
		p.Report("reindex "+r.Name, "REINDEX without CONCURRENTLY %s for the whole rebuild", lockBlocks[share])
	},
}

func hasOption(opts []*pg_query.Node, name string) bool {
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil && d.Defname == name {
			return true
		}
	}
	return false
}
