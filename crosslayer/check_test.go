package crosslayer

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

var update = flag.Bool("update", false, "rewrite golden files")

// caseFile is testdata/cases/<name>/case.yaml: the contract versions of the
// case (default: openapi.yaml as this change), mappings and inference.
type caseFile struct {
	Infer     *bool          `yaml:"infer"`
	Contracts []caseContract `yaml:"contracts"`
	Mappings  []struct {
		Schema  string            `yaml:"schema"`
		Table   string            `yaml:"table"`
		Columns map[string]string `yaml:"columns"`
	} `yaml:"mappings"`
}

type caseContract struct {
	File      string `yaml:"file"`
	Label     string `yaml:"label"`
	Current   bool   `yaml:"current"`
	Supported bool   `yaml:"supported"`
	Tolerant  bool   `yaml:"tolerant"`
}

// TestCases runs every testdata/cases/<name>: migrations/ (plain .sql
// files, replayed in order) against the contract versions. Lines that must
// be flagged say so with a "want RULE-ID" comment (# in YAML, -- in SQL);
// every finding must sit on such a line and every such line must get its
// finding, so clean lines beside flagged ones stay clean. The full output,
// details included, is compared with findings.golden (-update rewrites it).
func TestCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			got := runCase(t, dir)
			checkWants(t, dir, got)
			var b strings.Builder
			for _, f := range got {
				fmt.Fprintf(&b, "%s %s %s %s\n", f.Location, f.Severity, f.RuleID, f.Message)
				for _, d := range f.Details {
					fmt.Fprintf(&b, "    %s\n", d)
				}
				for _, r := range f.Related {
					fmt.Fprintf(&b, "    related: %s\n", r)
				}
			}
			golden := filepath.Join(dir, "findings.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("findings differ from %s:\ngot:\n%s\nwant:\n%s", golden, b.String(), want)
			}
		})
	}
}

// runCase loads a case directory and checks it. Paths in findings are
// relative to the case directory.
func runCase(t *testing.T, dir string) []finding.Finding {
	t.Helper()
	var cf caseFile
	var mappingLines []int
	if src, err := os.ReadFile(filepath.Join(dir, "case.yaml")); err == nil {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
		if err := doc.Decode(&cf); err != nil {
			t.Fatal(err)
		}
		mappingLines = mappingPositions(&doc)
	}
	if len(cf.Contracts) == 0 {
		cf.Contracts = []caseContract{{File: "openapi.yaml", Label: "this change", Current: true}}
	}
	in := Input{Infer: cf.Infer == nil || *cf.Infer}
	in.Catalog, in.History = replayDir(t, dir)
	for _, c := range cf.Contracts {
		src, err := os.ReadFile(filepath.Join(dir, c.File))
		if err != nil {
			t.Fatal(err)
		}
		spec, err := openapi.Parse(c.File, src, openapi.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		in.Contracts = append(in.Contracts, Contract{Name: "api", Label: c.Label, Model: spec.Model(),
			Current: c.Current, Supported: c.Supported, UnknownEnumValues: c.Tolerant})
	}
	for i, m := range cf.Mappings {
		in.Mappings = append(in.Mappings, Mapping{Schema: m.Schema, Table: m.Table, Columns: m.Columns,
			At: finding.Location{File: "case.yaml", Line: mappingLines[i]}})
	}
	return Check(in)
}

func replayDir(t *testing.T, dir string) (*catalog.Catalog, *History) {
	t.Helper()
	set, err := migration.Load(os.DirFS(filepath.Join(dir, "migrations")), ".", migration.Options{Layout: migration.LayoutPlain})
	if err != nil {
		t.Fatal(err)
	}
	files := catalog.UpFiles(set)
	for _, f := range files {
		if len(f.Findings) > 0 {
			t.Fatalf("%s: %s", f.Path, f.Findings[0].Message)
		}
		f.Path = "migrations/" + f.Path
		for _, st := range f.Statements {
			st.Pos.File = f.Path
		}
	}
	return Replay(files)
}

func mappingPositions(doc *yaml.Node) []int {
	var lines []int
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "mappings" {
			for _, m := range root.Content[i+1].Content {
				lines = append(lines, m.Line)
			}
		}
	}
	return lines
}

var wantComment = regexp.MustCompile(`(?:#|--)\s*want\s+((?:SC-XL\d+\s*)+)`)

// checkWants compares findings with the "want" comments of the case's files.
func checkWants(t *testing.T, dir string, got []finding.Finding) {
	t.Helper()
	want := map[string][]string{} // "file:line" → rule IDs
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".sql")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		for i, line := range strings.Split(string(src), "\n") {
			if m := wantComment.FindStringSubmatch(line); m != nil {
				want[fmt.Sprintf("%s:%d", filepath.ToSlash(rel), i+1)] = strings.Fields(m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		at := fmt.Sprintf("%s:%d", f.Location.File, f.Location.Line)
		i := slices.Index(want[at], f.RuleID)
		if i < 0 {
			t.Errorf("%s: unexpected %s %s", at, f.RuleID, f.Message)
			continue
		}
		want[at] = slices.Delete(want[at], i, i+1)
	}
	for at, rules := range want {
		for _, r := range rules {
			t.Errorf("%s: want %s, not reported", at, r)
		}
	}
}
