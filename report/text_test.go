package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/schemacheck/schemacheck/finding"
)

// layoutSources are the files of layoutFindings: a minified document whose
// one line is far wider than any terminal, and a migration with a tab, a
// terminal escape sequence and a multi-byte name.
var layoutSources = map[string]string{
	"/work/repo/api/min.json": `{"openapi":"3.0.3","paths":{` + strings.Repeat(`"/v1/a":{"get":{}},`, 400) +
		`"/v1/orders":{"get":{"responses":{"200":{"description":"ok"}}}},` + strings.Repeat(`"/v1/z":{"get":{}},`, 400) + `"x":1}}`,
	"db/1_init.up.sql": "CREATE TABLE \"caf\u00e9\" (id int);\n\tCREATE INDEX i ON \"caf\u00e9\" (id); -- \x1b[31mred\x1b[0m\n",
}

func layoutFindings() []finding.Finding {
	min := layoutSources["/work/repo/api/min.json"]
	col := strings.Index(min, `"/v1/orders"`) + 1
	var ops []string
	for i := range 8 {
		ops = append(ops, fmt.Sprintf("GET /v1/resource_number_%d response", i))
	}
	fs := []finding.Finding{
		{RuleID: "SC-API001", RuleName: "api-operation-removed", Severity: finding.SeverityError, Layer: finding.LayerOpenAPI,
			Message:    "GET /v1/orders removed, and this message is long enough that it has to wrap over more than one line at sixty columns",
			Location:   finding.Location{File: "/work/repo/api/min.json", Line: 1, Column: col, EndLine: 1, EndColumn: col + 11},
			Operations: ops,
			Details:    append([]string{"breaks: flutter 1.0.0 × server this change (old client, new server); web 2026.10.1 × server this change (old client, new server)"}, ops...),
			Related:    []finding.Location{{File: "/work/repo/api/min.json@v1.0.0", Line: 1, Column: 9}}},
		{RuleID: "SC-DB101", RuleName: "require-concurrent-index", Severity: finding.SeverityError, Layer: finding.LayerDB,
			Message:  "CREATE INDEX without CONCURRENTLY on \x1b]8;;http://evil\x07\"café\"",
			Location: finding.Location{File: "db/1_init.up.sql", Line: 2, Column: 2, EndLine: 2, EndColumn: 31},
			Fix:      "CREATE INDEX CONCURRENTLY i ON \"café\" (id);\n-- outside a transaction block"},
		{RuleID: "SC-DB102", RuleName: "require-concurrent-index-drop", Severity: finding.SeverityWarning, Layer: finding.LayerDB,
			Message:  "a_word_without_spaces_that_is_longer_than_the_whole_line_can_hold_at_sixty_columns_wide",
			Location: finding.Location{File: "db/1_init.up.sql", Line: 1, Column: 40}},
	}
	for i := 0; i < 12; i++ {
		fs[1].Details = append(fs[1].Details, fmt.Sprintf("detail %d", i))
	}
	return fs
}

func renderLayout(t *testing.T, format string, width int) string {
	t.Helper()
	var buf bytes.Buffer
	err := Write(&buf, format, layoutFindings(), Options{
		Width:   width,
		WorkDir: "/work/repo",
		Hidden:  Hidden{BelowMinSeverity: 3, MinSeverity: finding.SeverityWarning, Deselected: 2},
		Source: func(p string) ([]byte, bool) {
			s, ok := layoutSources[p]
			return []byte(s), ok
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// TestTextLayoutGolden pins the text and compact layout on findings that
// stress it: a minified one-line document, capped operation and detail
// lists, an earlier location, escapes in the input, a word longer than a
// line, and a summary of what was hidden.
func TestTextLayoutGolden(t *testing.T) {
	for _, tc := range []struct {
		format, file string
		width        int
	}{
		{"text", "text-layout-60.txt", 60},
		{"text", "text-layout-80.txt", 0},
		{"compact", "compact-layout.txt", 0},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got := renderLayout(t, tc.format, tc.width)
			if again := renderLayout(t, tc.format, tc.width); got != again {
				t.Fatal("output differs between two runs")
			}
			path := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s (run go test ./report -update and review the diff)\n%s", path, got)
			}
		})
	}
}

// TestTextStaysInsideTheWidth checks the properties the golden files show:
// every line fits the width, no control character reaches the terminal,
// paths are relative, lists are capped and say how many they left out.
func TestTextStaysInsideTheWidth(t *testing.T) {
	for _, width := range []int{40, 60, 80, 120} {
		out := renderLayout(t, "text", width)
		for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if n := utf8.RuneCountInString(line); n > width {
				t.Errorf("width %d: line %d has %d characters: %q", width, i+1, n, line)
			}
			for _, r := range line {
				if r < 0x20 || r == 0x7f {
					t.Errorf("width %d: line %d holds control character %U: %q", width, i+1, r, line)
				}
			}
		}
		for _, want := range []string{
			"api/min.json 1:7629", "was at api/min.json@v1.0.0:1:9",
			"and 3 more (the json and sarif formats list all 8)",
			"and 2 more details",
			"3 below --min-severity warning", "2 left out by rule selection",
		} {
			if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
				t.Errorf("width %d: output lacks %q\n%s", width, want, out)
			}
		}
		if strings.Contains(out, "/work/repo") {
			t.Errorf("width %d: an absolute path under the working directory was printed", width)
		}
		if strings.Contains(out, "resource_number_5") {
			t.Errorf("width %d: the sixth operation was printed; lists stop after five", width)
		}
	}
}

// TestFrameCaretUnderColumn checks the caret of a clipped frame: it sits
// under the located text however far into the line that is, with
// multi-byte characters before it.
func TestFrameCaretUnderColumn(t *testing.T) {
	for _, tc := range []struct {
		line       string
		start, end int
		want       string
	}{
		{"SELECT 1;", 1, 6, "SELECT"},
		{"é" + strings.Repeat("x", 300) + "TARGET" + strings.Repeat("y", 300), 303, 308, "TARGET"},
		{strings.Repeat("é", 300) + "TARGET", 601, 606, "TARGET"},
		{"abc", 10, 10, ""},
	} {
		text, caret, length := window(tc.line, tc.start, tc.end, 40)
		runes := []rune(text)
		if n := len(runes); n > 40 {
			t.Errorf("window of %d runes, budget 40", n)
		}
		got := string(runes[min(caret, len(runes)):min(caret+length, len(runes))])
		if got != tc.want {
			t.Errorf("caret covers %q, want %q (text %q)", got, tc.want, text)
		}
	}
}

// TestColourDoesNotChangeLayout: painted text, once its escape sequences
// are removed, is the plain text, so wrapping counted what is visible.
func TestColourDoesNotChangeLayout(t *testing.T) {
	render := func(color bool) string {
		var buf bytes.Buffer
		opts := Options{Color: color, Width: 60, Source: func(p string) ([]byte, bool) {
			s, ok := layoutSources[p]
			return []byte(s), ok
		}}
		if err := Write(&buf, "text", layoutFindings(), opts); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	plain, painted := render(false), render(true)
	if !strings.Contains(painted, ansiRed+"error[SC-API001"+ansiReset) {
		t.Errorf("the severity tag is not painted:\n%q", painted)
	}
	if stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(painted, ""); stripped != plain {
		t.Errorf("colour changed the layout:\n%s\nwant\n%s", stripped, plain)
	}
}
