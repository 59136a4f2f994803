package migration

import (
	"strconv"
	"strings"
	"testing"
)

// TestLongOperatorChain: an expression chaining more operators than the
// parser's C stack survives is refused with a located finding instead of
// killing the process (200,000 links did, with SIGSEGV), while long flat
// lists (VALUES rows, AND chains, IN lists) still parse.
func TestLongOperatorChain(t *testing.T) {
	rows := make([]string, 100000)
	for i := range rows {
		rows[i] = "(-1, 'x' || 'y')"
	}
	ands := strings.Repeat("a = 1 AND ", 20000) + "true"
	for _, tc := range []struct {
		name, sql string
		op        string // the operator whose MaxOperatorChain+1-th use is reported; "" when the file must parse
	}{
		{"short chain", "SELECT 1" + strings.Repeat("+1", MaxOperatorChain-1) + ";", ""},
		{"chain over the bound", "SELECT 1" + strings.Repeat("+1", MaxOperatorChain+1) + ";", "+"},
		{"chain that crashed the parser", "SELECT 1" + strings.Repeat("+1", 200000) + ";", "+"},
		{"string concatenation", "SELECT 'a'" + strings.Repeat(" || 'a'", MaxOperatorChain+1000) + ";", "||"},
		{"casts", "SELECT 1" + strings.Repeat("::int", MaxOperatorChain+1000) + ";", "::"},
		{"many VALUES rows", "INSERT INTO t VALUES " + strings.Join(rows, ", ") + ";", ""},
		{"AND chain", "SELECT 1 WHERE " + ands + ";", ""},
		{"deep parentheses", "SELECT " + strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000) + ";", "("},
		{"chain inside parentheses", "SELECT (" + strings.Repeat("1+", MaxOperatorChain+1000) + "1);", "+"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte("CREATE TABLE t (a int, b text);\n" + tc.sql + "\n")
			files := ParseFile("f.sql", src, FileOptions{})
			f := files[0]
			switch {
			case tc.op == "" && (len(f.Findings) != 0 || len(f.Statements) != 2):
				t.Fatalf("want 2 statements and no finding: %d, %v", len(f.Statements), f.Findings)
			case tc.op != "":
				at := "f.sql:2:" + strconv.Itoa(nthIndex(tc.sql, tc.op, MaxOperatorChain+1)+1)
				if tc.op == "(" { // the parser's own limit: it reports where its stack ran out
					at = "f.sql:2:10002"
				}
				if len(f.Findings) != 1 || f.Findings[0].Location.String() != at || f.Findings[0].RuleID != RuleParseError.ID {
					t.Fatalf("want one parse error at %s: %v", at, f.Findings)
				}
			}
		})
	}
}

// nthIndex returns the byte offset of the n-th (1-based) occurrence of sub in s.
func nthIndex(s, sub string, n int) int {
	at := -len(sub)
	for range n {
		i := strings.Index(s[at+len(sub):], sub)
		if i < 0 {
			return -1
		}
		at += len(sub) + i
	}
	return at
}
