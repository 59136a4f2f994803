package migration

import pg_query "github.com/pganalyze/pg_query_go/v6"

// MaxOperatorChain bounds how many binary operators (and :: casts) one
// expression may chain at one level of parentheses. The parser builds such
// a chain (1 + 1 + … + 1) as a tree as deep as the chain is long, and
// libpg_query walks it recursively in C: about 50,000 links overflow an
// 8 MB thread stack and kill the process, which Go cannot recover from,
// and past about 5,000 the tree is deeper than Go's protobuf decoder reads.
// Nesting by parentheses needs no bound here: the parser's own stack limit
// refuses it with an error. Real migrations chain dozens of operators.
const MaxOperatorChain = 4000

// LongOperatorChain returns the byte offset in sql where a chain of binary
// operators grows past MaxOperatorChain, or -1. A chain is broken by a
// comma, a semicolon, AND or OR (the parser flattens AND and OR chains into
// lists) and by entering or leaving parentheses or brackets.
func LongOperatorChain(sql string) int {
	// Fewer operator characters than the bound cannot chain that far; most
	// files stop here without being scanned.
	n := 0
	for i := 0; i < len(sql); i++ {
		switch sql[i] {
		case '+', '-', '*', '/', '%', '^', '<', '>', '=', '|', ':', '&', '#', '~', '!', '@', '?':
			n++
		}
	}
	if n <= MaxOperatorChain {
		return -1
	}
	res, err := pg_query.Scan(sql)
	if err != nil {
		return -1 // the parser reports what the scanner could not read
	}
	runs := []int{0}
	for _, tok := range res.Tokens {
		switch tok.Token {
		case pg_query.Token_ASCII_40, pg_query.Token_ASCII_91: // ( [
			runs = append(runs, 0)
		case pg_query.Token_ASCII_41, pg_query.Token_ASCII_93: // ) ]
			if len(runs) > 1 {
				runs = runs[:len(runs)-1]
			}
		case pg_query.Token_ASCII_44, pg_query.Token_ASCII_59, pg_query.Token_AND, pg_query.Token_OR: // , ;
			runs[len(runs)-1] = 0
		case pg_query.Token_ASCII_37, pg_query.Token_ASCII_42, pg_query.Token_ASCII_43, pg_query.Token_ASCII_45,
			pg_query.Token_ASCII_47, pg_query.Token_ASCII_60, pg_query.Token_ASCII_61, pg_query.Token_ASCII_62,
			pg_query.Token_ASCII_94, pg_query.Token_Op, pg_query.Token_TYPECAST, pg_query.Token_LESS_EQUALS,
			pg_query.Token_GREATER_EQUALS, pg_query.Token_NOT_EQUALS, pg_query.Token_LIKE, pg_query.Token_ILIKE:
			runs[len(runs)-1]++
			if runs[len(runs)-1] > MaxOperatorChain {
				return int(tok.Start)
			}
		}
	}
	return -1
}
