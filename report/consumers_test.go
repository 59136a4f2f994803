package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	junit "github.com/joshdk/go-junit"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"

	"github.com/schemacheck/schemacheck/finding"
)

// Each output format is read back by what consumes it: GitLab's documented
// code-quality schema, a JUnit parser, and a CommonMark renderer with
// GitHub's table extension. SARIF is checked in report_test.go.

func TestGitLabValidatesAgainstCodeQualitySchema(t *testing.T) {
	validate(t, "testdata/gitlab-codequality.schema.json", render(t, "gitlab", fixtureFindings()))
	validate(t, "testdata/gitlab-codequality.schema.json", render(t, "gitlab", nil))
}

func TestGitLabSchemaRejectsInvalidReport(t *testing.T) {
	// Guards the test above: the schema must reject what GitLab would drop.
	sch, err := jsonschema.NewCompiler().Compile("testdata/gitlab-codequality.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"error","location":{"path":"a.sql","lines":{"begin":1}}}]`,
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"major","location":{"path":"a.sql"}}]`,
		`[{"description":"d","check_name":"c","fingerprint":"f","severity":"major","location":{"path":"a.sql","lines":{"begin":0}}}]`,
		`[{"description":"d","check_name":"c","severity":"major","location":{"path":"a.sql","lines":{"begin":1}}}]`,
		`{"description":"d"}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if sch.Validate(inst) == nil {
			t.Errorf("schema accepted an invalid report: %s", doc)
		}
	}
}

func TestJUnitParsesWithJUnitParser(t *testing.T) {
	fs := fixtureFindings()
	suites, err := junit.Ingest(render(t, "junit", fs))
	if err != nil {
		t.Fatalf("JUnit parser: %v", err)
	}
	var tests []junit.Test
	for _, s := range suites {
		if s.Totals.Failed != s.Totals.Tests || s.Totals.Tests != len(s.Tests) {
			t.Errorf("suite %s: totals %+v do not match its %d test cases", s.Name, s.Totals, len(s.Tests))
		}
		tests = append(tests, s.Tests...)
	}
	if len(tests) != len(fs) {
		t.Fatalf("parser saw %d test cases, want one per finding (%d)", len(tests), len(fs))
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		if tc.Status != junit.StatusFailed || tc.Error == nil {
			t.Errorf("test case %q: status %s, want failed with its message", tc.Name, tc.Status)
			continue
		}
		seen[tc.Classname] = true
		if strings.Contains(tc.Name, "SC-DB201") && !strings.Contains(tc.Error.Error(), "placed_by") {
			t.Errorf("failure message %q lost the finding's text", tc.Error.Error())
		}
	}
	for _, f := range fs {
		if !seen[f.Location.File] {
			t.Errorf("no test case for %s", f.Location.File)
		}
	}
	// Hostile text survives the round trip as text.
	var found bool
	for _, tc := range tests {
		if strings.Contains(tc.Message+tc.Error.Error(), "<script>alert(1)</script>") {
			found = true
		}
	}
	if !found {
		t.Error("the message with markup did not come back verbatim from the parser")
	}
	if suites, err := junit.Ingest(render(t, "junit", nil)); err != nil || len(suites) != 0 {
		t.Errorf("empty report: %d suites, err %v; want none", len(suites), err)
	}
}

// hostileFindings carry text that would become markup, mentions, links or
// HTML if a renderer saw it unescaped.
// ourHTML is the only HTML a Markdown report writes: a fold's opening and
// closing tags.
var ourHTML = regexp.MustCompile(`^(<details><summary>[0-9]+ more</summary>|</details>)\n?$`)

func hostileFindings() []finding.Finding {
	texts := []string{
		"<img src=x onerror=alert(1)> <b>bold</b> &lt;entity&gt;",
		"@octocat @schemacheck/maintainers please look",
		"[click](https://evil.example) ![img](https://evil.example/x.png) https://evil.example",
		"**bold** _em_ ~~strike~~ `code` # heading",
		"| cell | breaks | the | table |",
		"line one\n# heading on line two\n- list item\n> quote",
		"```\nfenced\n```",
		"back\\slash \\| escaped pipe \\",
		"<!-- comment --> <details><summary>x</summary></details>",
		"`` `double` ``",
		"*\t*\t* thematic break",
	}
	var fs []finding.Finding
	for i, m := range texts {
		fs = append(fs, finding.Finding{RuleID: "SC-DB101", RuleName: "require-concurrent-index", Severity: finding.SeverityError,
			Message: m, Location: finding.Location{File: "db/<b>evil</b>@x|[y](z).sql", Line: i + 1, Column: 1}})
		fs[i].ComputeFingerprint()
	}
	return fs
}

func TestMarkdownRendersWithoutInjectedMarkup(t *testing.T) {
	fs := hostileFindings()
	src := []byte(Markdown(fs, Options{}))
	// Raw HTML is rendered, as GitHub renders <details>, so HTML from the
	// input would show in the output.
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	doc := md.Parser().Parse(text.NewReader(src))

	// The document is the tool's own structure and nothing else: a heading,
	// the count, the per-rule table, then per rule a heading, a table of its
	// first findings and the rest in a <details> block (the only HTML, ours);
	// input text lands only in table cells, as plain text.
	var blocks []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		blocks = append(blocks, n.Kind().String())
		if n, ok := n.(*ast.HTMLBlock); ok {
			var raw strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				raw.Write(seg.Value(src))
			}
			if !ourHTML.MatchString(raw.String()) {
				t.Errorf("HTML block %q is not the report's own <details>", raw.String())
			}
		}
	}
	if got, want := strings.Join(blocks, " "), "Heading Paragraph Table Heading Table HTMLBlock Table HTMLBlock"; got != want {
		t.Fatalf("top-level blocks %q, want %q\n%s", got, want, src)
	}
	rows := 0
	err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *extast.TableRow:
			rows++
			if c := n.ChildCount(); c != 2 && c != 3 {
				t.Errorf("table row with %d cells: input text split a row", c)
			}
		case *ast.HTMLBlock:
			// checked above: only the report's own <details> tags
		case *ast.RawHTML, *ast.Link, *ast.Image, *ast.AutoLink, *ast.CodeSpan,
			*ast.Emphasis, *extast.Strikethrough, *ast.FencedCodeBlock, *ast.List, *ast.Blockquote:
			// The count line is the tool's own bold text; anything else
			// is input that turned into markup.
			if _, ok := n.Parent().(*ast.Paragraph); !ok || n.Parent().Parent() != doc {
				t.Errorf("input text became %s at byte %d", n.Kind(), n.Pos())
			}
		}
		return ast.WalkContinue, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rows != len(fs)+1 {
		t.Errorf("%d rows in the findings tables, want one per finding", rows-1)
	}

	var html bytes.Buffer
	if err := md.Convert(src, &html); err != nil {
		t.Fatal(err)
	}
	out := html.String()
	if n := strings.Count(out, "<strong>"); n != 1 {
		t.Errorf("%d bold spans, want only the count line's", n)
	}
	for _, bad := range []string{"<img", "<b>", "<a ", "<summary>x", "<!--", "<code>", "<em>", "<del>", "<h1", "<li>", "<blockquote>", "<hr"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered HTML contains %q from input text", bad)
		}
	}
	if n := strings.Count(out, "<details>"); n != 1 {
		t.Errorf("%d <details> elements, want the report's one", n)
	}
	// The text itself is still there for the reader, entity-escaped.
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "**bold**", "| cell |"} {
		if !strings.Contains(out, want) && !strings.Contains(out, strings.ReplaceAll(want, "|", "&#124;")) {
			t.Errorf("rendered HTML lost the input text %q", want)
		}
	}
	// A mention needs @ directly followed by the name; a joiner between them
	// breaks every mention GitHub would link.
	if strings.Contains(out, "@octocat") || strings.Contains(out, "@schemacheck/") {
		t.Error("rendered text still contains an @mention")
	}
}
