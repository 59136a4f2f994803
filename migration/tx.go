package migration

import (
	"github.com/schemacheck/schemacheck/internal/pgast"
)

// toolTx is the Tx of the transaction a tool wraps a file in.
const toolTx = 1

// assignTransactions sets Statement.Tx. When the tool wraps the file, its
// statements start in transaction 1; an explicit COMMIT or ROLLBACK ends
// that transaction, so what follows runs in autocommit (explicit BEGIN
// inside it is the rules' business: they warn about nesting). Each
// explicit BEGIN … COMMIT block outside a transaction gets its own number.
func assignTransactions(f *File, wraps bool) {
	f.ToolWraps = wraps
	next, cur := 0, 0
	if wraps {
		next, cur = toolTx, toolTx
	}
	for _, s := range f.Statements {
		ts := s.Node.GetTransactionStmt()
		switch {
		case ts == nil:
			s.Tx = cur
		case ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_BEGIN || ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_START:
			if cur == 0 { // PostgreSQL ignores a BEGIN inside a transaction
				next++
				cur = next
			}
			s.Tx = cur
		case ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_COMMIT || ts.Kind == pgast.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			s.Tx = cur
			cur = 0
		default:
			s.Tx = cur
		}
	}
}

// wrapped says whether the statements of f run in one transaction the
// tool opens or that PostgreSQL opens implicitly: the tool wraps the file
// (unless the file opts out, or the tool skips wrapping a file of only
// non-transactional statements), or the tool sends the file as one
// multi-statement query, which PostgreSQL runs as one implicit transaction.
func wrapped(f *File, opts FileOptions) bool {
	if opts.Wraps && !opts.NoTransaction {
		return !opts.UnwrapNonTransactional || !allNonTransactional(f.Statements)
	}
	return opts.OneQuery && len(f.Statements) > 1 && !hasExplicitTransaction(f)
}

// allNonTransactional reports whether every statement refuses to run in a
// transaction block (and there is at least one).
func allNonTransactional(stmts []*Statement) bool {
	for _, s := range stmts {
		if !NonTransactional(s.Node) {
			return false
		}
	}
	return len(stmts) > 0
}

// NonTransactional reports whether PostgreSQL refuses to run the statement
// inside a transaction block ("cannot run inside a transaction block").
func NonTransactional(n *pgast.Node) bool {
	switch {
	case n.GetIndexStmt() != nil:
		return n.GetIndexStmt().Concurrent
	case n.GetDropStmt() != nil:
		return n.GetDropStmt().Concurrent
	case n.GetReindexStmt() != nil:
		for _, p := range n.GetReindexStmt().Params {
			if d := p.GetDefElem(); d.GetDefname() == "concurrently" && defElemTrue(d) {
				return true
			}
		}
		return false
	case n.GetVacuumStmt() != nil:
		return n.GetVacuumStmt().IsVacuumcmd
	case n.GetCreatedbStmt() != nil, n.GetDropdbStmt() != nil, n.GetAlterSystemStmt() != nil,
		n.GetCreateTableSpaceStmt() != nil, n.GetDropTableSpaceStmt() != nil, n.GetCreateSubscriptionStmt() != nil:
		return true
	}
	return false
}

// defElemTrue reads a boolean option: no value, true, on or 1.
func defElemTrue(d *pgast.DefElem) bool {
	if d.Arg == nil {
		return true
	}
	switch v := d.Arg; {
	case v.GetBoolean() != nil:
		return v.GetBoolean().Boolval
	case v.GetInteger() != nil:
		return v.GetInteger().Ival != 0
	case v.GetString_() != nil:
		s := v.GetString_().Sval
		return s == "true" || s == "on" || s == "1"
	case v.GetAConst() != nil:
		c := v.GetAConst()
		if c.GetBoolval() != nil {
			return c.GetBoolval().Boolval
		}
		if c.GetIval() != nil {
			return c.GetIval().Ival != 0
		}
		s := c.GetSval().GetSval()
		return s == "true" || s == "on" || s == "1"
	}
	return true
}

func hasExplicitTransaction(f *File) bool {
	for _, s := range f.Statements {
		if s.Node.GetTransactionStmt() != nil {
			return true
		}
	}
	return false
}
