package migration

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/schemacheck/schemacheck/internal/pgast"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/internal/utf8pos"
)

// MaxFileSize is the largest migration file read; larger files get a
// finding instead of being parsed.
const MaxFileSize = 16 << 20

// FileOptions control how one file is read.
type FileOptions struct {
	// Placeholders are substituted for Go-template {{ … }} and Flyway ${x}
	// placeholders before parsing.
	Placeholders map[string]string
	// NoTransaction forces the file to run outside a transaction (set by
	// layouts whose convention says so, e.g. popx .autocommit. files).
	NoTransaction bool
	// Wraps says the tool runs each file inside one transaction unless the
	// file opts out (goose, dbmate, Flyway, Prisma, diesel, …).
	Wraps bool
	// OneQuery says the tool sends the whole file as one multi-statement
	// query (golang-migrate), which PostgreSQL runs as one implicit
	// transaction when it holds more than one statement.
	OneQuery bool
	// UnwrapNonTransactional says the tool runs a file whose statements
	// all refuse a transaction block outside one (Flyway).
	UnwrapNonTransactional bool
	// Runner, when set, is how the program that runs the file sends it,
	// as the config says: it replaces Wraps, OneQuery and
	// UnwrapNonTransactional, whatever the layout or the file's format
	// implies, while the file's own opt-out (NoTransaction) still holds.
	Runner *TxModel
}

var (
	gooseAnnotation  = annotation{"+goose", regexp.MustCompile(`(?m)^[ \t]*--[ \t]*\+goose[ \t]+(\S+)(?:[ \t]+(\S+))?[^\n]*$`)}
	dbmateAnnotation = annotation{"migrate:", regexp.MustCompile(`(?m)^[ \t]*--[ \t]*migrate:(up|down)\b([^\n]*)$`)}
	// sqlMigrateAnnotation is a line sql-migrate reads as a command: it
	// starts with exactly "-- +migrate " (sqlparse's sqlCmdPrefix).
	sqlMigrateAnnotation = annotation{"-- +migrate ", regexp.MustCompile(`(?m)^-- \+migrate ([^\n]*)$`)}
	atlasTxMode          = annotation{"atlas:txmode", regexp.MustCompile(`(?m)^[ \t]*--[ \t]*atlas:txmode[ \t]+none\b`)}
	templateAction       = regexp.MustCompile(`\{\{[^}]*\}\}`)
	flywayVar            = regexp.MustCompile(`\$\{([A-Za-z0-9_.]+)\}`)
	templateName         = regexp.MustCompile(`(?:index\s+\.Options\s+"([^"]+)"|\.([A-Za-z_][A-Za-z0-9_]*))`)
)

// annotation is a migration tool's comment line: a pattern that matches
// within one line, and a mark that every matching line holds.
type annotation struct {
	mark    string
	pattern *regexp.Regexp
}

// in returns the submatch indexes of at most n (all if n < 0) annotations
// in src, as FindAllSubmatchIndex would. The pattern runs only on the lines
// that hold the mark: it has no literal prefix, so over a whole file the
// matcher tries every byte, which was a large share of reading goose
// directories.
func (a annotation) in(src []byte, n int) [][]int {
	var out [][]int
	for from := 0; n < 0 || len(out) < n; {
		i := bytes.Index(src[from:], []byte(a.mark))
		if i < 0 {
			break
		}
		i += from
		start := bytes.LastIndexByte(src[:i], '\n') + 1
		end := len(src)
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			end = i + j
		}
		if m := a.pattern.FindSubmatchIndex(src[start:end]); m != nil {
			for k := range m {
				if m[k] >= 0 {
					m[k] += start
				}
			}
			out = append(out, m)
		}
		from = end
	}
	return out
}

// ParseFile splits one file into its up (and, for goose and dbmate files,
// down) scripts and parses their statements. A file named *.down.sql is a
// down script.
func ParseFile(path string, src []byte, opts FileOptions) []*File {
	dir := Up
	if strings.HasSuffix(path, ".down.sql") || strings.HasSuffix(path, "/down.sql") || path == "down.sql" {
		dir = Down
	}
	if f := checkReadable(path, src, dir); f != nil {
		return []*File{f}
	}
	switch {
	case gooseAnnotation.in(src, 1) != nil:
		return parseGoose(path, src, opts)
	case dbmateAnnotation.in(src, 1) != nil:
		return parseDbmate(path, src, opts)
	case sqlMigrateAnnotation.in(src, 1) != nil:
		return parseSQLMigrate(path, src, opts)
	}
	if atlasTxMode.in(src, 1) != nil {
		opts.NoTransaction = true
	}
	if bytes.Contains(src, []byte(pgMigrationsMarker)) {
		// postgres-migrations looks for it anywhere in the file.
		opts.NoTransaction = true
	}
	return []*File{parseSegments(path, src, dir, []segment{{0, len(src)}}, opts)}
}

// checkReadable returns a File holding one finding when src cannot be
// parsed as SQL text at all (too large, binary, not UTF-8), else nil.
func checkReadable(path string, src []byte, dir Direction) *File {
	var msg string
	loc := finding.Location{File: path}
	switch {
	case len(src) > MaxFileSize:
		// ReadFile stops at the limit, so the true size is not known here.
		msg = fmt.Sprintf("file is larger than the %d-byte (%d MiB) limit for a migration; it was not checked", MaxFileSize, MaxFileSize>>20)
	case bytes.IndexByte(src, 0) >= 0:
		msg = "file contains NUL bytes: it looks binary, not SQL; it was not checked"
	case !utf8.Valid(src):
		line, col, b, _ := utf8pos.FirstInvalid(src)
		loc.Line, loc.Column = line, col
		msg = fmt.Sprintf("file is not valid UTF-8 (byte 0x%02x); save it as UTF-8 (PostgreSQL migrations are read as UTF-8)", b)
	default:
		return nil
	}
	f := &File{Path: path, Direction: dir, Source: src}
	f.Findings = append(f.Findings, RuleUnreadable.New(loc, "%s", msg))
	return f
}

// segment is a byte range of the file parsed on its own.
type segment struct{ start, end int }

// parseGoose reads a goose file: `-- +goose Up` / `Down` split directions,
// `StatementBegin`/`StatementEnd` blocks are parsed on their own (a block
// need not end with a semicolon), `NO TRANSACTION` turns off the wrapping.
func parseGoose(path string, src []byte, opts FileOptions) []*File {
	opts.Wraps = true
	var up, down []segment
	cur := &up
	pos := 0
	inDirection := false
	for _, m := range gooseAnnotation.in(src, -1) {
		word := strings.ToLower(string(src[m[2]:m[3]]))
		flush := func() {
			if inDirection && m[0] > pos {
				*cur = append(*cur, segment{pos, m[0]})
			}
		}
		switch word {
		case "up":
			flush()
			cur, inDirection = &up, true
		case "down":
			flush()
			cur, inDirection = &down, true
		case "statementbegin", "statementend":
			flush()
		case "no":
			if m[4] >= 0 && strings.EqualFold(string(src[m[4]:m[5]]), "transaction") {
				opts.NoTransaction = true
			}
		case "envsub":
			// `-- +goose ENVSUB ON/OFF` only switches substitution.
		}
		pos = m[1]
	}
	if inDirection && pos < len(src) {
		*cur = append(*cur, segment{pos, len(src)})
	}
	files := []*File{parseSegments(path, src, Up, up, opts)}
	if len(down) > 0 {
		files = append(files, parseSegments(path, src, Down, down, opts))
	}
	return files
}

// parseDbmate reads a dbmate file: `-- migrate:up` / `-- migrate:down`
// sections, `transaction:false` on the annotation line.
func parseDbmate(path string, src []byte, opts FileOptions) []*File {
	opts.Wraps = true
	var files []*File
	ms := dbmateAnnotation.in(src, -1)
	for i, m := range ms {
		end := len(src)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		dir := Up
		if string(src[m[2]:m[3]]) == "down" {
			dir = Down
		}
		o := opts
		if strings.Contains(strings.ReplaceAll(string(src[m[4]:m[5]]), " ", ""), "transaction:false") {
			o.NoTransaction = true
		}
		files = append(files, parseSegments(path, src, dir, []segment{{m[1], end}}, o))
	}
	return files
}

// parseSQLMigrate reads a rubenv/sql-migrate file as sqlparse does:
// `-- +migrate Up` and `-- +migrate Down` start sections of a direction
// (a file may switch back and forth; the sections of one direction run
// in file order), text before the first is not run, a StatementBegin …
// StatementEnd block is one statement (it need not end with a
// semicolon). sql-migrate runs each direction in one transaction, unless
// one of its annotations says notransaction: then every statement is
// sent on its own.
func parseSQLMigrate(path string, src []byte, opts FileOptions) []*File {
	opts.Wraps, opts.OneQuery = true, false
	var segs [2][]segment
	var noTx [2]bool
	cur, pos := -1, 0 // no direction yet
	flush := func(end int) {
		if cur >= 0 && end > pos {
			segs[cur] = append(segs[cur], segment{pos, end})
		}
	}
	for _, m := range sqlMigrateAnnotation.in(src, -1) {
		fields := strings.Fields(string(src[m[2]:m[3]]))
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "Up", "Down":
			flush(m[0])
			cur = int(Up)
			if fields[0] == "Down" {
				cur = int(Down)
			}
			if slices.Contains(fields[1:], "notransaction") {
				noTx[cur] = true
			}
		case "StatementBegin", "StatementEnd":
			flush(m[0])
		default:
			continue // not a command sql-migrate knows: a comment
		}
		pos = m[1]
	}
	flush(len(src))
	var files []*File
	for _, dir := range []Direction{Up, Down} {
		if dir == Down && len(segs[Down]) == 0 {
			break
		}
		o := opts
		o.NoTransaction = o.NoTransaction || noTx[dir]
		files = append(files, parseSegments(path, src, dir, segs[dir], o))
	}
	return files
}

// parseSegments parses the given byte ranges of src as the script of one
// direction. Positions in the result are positions in src, the whole file.
func parseSegments(path string, src []byte, dir Direction, segs []segment, opts FileOptions) *File {
	f := &File{Path: path, Direction: dir, Source: src, NoTransaction: opts.NoTransaction}
	lines := newLineIndex(src)
	hasSuppressions := bytes.Contains(src, []byte("schemacheck:ignore"))
	if hasSuppressions {
		f.Ignores = fileSuppressions(path, src, lines)
	}
	for _, seg := range segs {
		text, offsets, unresolved := substitute(src[seg.start:seg.end], opts.Placeholders)
		if unresolved != "" {
			at := lines.location(path, seg.start+offsets.original(strings.Index(text, unresolved)))
			f.Findings = append(f.Findings, RuleTemplatePlaceholder.New(at,
				"template placeholder %s is not substituted, so the file cannot be parsed", unresolved))
			return f
		}
		for _, d := range DeepStatements(text) {
			f.Findings = append(f.Findings, tooDeep(lines.location(path, seg.start+offsets.original(d.At)), d.SlowScan))
			text = blank(text, d.Start, d.End) // the rest of the file is still parsed
		}
		res, err := pgtree.Parse(text)
		if err != nil {
			f.Findings = append(f.Findings, parseError(path, text, seg.start, offsets, lines, err))
			return f
		}
		for _, raw := range res.Stmts {
			start, end := int(raw.StmtLocation), int(raw.StmtLocation+raw.StmtLen)
			if raw.StmtLen == 0 {
				end = len(text)
			}
			start += leadingNoise(text[start:end])
			end = start + len(strings.TrimRight(text[start:end], " \t\r\n;"))
			if start >= end {
				continue
			}
			from, to := seg.start+offsets.original(start), seg.start+offsets.original(end)
			pos := lines.location(path, from)
			last := lines.location(path, to-1)
			pos.EndLine, pos.EndColumn = last.Line, last.Column
			f.Statements = append(f.Statements, &Statement{
				Node: raw.Stmt, SQL: text[start:end], Pos: pos, Offset: from, End: to, sqlStart: start,
				Do: ReadDo(raw.Stmt),
			})
			if at, slow := deepDoBody(raw.Stmt, text[start:end]); at >= 0 {
				// The statement stays: the replay marks what the block names uncertain.
				f.Findings = append(f.Findings, tooDeep(lines.location(path, seg.start+offsets.original(start+at)), slow))
			}
		}
	}
	if r := opts.Runner; r != nil {
		opts.Wraps, opts.OneQuery, opts.UnwrapNonTransactional = r.Wraps, r.OneQuery, r.UnwrapNonTransactional
	}
	assignTransactions(f, wrapped(f, opts))
	f.OneQuery = f.ToolWraps && !(opts.Wraps && !opts.NoTransaction)
	if hasSuppressions {
		attachSuppressions(f, src, lines)
	}
	return f
}

// tooDeep is the finding for a statement DeepStatements refuses.
func tooDeep(at finding.Location, slowScan bool) finding.Finding {
	if slowScan {
		return RuleParseError.New(at, "runs of operator characters (+-*/<>=~!@#%%^&|`?) from here are too long for schemacheck to parse "+
			"(PostgreSQL's scanner takes time quadratic in a run's length), so the file was not checked: shorten them, in comments and strings too")
	}
	return RuleParseError.New(at, "this statement nests deeper than schemacheck parses safely (more than %d operators, keywords or brackets "+
		"in one expression; trees this deep overflow the C parser's stack), so it was not checked: split the expression or build the value "+
		"another way (a VALUES list, an array, a function)", MaxExpressionDepth)
}

// deepDoBody returns the offset in sql (the DO statement's text) where
// its body nests too deep to parse (or to scan, with slow), or -1. The
// body's statements are parsed when the block is replayed, so they need
// the same bound.
func deepDoBody(stmt *pgast.Node, sql string) (at int, slow bool) {
	do := stmt.GetDoStmt()
	if do == nil {
		return -1, false
	}
	for _, a := range do.Args {
		if d := a.GetDefElem(); d.GetDefname() == "as" {
			body := d.GetArg().GetString_().GetSval()
			deep := DeepStatements(body)
			if len(deep) == 0 {
				return -1, false
			}
			if i := strings.Index(sql, body); i >= 0 { // a body in '…' with doubled quotes is not found verbatim
				return i + deep[0].At, deep[0].SlowScan
			}
			return 0, deep[0].SlowScan
		}
	}
	return -1, false
}

// blank replaces text[start:end] with spaces, keeping line breaks, so the
// parser skips it and every other byte keeps its offset.
func blank(text string, start, end int) string {
	b := []byte(text)
	for i := start; i < end; i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// parseError turns a parser error into one finding at the parser's cursor.
func parseError(path, text string, base int, offsets offsetMap, lines lineIndex, err error) finding.Finding {
	loc := finding.Location{File: path}
	msg := err.Error()
	var pe *parser.Error
	if errors.As(err, &pe) {
		msg = pe.Message
		if pe.Cursorpos > 0 {
			loc = lines.location(path, base+offsets.original(charToByte(text, pe.Cursorpos-1)))
		}
	}
	f := RuleParseError.New(loc, "%s", msg)
	if pe != nil && pe.Cursorpos > 0 && pg18NotNullAt(text, charToByte(text, pe.Cursorpos-1)) {
		f.Message += " (CONSTRAINT name NOT NULL column, a named NOT NULL table constraint, is PostgreSQL 18 syntax, which this PostgreSQL 17 parser rejects)"
	}
	if strings.HasPrefix(msg, "memory exhausted") { // bison's stack limit, not the machine's memory
		f.Message += " (parentheses, brackets or function calls nested too deeply for the parser: flatten the expression)"
	}
	return f
}

// pg18NotNullAt reports whether the parser stopped (at byte off of text)
// on the NOT of PostgreSQL 18's table constraint CONSTRAINT name NOT NULL
// column, in CREATE TABLE or ALTER TABLE … ADD: PostgreSQL 17 takes that
// form only as a column constraint, so it fails exactly there.
func pg18NotNullAt(text string, off int) bool {
	return off <= len(text) && notNullNext.MatchString(text[off:]) && constraintNamedBefore.MatchString(text[max(0, off-256):off])
}

var (
	notNullNext           = regexp.MustCompile(`(?i)^NOT\s+NULL\b`)
	constraintNamedBefore = regexp.MustCompile(`(?i)\bCONSTRAINT\s+("[^"]*"|\S+)\s+$`)
)

// charToByte converts PostgreSQL's character cursor to a byte offset.
func charToByte(s string, chars int) int {
	for i := range s {
		if chars == 0 {
			return i
		}
		chars--
	}
	return len(s)
}

// leadingNoise is the length of the whitespace and comments before the
// first token, so a statement's position is that of its first keyword.
func leadingNoise(s string) int {
	i := 0
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f':
			i++
		case strings.HasPrefix(s[i:], "--"):
			nl := strings.IndexByte(s[i:], '\n')
			if nl < 0 {
				return len(s)
			}
			i += nl + 1
		case strings.HasPrefix(s[i:], "/*"):
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return len(s)
			}
			i += end + 4
		default:
			return i
		}
	}
	return i
}
