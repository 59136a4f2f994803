package rules

import (
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/migration"
)

var transactionRules = []*Rule{concurrentlyInTransaction, enumAddValueInTransaction, beginWithoutCommit, nestedTransaction, notInTransactionBlock, endsToolTransaction}

var endsToolTransaction = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB404",
		Name:      "commit-in-tool-transaction",
		Severity:  errorSev,
		Category:  "transactions",
		Summary:   "COMMIT or ROLLBACK in a file the migration tool runs in its own transaction.",
		Rationale: "The tool opened the transaction and commits it after the file; an explicit COMMIT ends it early, so the statements after it run in autocommit and a failure among them leaves the migration half applied, and a ROLLBACK silently undoes everything before it while the tool records the migration as applied.",
		Bad:       "-- +goose Up\n-- (goose, like dbmate, Flyway, diesel and Atlas, runs the file in a transaction)\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;",
		Good:      "ALTER TABLE users ADD COLUMN nickname text; -- the tool commits",
		Fix:       "Remove the COMMIT or ROLLBACK and let the tool end its transaction; to run statements outside a transaction, turn the tool's transaction off for this file.",
	}),
	Check: func(p *Pass) {
		ts := p.Stmt.Node.GetTransactionStmt()
		if ts == nil || !p.File.InToolTransaction(p.Stmt) || p.Tx.ExplicitBegin != nil {
			return // an explicit BEGIN's pair is nested-transaction's finding
		}
		switch ts.Kind {
		case pgast.TransactionStmtKind_TRANS_STMT_COMMIT:
			if begin := reopened(p); begin != nil {
				p.Report("commit", "COMMIT ends the transaction the migration tool runs this file in: the statements up to the BEGIN at line %d run in autocommit, "+
					"so a failure among them leaves the migration half applied and not recorded", begin.Pos.Line)
				return
			}
			p.Report("commit", "COMMIT ends the transaction the migration tool runs this file in: the statements after it run in autocommit, and the tool's own COMMIT finds no transaction")
		case pgast.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			p.Report("rollback", "ROLLBACK undoes every earlier statement of the file, inside the transaction the migration tool runs it in, and the tool then records the migration as applied")
		}
	},
}

var beginWithoutCommit = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB401",
		Name:      "begin-without-commit",
		Severity:  errorSev,
		Category:  "transactions",
		Summary:   "BEGIN without a matching COMMIT or ROLLBACK in the file.",
		Rationale: "The transaction stays open at the end of the migration: the tool's connection holds its locks until it closes, or commits or discards the work depending on the tool. (A tool that runs the file in a transaction of its own sends its COMMIT after the file, which closes the BEGIN: that is not reported.)",
		Bad:       "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;",
		Good:      "BEGIN;\nALTER TABLE users ADD COLUMN nickname text;\nCOMMIT;",
		Fix:       "Close every BEGIN with COMMIT.",
	}),
	Check: func(p *Pass) {
		if !isBegin(p.Stmt.Node) || toolCommits(p.File) {
			return
		}
		for s := range p.following(false, false) {
			if ts := s.Node.GetTransactionStmt(); ts != nil {
				switch ts.Kind {
				case pgast.TransactionStmtKind_TRANS_STMT_COMMIT, pgast.TransactionStmtKind_TRANS_STMT_ROLLBACK:
					return
				}
			}
		}
		p.Report("begin", "BEGIN is never committed in this file: the transaction stays open at the end of the migration")
	},
}

var nestedTransaction = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB402",
		Name:      "nested-transaction",
		Severity:  warningSev,
		Category:  "transactions",
		Summary:   "BEGIN inside a transaction: an explicit one, or the one the migration tool wraps the file in.",
		Rationale: "PostgreSQL ignores a nested BEGIN with a warning, and the first COMMIT ends the outer transaction: statements after it run in autocommit, and the tool's own COMMIT then warns there is no transaction.",
		Bad:       "-- +goose Up\n-- (goose, like dbmate, Flyway and golang-migrate's wrapping drivers, runs the file in a transaction)\nBEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;",
		Good:      "ALTER TABLE t ADD COLUMN c int; -- let the tool manage the transaction",
		Fix:       "Remove the explicit BEGIN/COMMIT, or turn off the tool's transaction for this file.",
	}),
	Check: func(p *Pass) {
		if !isBegin(p.Stmt.Node) {
			return
		}
		switch {
		case p.File.InToolTransaction(p.Stmt):
			p.Report("begin", "BEGIN inside the transaction the migration tool already wraps this file in: the first COMMIT ends the tool's transaction early")
		case p.Tx.ExplicitBegin != nil:
			p.Report("begin", "BEGIN inside the transaction opened at line %d: PostgreSQL ignores it, and the next COMMIT ends both", p.Tx.ExplicitBegin.Pos.Line)
		}
	},
}

var notInTransactionBlock = &Rule{
	Rule: meta(finding.Rule{
		ID:        "SC-DB403",
		Name:      "cannot-run-in-transaction",
		Severity:  errorSev,
		Category:  "transactions",
		Summary:   "A statement that PostgreSQL refuses inside a transaction block: VACUUM, CREATE/DROP DATABASE, ALTER SYSTEM, CREATE TABLESPACE.",
		Rationale: "These statements fail with \"cannot run inside a transaction block\", so the migration fails at deploy time.",
		Bad:       "BEGIN;\nVACUUM ANALYZE orders;\nCOMMIT;",
		Good:      "VACUUM ANALYZE orders; -- in a migration that runs outside a transaction",
		Fix:       "Run the statement outside a transaction, or outside the migration.",
	}),
	Check: func(p *Pass) {
		if !p.Stmt.InTransaction() {
			return
		}
		n := p.Stmt.Node
		what := ""
		switch {
		case n.GetVacuumStmt() != nil && n.GetVacuumStmt().IsVacuumcmd:
			what = "VACUUM"
		case n.GetCreatedbStmt() != nil:
			what = "CREATE DATABASE"
		case n.GetDropdbStmt() != nil:
			what = "DROP DATABASE"
		case n.GetAlterSystemStmt() != nil:
			what = "ALTER SYSTEM"
		case n.GetCreateTableSpaceStmt() != nil:
			what = "CREATE TABLESPACE"
		default:
			return
		}
		p.Report(what, "%s cannot run inside a transaction block: the deploy fails", what)
	},
}

// toolCommits reports whether the migration tool sends its own COMMIT
// after the file's statements (it wraps the file in a transaction it
// opened, rather than sending the file as one query): that COMMIT ends
// whatever transaction the file leaves open, so a BEGIN the file does not
// close is closed by the tool (nakama ends its file with COMMIT; CREATE
// INDEX CONCURRENTLY …; BEGIN;).
func toolCommits(f *migration.File) bool { return f.ToolWraps && !f.OneQuery }

// reopened returns the BEGIN that follows p's COMMIT when it is the file's
// next transaction statement and the tool sends its own COMMIT: the file
// hands the tool a transaction again, and the tool commits it.
func reopened(p *Pass) *migration.Statement {
	if !toolCommits(p.File) {
		return nil
	}
	for s := range p.following(false, false) {
		if s.Node.GetTransactionStmt() != nil {
			if isBegin(s.Node) {
				return s
			}
			return nil
		}
	}
	return nil
}

func isBegin(n *pgast.Node) bool {
	ts := n.GetTransactionStmt()
	return ts != nil && (ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_BEGIN || ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_START)
}
