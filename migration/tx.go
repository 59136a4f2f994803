package migration

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// assignTransactions sets Statement.Tx. When the tool wraps the file, all
// statements share transaction 1 (explicit BEGIN/COMMIT inside it are the
// rules' business: they warn about nesting). Otherwise each explicit
// BEGIN … COMMIT block gets its own number and the rest run in autocommit.
func assignTransactions(f *File, wraps bool) {
	f.ToolWraps = wraps
	if wraps {
		for _, s := range f.Statements {
			s.Tx = 1
		}
		return
	}
	next, cur := 0, 0
	for _, s := range f.Statements {
		ts := s.Node.GetTransactionStmt()
		switch {
		case ts == nil:
			s.Tx = cur
		case ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_BEGIN || ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START:
			if cur == 0 { // PostgreSQL ignores a BEGIN inside a transaction
				next++
				cur = next
			}
			s.Tx = cur
		case ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_COMMIT || ts.Kind == pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
			s.Tx = cur
			cur = 0
		default:
			s.Tx = cur
		}
	}
}

func hasExplicitTransaction(f *File) bool {
	for _, s := range f.Statements {
		if s.Node.GetTransactionStmt() != nil {
			return true
		}
	}
	return false
}
