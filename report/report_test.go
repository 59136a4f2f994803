package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var fixtureRules = []finding.Rule{
	{ID: "SC-DB101", Name: "require-concurrent-index", Severity: finding.SeverityError, Category: finding.CategorySafety,
		Layer: finding.LayerDB, Summary: "CREATE INDEX without CONCURRENTLY locks writes.",
		Rationale: "A plain index build takes a SHARE lock.", Bad: "CREATE INDEX i ON t (c);",
		Good: "CREATE INDEX CONCURRENTLY i ON t (c);", Fix: "Build the index CONCURRENTLY outside a transaction."},
	// Its category and layer have the same name: SARIF tags must be unique.
	{ID: "SC-XL001", Name: "xl-exposed-column-dropped", Severity: finding.SeverityError, Category: finding.CategoryCrossLayer,
		Layer: finding.LayerCross, Summary: "A migration drops a column a supported contract version still exposes."},
}

var fixtureSources = map[string]string{
	"db/migrations/0003_orders.up.sql": "-- comment\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n\tALTER TABLE orders ADD COLUMN placed_by text NOT NULL;\n",
}

// fixtureFindings covers every severity, a file-level finding, details, a
// witness, related locations (one at a git revision), and hostile text
// that each format must escape.
func fixtureFindings() []finding.Finding {
	fs := []finding.Finding{
		{RuleID: "SC-DB201", RuleName: "add-not-null-column-without-default", Severity: finding.SeverityError, Layer: finding.LayerDB,
			Message:  "adding NOT NULL column placed_by without a default fails on a non-empty table",
			Location: finding.Location{File: "db/migrations/0003_orders.up.sql", Line: 3, Column: 2, EndLine: 3, EndColumn: 54},
			Fix:      "Add the column nullable, backfill, then SET NOT NULL."},
		{RuleID: "SC-DB101", RuleName: "require-concurrent-index", Severity: finding.SeverityError, Layer: finding.LayerDB,
			Message:  "CREATE INDEX without CONCURRENTLY takes SHARE on public.orders: blocks writes until it finishes",
			Location: finding.Location{File: "db/migrations/0003_orders.up.sql", Line: 2, Column: 1, EndLine: 2, EndColumn: 58},
			Fix:      "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);"},
		{RuleID: "SC-API010", RuleName: "response-enum-value-added", Severity: finding.SeverityWarning, Layer: finding.LayerOpenAPI,
			Message:  "enum value `refunded` added to Order.status <script>alert(1)</script> @here | 100% sure",
			Location: finding.Location{File: "api/openapi.yaml", Line: 86, Column: 11},
			Details:  []string{"affects GET /orders response 200", "affects GET /orders/{id} response 200"}},
		{RuleID: "SC-JS003", RuleName: "enum-value-removed", Severity: finding.SeverityError, Layer: finding.LayerJSONSchema,
			Message:  "enum value \"GBP\" removed from currency\nsecond line",
			Location: finding.Location{File: "events/order-created.schema.json", Line: 10, Column: 5},
			Witness:  `{"currency":"GBP","customer_id":0,"order_id":0,"total_cents":0}`},
		{RuleID: "SC-API007", RuleName: "api-property-removed", Severity: finding.SeverityError, Layer: finding.LayerOpenAPI,
			Message:  "schema Customer: property phone removed",
			Location: finding.Location{File: "api/openapi.yaml", Line: 60, Column: 5},
			Related: []finding.Location{{File: "api/openapi.yaml@v1.0.0", Line: 65, Column: 9},
				{File: "db/migrations/0003_orders.up.sql", Line: 3, Column: 2}}},
		{RuleID: "SC-DB003", RuleName: "atlas-sum-mismatch", Severity: finding.SeverityInfo, Layer: finding.LayerDB,
			Message:  "atlas.sum does not match the directory: run `atlas migrate hash`",
			Location: finding.Location{File: "db/migrations/atlas.sum"}},
	}
	for i := range fs {
		fs[i].ComputeFingerprint()
	}
	return fs
}

func render(t *testing.T, format string, fs []finding.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	opts := Options{
		Rules:       fixtureRules,
		ToolVersion: "v0.0.0-test",
		Source: func(p string) ([]byte, bool) {
			s, ok := fixtureSources[p]
			return []byte(s), ok
		},
	}
	if err := Write(&buf, format, fs, opts); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	ext := map[string]string{"text": "txt", "compact": "txt", "json": "json", "sarif": "sarif", "github": "txt",
		"markdown": "md", "junit": "xml", "gitlab": "json", "html": "html", "changelog": "md"}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, fixtureFindings())
			if again := render(t, format, fixtureFindings()); !bytes.Equal(got, again) {
				t.Fatal("output differs between two runs")
			}
			path := filepath.Join("testdata", "golden", format+"."+ext[format])
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./report -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s output differs from %s (run go test ./report -update and review the diff)\n%s", format, path, got)
			}
		})
	}
}

// TestEveryFormatReportsEveryFinding counts, in each format's own structure,
// how many findings it rendered.
func TestEveryFormatReportsEveryFinding(t *testing.T) {
	fs := fixtureFindings()
	n := len(fs)
	countLines := func(out []byte, prefix string) int {
		c := 0
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, prefix) {
				c++
			}
		}
		return c
	}
	var js struct{ Findings []json.RawMessage }
	mustUnmarshal(t, render(t, "json", fs), &js)
	var sarif struct {
		Runs []struct{ Results []json.RawMessage }
	}
	mustUnmarshal(t, render(t, "sarif", fs), &sarif)
	var gl []json.RawMessage
	mustUnmarshal(t, render(t, "gitlab", fs), &gl)
	var ju junitSuites
	if err := xml.Unmarshal(render(t, "junit", fs), &ju); err != nil {
		t.Fatalf("junit does not parse as XML: %v", err)
	}
	junitCases := 0
	for _, s := range ju.Suites {
		junitCases += len(s.Cases)
	}
	got := map[string]int{
		"json":     len(js.Findings),
		"sarif":    len(sarif.Runs[0].Results),
		"gitlab":   len(gl),
		"junit":    junitCases,
		"github":   countLines(render(t, "github", fs), "::"),
		"text":     strings.Count(string(render(t, "text", fs)), "[SC-"),
		"compact":  strings.Count(string(render(t, "compact", fs)), ": SC-"),
		"markdown": countLines(render(t, "markdown", fs), "| error |") + countLines(render(t, "markdown", fs), "| warning |") + countLines(render(t, "markdown", fs), "| info |"),
		"html":     strings.Count(string(render(t, "html", fs)), "<tr><td class="),
		// Every fixture finding is outside any operation: listed once.
		"changelog": countLines(render(t, "changelog", fs), "- "),
	}
	for _, format := range Formats() {
		if got[format] != n {
			t.Errorf("%s rendered %d findings, want %d", format, got[format], n)
		}
	}
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, data)
	}
}

func validate(t *testing.T, schemaPath string, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	schemaFile, err := os.Open(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource(schemaPath, schemaDoc); err != nil {
		t.Fatal(err)
	}
	c.AssertFormat()
	sch, err := c.Compile(schemaPath)
	if err != nil {
		t.Fatalf("compile %s: %v", schemaPath, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("output does not validate against %s:\n%v", schemaPath, err)
	}
}

func TestSARIFValidatesAgainstOfficialSchema(t *testing.T) {
	validate(t, "testdata/sarif-schema-2.1.0.json", render(t, "sarif", fixtureFindings()))
	validate(t, "testdata/sarif-schema-2.1.0.json", render(t, "sarif", nil))
}

func TestSARIFSchemaRejectsInvalidLog(t *testing.T) {
	// Guards the test above: the schema must actually reject a broken log.
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.1.0","runs":[{"results":[{"level":"fatal"}]}]}`))
	if sch.Validate(bad) == nil {
		t.Fatal("the SARIF schema accepted a log without tool and with an invalid level")
	}
}

func TestJSONValidatesAgainstItsSchema(t *testing.T) {
	validate(t, "json-schema.json", render(t, "json", fixtureFindings()))
	validate(t, "json-schema.json", render(t, "json", nil))
}

func TestMarkdownEscapesInput(t *testing.T) {
	out := string(render(t, "markdown", fixtureFindings()))
	for _, bad := range []string{"<script>", "@here", "`refunded`", " | 100%"} {
		if strings.Contains(out, bad) {
			t.Errorf("markdown contains unescaped %q", bad)
		}
	}
	if !strings.Contains(out, `\| 100%`) {
		t.Error("a | in a message must be escaped inside a table cell")
	}
}

func TestMarkdownStaysUnderLimit(t *testing.T) {
	var fs []finding.Finding
	for i := range 5000 {
		f := fixtureFindings()[i%4]
		f.Location.Line = i + 1
		fs = append(fs, f)
	}
	out := Markdown(fs, Options{MaxBytes: 20000})
	if len(out) > 20000 {
		t.Fatalf("markdown is %d bytes, limit 20000", len(out))
	}
	if !strings.Contains(out, "more findings not shown") {
		t.Error("a truncated report must say how many findings it left out")
	}
}

func TestGitHubStepSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(path, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "github", fixtureFindings(), Options{StepSummary: path}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(got), "earlier step\n### schemacheck") {
		t.Errorf("job summary not appended:\n%s", got)
	}
	if strings.Contains(buf.String(), "\nsecond line") {
		t.Error("a newline in a message must be escaped as %0A in a workflow command")
	}
}

func TestWriteDoesNotReorderCallerSlice(t *testing.T) {
	fs := fixtureFindings()
	first := fs[0].RuleID
	render(t, "text", fs)
	if fs[0].RuleID != first {
		t.Error("Write sorted the caller's slice in place")
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "yaml", nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Fatalf("want an error listing the formats, got %v", err)
	}
}

func TestColorEnabled(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if ColorEnabled("auto", os.Stdout) {
		t.Error("NO_COLOR must disable auto colour")
	}
	if !ColorEnabled("always", nil) || ColorEnabled("never", os.Stdout) {
		t.Error("always/never must be obeyed")
	}
}
