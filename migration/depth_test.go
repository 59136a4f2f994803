package migration

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// chainForms are the shapes that nest the parse tree one level (or more)
// per repetition: each killed the process with SIGSEGV at 30,000 links.
var chainForms = []struct{ name, head, link, tail string }{
	{"is null", "SELECT 1", " IS NULL", ""},
	{"is true", "SELECT true", " IS TRUE", ""},
	{"notnull", "SELECT 1", " NOTNULL", ""},
	{"collate", "SELECT 'a'", ` COLLATE "C"`, ""},
	{"at time zone", "SELECT now()", " AT TIME ZONE 'UTC'", ""},
	{"operator()", "SELECT 1", " OPERATOR(pg_catalog.+) 1", ""},
	{"plus", "SELECT 1", "+1", ""},
	{"cast", "SELECT 1", "::int", ""},
	{"concatenation", "SELECT 'a'", " || 'a'", ""},
	{"between", "SELECT 1", " BETWEEN 1 AND 2 IS TRUE", ""},
	{"join", "SELECT 1 FROM a", " JOIN a USING (x)", ""},
	{"union with comma lists", "SELECT 1, 2", " UNION SELECT 1, 2", ""},
	{"not", "SELECT ", "NOT ", "true"},
	{"parentheses", "SELECT ", "(", "1"},
	{"nested CASE", "SELECT ", "CASE WHEN true THEN ", "1"},
	{"default", "CREATE TABLE d (a bool DEFAULT (1", " IS NULL", "))"},
}

// chain builds a statement of form with n links.
func chain(head, link, tail string, n int) string {
	return head + strings.Repeat(link, n) + tail
}

// TestDeepStatements: each chain form at the size that crashed is one
// SC-DB001 finding at the link where the bound is passed, and the
// statements after it in the file are still parsed; long flat lists
// (VALUES rows, IN lists, AND chains, CASE arms, select lists) are not
// deep and parse.
func TestDeepStatements(t *testing.T) {
	for _, form := range chainForms {
		t.Run(form.name, func(t *testing.T) {
			sql := chain(form.head, form.link, form.tail, 50000)
			src := "CREATE TABLE t (a int);\n" + sql + ";\nCREATE TABLE u (a int);\n"
			f := ParseFile("f.sql", []byte(src), FileOptions{})[0]
			if len(f.Findings) != 1 || f.Findings[0].RuleID != RuleParseError.ID || f.Findings[0].Location.Line != 2 ||
				!strings.Contains(f.Findings[0].Message, "nests deeper") {
				t.Fatalf("want one SC-DB001 finding on line 2: %v", f.Findings)
			}
			if len(f.Statements) != 2 || !strings.HasPrefix(f.Statements[1].SQL, "CREATE TABLE u") || f.Statements[1].Pos.Line != 3 {
				t.Fatalf("want the statements around it parsed: %d", len(f.Statements))
			}
		})
	}
	rows := make([]string, 100000)
	for i := range rows {
		rows[i] = "(-1, 'x' || 'y')"
	}
	arms := strings.Repeat(" WHEN a = 1 THEN 'x' || 'y'", 5000)
	cols := strings.Repeat("a + 1 AS x, ", 20000)
	for _, tc := range []struct{ name, sql string }{
		{"many VALUES rows", "INSERT INTO t VALUES " + strings.Join(rows, ", ")},
		{"AND chain", "SELECT 1 WHERE " + strings.Repeat("a = 1 AND ", 20000) + "true"},
		{"OR chain", "SELECT 1 WHERE " + strings.Repeat("a IS NULL OR ", 20000) + "true"},
		{"IN list", "SELECT 1 WHERE a IN (" + strings.Repeat("1, ", 100000) + "1)"},
		{"CASE arms", "SELECT CASE" + arms + " END"},
		{"select list", "SELECT " + cols + "1 FROM t"},
		{"array", "SELECT ARRAY[" + strings.Repeat("-1, ", 100000) + "1]"},
		{"chain under the bound", chain("SELECT 1", "+1", "", MaxExpressionDepth-2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ParseFile("f.sql", []byte("CREATE TABLE t (a int);\n"+tc.sql+";\n"), FileOptions{})[0]
			if len(f.Findings) != 0 || len(f.Statements) != 2 {
				t.Fatalf("want 2 statements and no finding: %d, %v", len(f.Statements), f.Findings)
			}
		})
	}
	t.Run("location", func(t *testing.T) {
		sql := "SELECT 1" + strings.Repeat("+1", MaxExpressionDepth+10)
		f := ParseFile("f.sql", []byte("CREATE TABLE t (a int);\n"+sql+";\n"), FileOptions{})[0]
		// The estimate counts SELECT, the + signs and the statement's level.
		at := "f.sql:2:" + strconv.Itoa(nthIndex(sql, "+", MaxExpressionDepth-1)+1)
		if len(f.Findings) != 1 || f.Findings[0].Location.String() != at {
			t.Fatalf("want the finding at %s: %v", at, f.Findings)
		}
	})
}

// TestDeepDoBody: a DO block whose body holds a chain is a finding located
// inside the body, and the block stays a statement (the replay marks what
// it names uncertain).
func TestDeepDoBody(t *testing.T) {
	for _, form := range chainForms {
		t.Run(form.name, func(t *testing.T) {
			body := " BEGIN PERFORM 1; " + strings.Replace(chain(form.head, form.link, form.tail, 50000), "SELECT", "PERFORM", 1) + "; END "
			src := "CREATE TABLE t (a int);\nDO $$\n" + body + "$$;\nCREATE TABLE u (a int);\n"
			f := ParseFile("f.sql", []byte(src), FileOptions{})[0]
			if len(f.Findings) != 1 || f.Findings[0].Location.Line != 3 || !strings.Contains(f.Findings[0].Message, "nests deeper") {
				t.Fatalf("want one finding on line 3: %v", f.Findings)
			}
			if len(f.Statements) != 3 {
				t.Fatalf("want 3 statements: %d", len(f.Statements))
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

// TestDepthCrashThreshold checks the bounds against the real crash, in
// child processes (a SIGSEGV in C kills the whole process): for each form,
// the longest chain DeepStatements accepts must parse and deparse, and
// the chain that crashed before must still crash without the guard (else
// the bound's comment is stale). The child is this test binary.
func TestDepthCrashThreshold(t *testing.T) {
	if path := os.Getenv("SCHEMACHECK_DEPTH_CHILD"); path != "" {
		depthChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process per form")
	}
	run := func(sql string) (string, error) {
		path := t.TempDir() + "/in.sql"
		if err := os.WriteFile(path, []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestDepthCrashThreshold$")
		cmd.Env = append(os.Environ(), "SCHEMACHECK_DEPTH_CHILD="+path)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	for _, form := range chainForms {
		t.Run(form.name, func(t *testing.T) {
			// The longest accepted chain, by bisection over the guard alone.
			lo, hi := 0, 50000
			for lo < hi-1 {
				m := (lo + hi) / 2
				if len(DeepStatements(chain(form.head, form.link, form.tail, m))) == 0 {
					lo = m
				} else {
					hi = m
				}
			}
			if out, err := run(chain(form.head, form.link, form.tail, lo)); err != nil {
				t.Fatalf("%d links pass the guard but crash the parser or deparser: %v\n%.300s", lo, err, out)
			}
			out, err := run(chain(form.head, form.link, form.tail, 50000))
			var exit *exec.ExitError
			crashed := errors.As(err, &exit) && strings.Contains(out, "SIGSEGV")
			t.Logf("guard accepts %d links; 50,000 links without it: crashed=%v", lo, crashed)
		})
	}
}

// depthChild parses and deparses the file at path without the guard.
func depthChild(path string) {
	sql, err := os.ReadFile(path)
	if err != nil {
		os.Exit(3)
	}
	res, err := pgtree.Parse(string(sql))
	if err != nil {
		os.Exit(0) // a clean parse error is survival
	}
	if _, err := pgtree.Deparse(res); err != nil {
		os.Exit(0)
	}
	os.Exit(0)
}

// FuzzDepthGuard: whatever statement the guard lets through must parse
// (or fail cleanly) and deparse without killing the process; a crash here
// is a SIGSEGV the fuzzer reports with its input. The input is a link
// repeated n times between a head and a tail, seeded with every chain form.
func FuzzDepthGuard(f *testing.F) {
	for _, form := range chainForms {
		f.Add(form.head, form.link, form.tail, uint16(30000))
	}
	f.Add("DO $$ BEGIN PERFORM 1", " IS NULL", "; END $$", uint16(30000))
	f.Fuzz(func(t *testing.T, head, link, tail string, n uint16) {
		if len(link) > 64 || len(head)+len(tail) > 256 {
			return
		}
		src := chain(head, link, tail, int(n)%40000)
		for _, file := range ParseFile("f.sql", []byte(src), FileOptions{}) {
			for _, st := range file.Statements {
				if at, _ := deepDoBody(st.Node, st.SQL); at >= 0 {
					continue
				}
				if _, err := pgtree.DeparseStmt(st.Node); err != nil {
					continue
				}
				if do := st.Node.GetDoStmt(); do != nil {
					for _, a := range do.Args {
						if d := a.GetDefElem(); d.GetDefname() == "as" {
							// What the replay parses of the body: its statements, PERFORM as SELECT.
							for _, piece := range strings.Split(d.GetArg().GetString_().GetSval(), ";") {
								piece = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(piece), "BEGIN"))
								if rest, ok := strings.CutPrefix(piece, "PERFORM"); ok {
									piece = "SELECT" + rest
								}
								_, _ = pgtree.Parse(piece)
							}
						}
					}
				}
			}
		}
	})
}

// TestSlowScan: PostgreSQL's scanner re-reads a run of operator characters
// for each operator it splits off, so 30,000 '+' took 12 s to scan (the
// fuzzer found it) and a 16 MB file would take days. Such runs are refused
// from a linear byte count, with one finding at the run, before the
// scanner sees them; banner comments and long separators still parse.
func TestSlowScan(t *testing.T) {
	for _, tc := range []struct{ name, sql, want string }{
		{"plus run", "SELECT 1" + strings.Repeat("+", 30000), "f.sql:2:9"},
		{"many shorter runs", strings.Repeat("SELECT 1"+strings.Repeat("+", 800)+"1;\n", 2), "f.sql:3:9"},
		{"banner comment", "/*" + strings.Repeat("*", 200) + "*/\nSELECT 1", ""},
		{"separator comment", "--" + strings.Repeat("=", 1000) + "\nSELECT 1", ""},
		{"one long run in a large file", strings.Repeat("SELECT 1;\n", 20000) + "SELECT '" + strings.Repeat("-", 1000) + "'", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ParseFile("f.sql", []byte("CREATE TABLE t (a int);\n"+tc.sql+";\n"), FileOptions{})[0]
			switch {
			case tc.want == "" && len(f.Findings) != 0:
				t.Fatalf("want no finding: %v", f.Findings)
			case tc.want != "" && (len(f.Findings) != 1 || f.Findings[0].Location.String() != tc.want ||
				!strings.Contains(f.Findings[0].Message, "quadratic")):
				t.Fatalf("want one finding at %s about the scanner: %v", tc.want, f.Findings)
			}
		})
	}
}
