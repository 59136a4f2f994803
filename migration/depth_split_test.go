package migration

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// traps hold a semicolon that ends no statement, or are other lexical
// corners statementsFit must not get wrong.
var traps = []string{
	"'; '", "'it''s; here'", "E'\\'; '", `"a;""b"`, "$$ ; $$", "$a$ $b$ ; $b$ $a$", "$a$ $ba$ ; $a$",
	"$1$$ ; $$", "1$$ ; $$", "a$$ ; $$", "'x'$$ ; $$", "/* /* */ ; */", "/*/ ; */", "-- ;\n", "+--;\n",
	"U&'\\0041; '", "'\\'; '", "E'\\'; '", "e'\\\\'; '", "$$x$$E'\\'; '", "xE'\\'; '", "'a\\\\'; '", "B'1'", "X'1F'", ":'a;b'", "(SELECT 1; SELECT 2)", "CASE WHEN a THEN b END",
}

// splitCases put each trap in the middle of a statement whose halves
// each fit a small bound and whose whole does not (every keyword of the
// chain counts in the estimate), then at its end, unterminated.
var splitCases = func() []string {
	half := strings.Repeat(" IS NULL", 10)
	var out []string
	for _, trap := range traps {
		out = append(out, "SELECT 1"+half+" || "+trap+" || 1"+half+"; SELECT 1", "SELECT 1"+half+" || "+trap[:len(trap)-1]+half)
	}
	return out
}()

// checkSplit fails when statementsFit says every statement of sql fits
// bound but the scanner's estimate passes it.
func checkSplit(t *testing.T, name, sql string, bound int) {
	t.Helper()
	if statementsFit(sql, bound) {
		if deep := deepScan(sql, bound, bound); len(deep) > 0 {
			t.Errorf("%s: statementsFit(%d) says every statement fits, the scanner finds %d past the bound (first at byte %d)",
				name, bound, len(deep), deep[0].At)
		}
	}
}

func TestStatementsFitAgreesWithScanner(t *testing.T) {
	for _, sql := range splitCases {
		for _, bound := range []int{3, 8, 16, 24, 32, 36, 40, 48} {
			checkSplit(t, sql, sql, bound)
		}
	}
	// A long file of short statements needs no scan; one long statement does.
	short := strings.Repeat("SELECT a + 1 FROM t WHERE b = 'x;y';\n", 2000)
	if !statementsFit(short, MaxExpressionDepth) {
		t.Errorf("a file of short statements should fit")
	}
	if statementsFit(short+"SELECT "+strings.Repeat("1+", 3000)+"1;", MaxExpressionDepth) {
		t.Errorf("a statement of 6,000 tokens should not fit")
	}
}

// TestStatementsFitCorpus: on every corpus file, at bounds from tiny to the
// real one, what statementsFit lets pass the scanner also lets pass.
func TestStatementsFitCorpus(t *testing.T) {
	corpus := testenv.Corpus(t)
	n := 0
	for _, dir := range []string{"sql-regression", "migrations"} {
		_ = filepath.WalkDir(filepath.Join(corpus, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 1<<20 {
				return nil
			}
			n++
			for _, bound := range []int{40, 200, MaxExpressionDepth} {
				if n%7 == 0 || dir == "sql-regression" || bound == MaxExpressionDepth {
					checkSplit(t, p, string(b), bound)
				}
			}
			return nil
		})
	}
	if n == 0 {
		t.Fatal("no corpus files")
	}
}

// FuzzStatementsFit: statementsFit never says a statement fits a bound
// that the scanner's estimate passes.
func FuzzStatementsFit(f *testing.F) {
	for _, sql := range splitCases {
		f.Add(sql, uint8(5))
	}
	f.Fuzz(func(t *testing.T, sql string, bound uint8) {
		if len(sql) > 4096 || slowScan(sql) >= 0 {
			return
		}
		checkSplit(t, "input", sql, 2+int(bound)%30)
	})
}
