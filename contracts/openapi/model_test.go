package openapi

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

// dumpModel renders a model as text for golden files and comparisons;
// at renders a location ("" to leave locations out).
func dumpModel(m *Model, at func(finding.Location) string) string {
	var b strings.Builder
	var prop func(p *Property, indent string)
	prop = func(p *Property, indent string) {
		fmt.Fprintf(&b, "%s%s%s type=%q format=%q", indent, cmpName(p.Name), at(p.Location), p.Type, p.Format)
		for _, f := range []struct {
			on   bool
			text string
		}{
			{p.Required, "required"}, {p.Nullable, "nullable"}, {p.ReadOnly, "readOnly"}, {p.WriteOnly, "writeOnly"},
			{p.HasMaxLength, fmt.Sprint("maxLength=", p.MaxLength)}, {p.HasMaximum, fmt.Sprint("maximum=", p.Maximum)},
			{p.HasDefault, "default=" + p.Default}, {p.Pattern != "", "pattern=" + p.Pattern},
			{len(p.Enum) > 0, "enum=" + strings.Join(p.Enum, "|")}, {p.Ref != "", "ref=" + p.Ref},
			{p.Column != "", "column=" + p.Column}, {p.IgnoreAll, "ignore=all"}, {len(p.Ignore) > 0, "ignore=" + strings.Join(p.Ignore, "|")},
		} {
			if f.on {
				b.WriteString(" " + f.text)
			}
		}
		b.WriteString("\n")
		if p.Items != nil {
			prop(p.Items, indent+"  ")
		}
	}
	for _, s := range m.Schemas {
		fmt.Fprintf(&b, "%s name=%q%s table=%q ignoreAll=%t ignore=%v\n", s.Pointer, s.Name, at(s.Location), s.Table, s.IgnoreAll, s.Ignore)
		for _, u := range s.Uses {
			fmt.Fprintf(&b, "  use %s response=%t status=%q body=%t created=%t ignore=%v\n", u.Operation, u.Response, u.Status, u.Body, u.Created, u.Ignore)
		}
		for _, p := range s.Properties {
			prop(p, "  ")
		}
	}
	return b.String()
}

func withLines(l finding.Location) string { return fmt.Sprintf(" @%d:%d", l.Line, l.Column) }

func noLines(finding.Location) string { return "" }

func cmpName(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}

func TestModel(t *testing.T) {
	files, err := filepath.Glob("testdata/model/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			spec, err := Load(path, LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := dumpModel(spec.Model(), withLines)
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("model differs from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// FuzzModel: any document that loads yields a model without panicking,
// and the same model twice.
func FuzzModel(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/cases/*/*.yaml")
	more, _ := filepath.Glob("testdata/model/*.yaml")
	for _, p := range append(seeds, more...) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		spec, err := Parse("fuzz.yaml", src, LoadOptions{})
		if err != nil {
			return
		}
		if a, b := dumpModel(spec.Model(), withLines), dumpModel(spec.Model(), withLines); a != b {
			t.Fatalf("two models of one document differ:\n%s\n%s", a, b)
		}
	})
}
