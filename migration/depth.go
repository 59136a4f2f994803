package migration

import (
	"strings"

	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"google.golang.org/protobuf/encoding/protowire"
)

// The parser builds a chain (1 + 1 + …, 1 IS NULL IS NULL …, a UNION b
// UNION …) as a tree as deep as the chain is long, and libpg_query and its
// deparser walk trees recursively in C, where running out of stack is a
// SIGSEGV that kills the process (Go cannot recover it). Measured with
// pg_query_go v6.2.5 and 8 MB thread stacks, in a subprocess
// (TestDepthCrashThreshold prints the figures): parsing crashes at about
// 23,800 chained operators of any kind (IS NULL, IS TRUE, NOTNULL,
// COLLATE, AT TIME ZONE, OPERATOR(…), +, ::, JOIN) and 47,600 UNIONs; the
// deparser crashes at about 4,500 (`DEFAULT (1 IS NULL …)` in CREATE
// TABLE). Between about 5,000 and 23,800 the parse fails cleanly in Go's
// protobuf decoder. The bounds below leave wide margins under both.
const (
	// MaxExpressionDepth bounds the depth estimate of one expression: the
	// operator-like tokens since the last list separator, summed over the
	// enclosing brackets, plus the number of enclosing brackets. Real
	// migrations stay under a few dozen.
	MaxExpressionDepth = 2500
	// MaxClauseDepth bounds the keywords of one bracket level (summed
	// over the enclosing ones), which no separator resets: a chain of set
	// operations (SELECT a, b UNION SELECT a, b …) nests although its
	// links are comma lists. It takes two keywords a link and crashed at
	// 47,600 links, 95,000 keywords; long flat lists of keywords (a 20,000
	// term OR chain of IS NULL tests) stay under the bound.
	MaxClauseDepth = 50000
)

// DeepStatement is a statement whose parse tree could nest deeper than the
// C parser and deparser survive, or, with SlowScan, text the scanner
// would take too long over.
type DeepStatement struct {
	Start, End int // the statement's bytes, its semicolon included
	At         int // where the depth estimate passed the bound
	// SlowScan: runs of operator characters from At on would take the
	// scanner time quadratic in their length; Start and End cover the
	// whole text, whose statements are not known without scanning it.
	SlowScan bool
}

// DeepStatements finds the statements of sql whose nesting the parser
// should not be asked to build. It reads pg_query's scanner output, which
// is flat and built without recursion, so it is safe on any input. The
// estimate is an upper bound built from the token stream, not from a list
// of known constructs: every token except names, literals and list
// separators (a comma, AND, OR, WHEN, THEN, ELSE) is assumed to add a
// level, and every bracket ((, [, CASE … END) adds one. A list separator
// starts a sibling, not a child, which is why long VALUES lists, IN
// lists, AND chains and CASE arms are not deep.
func DeepStatements(sql string) []DeepStatement {
	if at := slowScan(sql); at >= 0 {
		return []DeepStatement{{Start: 0, End: len(sql), At: at, SlowScan: true}}
	}
	if roughTokens(sql) <= MaxExpressionDepth || statementsFit(sql, MaxExpressionDepth) {
		return nil // too few tokens to pass either bound
	}
	return deepScan(sql, MaxExpressionDepth, MaxClauseDepth)
}

// deepScan is DeepStatements' estimate over the scanner's tokens, with its
// bounds as parameters (tests use small ones).
func deepScan(sql string, maxExpression, maxClause int) []DeepStatement {
	buf, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return nil // the parser stops at the same scanner error, before building a tree
	}
	type level struct {
		run, keywords int  // operator-like tokens since the last separator; keywords since the level opened
		between       bool // a BETWEEN waits for its AND, which is no separator
		isCase        bool
	}
	var out []DeepStatement
	var stack []level
	var runSum, kwSum, start int // sums over the levels below the top
	skip := false                // the current statement is already reported
	reset := func() {
		stack = append(stack[:0], level{})
		runSum, kwSum = 0, 0
		skip = false
	}
	reset()
	if eachToken(buf, func(tok scanToken) {
		top := &stack[len(stack)-1]
		switch tok.Token {
		case pgast.Token_ASCII_59: // ;
			if skip {
				out[len(out)-1].End = int(tok.End)
			}
			reset()
			start = int(tok.End)
			return
		case pgast.Token_SQL_COMMENT, pgast.Token_C_COMMENT, pgast.Token_IDENT, pgast.Token_UIDENT,
			pgast.Token_ICONST, pgast.Token_FCONST, pgast.Token_SCONST, pgast.Token_USCONST,
			pgast.Token_BCONST, pgast.Token_XCONST, pgast.Token_PARAM:
			return
		}
		if skip {
			return
		}
		switch tok.Token {
		case pgast.Token_ASCII_40, pgast.Token_ASCII_91, pgast.Token_CASE: // ( [ CASE
			runSum += top.run
			kwSum += top.keywords
			stack = append(stack, level{isCase: tok.Token == pgast.Token_CASE})
		case pgast.Token_ASCII_41, pgast.Token_ASCII_93: // ) ]
			if len(stack) > 1 && !top.isCase {
				stack = stack[:len(stack)-1]
				runSum -= stack[len(stack)-1].run
				kwSum -= stack[len(stack)-1].keywords
			}
		case pgast.Token_END_P:
			if top.isCase {
				stack = stack[:len(stack)-1]
				runSum -= stack[len(stack)-1].run
				kwSum -= stack[len(stack)-1].keywords
			} else {
				top.run++
				top.keywords++
			}
		case pgast.Token_ASCII_44, pgast.Token_OR, pgast.Token_WHEN, pgast.Token_THEN, pgast.Token_ELSE: // ,
			top.run = 0
		case pgast.Token_AND:
			if top.between {
				top.between = false
				top.run++
				top.keywords++
			} else {
				top.run = 0
			}
		default:
			top.run++
			if tok.KeywordKind != pgast.KeywordKind_NO_KEYWORD {
				top.keywords++
			}
			if tok.Token == pgast.Token_BETWEEN {
				top.between = true
			}
		}
		top = &stack[len(stack)-1]
		if runSum+top.run+len(stack) > maxExpression || kwSum+top.keywords+len(stack) > maxClause {
			out = append(out, DeepStatement{Start: start, End: len(sql), At: int(tok.Start)})
			skip = true
		}
	}) != nil {
		return nil // not what pg_query writes; the parser will say what it cannot read
	}
	return out
}

// scanToken is the part of pgast.ScanToken the estimate reads.
type scanToken struct {
	Start, End  int32
	Token       pgast.Token
	KeywordKind pgast.KeywordKind
}

// eachToken calls fn for each token of a pg_query ScanResult protobuf, as
// it decodes them: a 16 MB file has millions of tokens, and decoding the
// whole message into Go objects took a third more memory than parsing.
func eachToken(buf []byte, fn func(scanToken)) error {
	for len(buf) > 0 {
		num, typ, n := protowire.ConsumeTag(buf)
		if n < 0 {
			return protowire.ParseError(n)
		}
		buf = buf[n:]
		if num != 2 || typ != protowire.BytesType { // 2: ScanResult.tokens
			if n = protowire.ConsumeFieldValue(num, typ, buf); n < 0 {
				return protowire.ParseError(n)
			}
			buf = buf[n:]
			continue
		}
		msg, n := protowire.ConsumeBytes(buf)
		if n < 0 {
			return protowire.ParseError(n)
		}
		buf = buf[n:]
		var tok scanToken
		for len(msg) > 0 {
			f, ft, k := protowire.ConsumeTag(msg)
			if k < 0 {
				return protowire.ParseError(k)
			}
			msg = msg[k:]
			if ft != protowire.VarintType {
				if k = protowire.ConsumeFieldValue(f, ft, msg); k < 0 {
					return protowire.ParseError(k)
				}
				msg = msg[k:]
				continue
			}
			v, k := protowire.ConsumeVarint(msg)
			if k < 0 {
				return protowire.ParseError(k)
			}
			msg = msg[k:]
			switch f { // the field numbers of pgast.ScanToken
			case 1:
				tok.Start = int32(v)
			case 2:
				tok.End = int32(v)
			case 4:
				tok.Token = pgast.Token(v)
			case 5:
				tok.KeywordKind = pgast.KeywordKind(v)
			}
		}
		fn(tok)
	}
	return nil
}

// slowScan returns the offset of the run of operator characters where the
// scanner's work would pass its budget, or -1. PostgreSQL's scanner reads
// the longest run of operator characters and then gives back all but the
// operator it keeps (a run ending in + or - is split, as is one holding
// -- or /*), so it re-reads the rest of a run once per operator: time
// quadratic in the run's length (30,000 '+' took 12 s to scan, 16 MB
// would take days). The budget, the sum of the squares of the runs'
// lengths, grows with the text, so a run of 1,000 passes in any file and
// banner comments (/*****…) never come near it; the corpus's longest run
// is 70. Runs inside comments and strings count too: they are not known
// without scanning.
func slowScan(sql string) int {
	budget := 1<<20 + 64*len(sql)
	for i := 0; i < len(sql); {
		if !isOperatorChar(sql[i]) {
			i++
			continue
		}
		j := i
		for j < len(sql) && isOperatorChar(sql[j]) {
			j++
		}
		if budget -= (j - i) * (j - i); budget < 0 {
			return i
		}
		i = j
	}
	return -1
}

func isOperatorChar(c byte) bool {
	switch c {
	case '+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?':
		return true
	}
	return false
}

// roughTokens is an upper bound on the tokens of sql, cheap enough to run
// on every file: each punctuation byte and each start of a word.
func roughTokens(sql string) int {
	n, inWord := 0, false
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		word := isWordByte(c)
		switch {
		case word && !inWord:
			n++
		case !word && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			n++
		}
		inWord = word
	}
	return n
}

// statementsFit reports whether every statement of sql has fewer than
// bound rough tokens (roughTokens), which bounds both estimates of
// DeepStatements: each token adds at most one level, and each statement
// starts afresh. It saves scanning a long file of short statements (the
// scanner's token stream costs a tenth of a parse). Statements end at
// semicolons outside comments, quoted text and dollar quotes; where this
// splitter cannot be sure it lexes as PostgreSQL does (a backslash in a
// quoted string, which E” strings escape with; a $ right after a number)
// it answers false, and the scanner decides.
func statementsFit(sql string, bound int) bool {
	start := 0 // of the current statement
	wordStart := -1
	fits := func(end int) bool { return roughTokens(sql[start:end]) < bound }
	for i := 0; i < len(sql); i++ {
		c := sql[i]
		if isWordByte(c) {
			if wordStart < 0 {
				if c == '$' {
					if end, ok := dollarQuote(sql, i); ok {
						if end < 0 {
							return fits(len(sql)) // unterminated: the scanner stops there too
						}
						i = end - 1
						continue
					}
				}
				wordStart = i
			} else if c == '$' && !isIdentStart(sql[wordStart]) {
				return false // after a number or a parameter: PostgreSQL's rules differ by version
			}
			continue
		}
		wordStart = -1
		switch {
		case c == ';':
			if !fits(i + 1) {
				return false
			}
			start = i + 1
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			nl := strings.IndexByte(sql[i:], '\n')
			if nl < 0 {
				return fits(len(sql))
			}
			i += nl
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			depth := 0
			for ; i < len(sql); i++ { // comments nest
				if strings.HasPrefix(sql[i:], "/*") {
					depth++
					i++
				} else if strings.HasPrefix(sql[i:], "*/") {
					depth--
					i++
					if depth == 0 {
						break
					}
				}
			}
		case c == '\'' || c == '"':
			// An E'' string escapes with backslashes; in others a
			// backslash is a character (standard_conforming_strings, the
			// scanner's default). A quote after an e that is no E''
			// (xe'…') is read as one too: that can only hide a semicolon.
			escapes := c == '\'' && i > 0 && (sql[i-1] == 'E' || sql[i-1] == 'e')
			for i++; i < len(sql); i++ {
				if sql[i] == '\\' && escapes {
					i++
					continue
				}
				if sql[i] == c {
					if i+1 < len(sql) && sql[i+1] == c {
						i++ // a doubled quote
						continue
					}
					break
				}
			}
		}
	}
	return fits(len(sql))
}

// dollarQuote returns the end of the dollar-quoted string starting at
// sql[i] == '$' (-1 when it is not closed), or false when no $tag$
// delimiter starts there ($1 is a parameter).
func dollarQuote(sql string, i int) (end int, ok bool) {
	j := i + 1
	for j < len(sql) && sql[j] != '$' {
		if !isIdentStart(sql[j]) && (j == i+1 || sql[j] < '0' || sql[j] > '9') {
			return 0, false
		}
		j++
	}
	if j == len(sql) {
		return 0, false
	}
	delim := sql[i : j+1]
	k := strings.Index(sql[j+1:], delim)
	if k < 0 {
		return -1, true
	}
	return j + 1 + k + len(delim), true
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= 0x80
}

// isWordByte is a byte roughTokens counts as part of a word.
func isWordByte(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$'
}
