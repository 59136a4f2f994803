package jsonschema

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/finding"
)

var update = flag.Bool("update", false, "rewrite golden files")

func loadFile(t testing.TB, path string) *Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(path, data, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// render prints findings the way the golden files hold them, with the
// case directory stripped from file names.
func render(fs []finding.Finding, strip string) string {
	var sb strings.Builder
	if len(fs) == 0 {
		sb.WriteString("(none)\n")
	}
	for _, f := range fs {
		loc := strings.TrimPrefix(f.Location.String(), strip)
		fmt.Fprintf(&sb, "%s %s %s %s\n", f.Severity, f.RuleID, loc, strings.ReplaceAll(f.Message, strip, ""))
		for _, r := range f.Related {
			fmt.Fprintf(&sb, "    was at: %s\n", strings.TrimPrefix(r.String(), strip))
		}
		if f.Witness != "" {
			fmt.Fprintf(&sb, "    witness: %s\n", f.Witness)
		}
		for _, d := range f.Details {
			fmt.Fprintf(&sb, "    %s\n", strings.ReplaceAll(d, strip, ""))
		}
	}
	return sb.String()
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update after checking the change):\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// verifyWitnesses re-checks, independently of Diff, that every witness is
// accepted by the writer's schema and rejected by the reader's.
func verifyWitnesses(t *testing.T, fs []finding.Finding, writer, reader *Schema) {
	t.Helper()
	for _, f := range fs {
		if f.Witness == "" {
			if f.Severity == finding.SeverityError && f.RuleID != ruleExampleInvalid.ID && f.RuleID != rulePayloadInvalid.ID {
				t.Errorf("error finding without witness: %s", f.Message)
			}
			continue
		}
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(f.Witness))
		if err != nil {
			t.Fatalf("witness %s: %v", f.Witness, err)
		}
		if err := writer.root.Validate(v); err != nil {
			t.Errorf("%s: witness %s rejected by the writer's schema %s: %v", f.RuleID, f.Witness, writer.File, err)
		}
		if slices.ContainsFunc(f.Details, func(d string) bool { return strings.HasPrefix(d, "the witness is valid under both schemas") }) {
			if err := reader.root.Validate(v); err != nil {
				t.Errorf("%s: misread witness %s rejected by the reader's schema %s: %v", f.RuleID, f.Witness, reader.File, err)
			}
			continue // Misread: both accept it and decode it differently
		}
		if err := reader.root.Validate(v); err == nil {
			t.Errorf("%s: witness %s accepted by the reader's schema %s", f.RuleID, f.Witness, reader.File)
		}
	}
}

func TestDiffCases(t *testing.T) {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			old := loadFile(t, filepath.Join(dir, "old.json"))
			new := loadFile(t, filepath.Join(dir, "new.json"))
			strict := strings.HasPrefix(name, "strict-")
			var out bytes.Buffer
			for _, run := range []struct {
				mode   Mode
				strict bool
			}{{ModeBackward, false}, {ModeForward, false}, {ModeBackward, true}, {ModeForward, true}} {
				if run.strict && !strict {
					continue
				}
				fs := Diff(old, new, run.mode, Options{Strict: run.strict})
				writer, reader := old, new
				if run.mode == ModeForward {
					writer, reader = new, old
				}
				verifyWitnesses(t, fs, writer, reader)
				label := string(run.mode)
				if run.strict {
					label = "strict " + label
				}
				fmt.Fprintf(&out, "# %s\n%s", label, render(fs, dir+string(filepath.Separator)))
				if !run.strict {
					full := Diff(old, new, ModeFull, Options{})
					_ = full
				}
			}
			golden(t, filepath.Join(dir, "want.golden"), out.String())
		})
	}
}

// TestFullIsBackwardPlusForward: full mode reports exactly the union.
func TestFullIsBackwardPlusForward(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		old := loadFile(t, filepath.Join(dir, "old.json"))
		new := loadFile(t, filepath.Join(dir, "new.json"))
		key := func(fs []finding.Finding) []string {
			var ks []string
			for _, f := range fs {
				ks = append(ks, f.RuleID+" "+f.Message)
			}
			slices.Sort(ks)
			return ks
		}
		both := append(Diff(old, new, ModeBackward, Options{}), Diff(old, new, ModeForward, Options{})...)
		want := slices.Compact(key(both))
		if got := key(Diff(old, new, ModeFull, Options{})); !slices.Equal(got, want) {
			t.Errorf("%s: full = %v, want %v", dir, got, want)
		}
		if fs := Diff(old, new, ModeNone, Options{}); len(fs) != 0 {
			t.Errorf("%s: mode none reported %v", dir, fs)
		}
	}
}

// TestEveryCompatibilityRuleHasAFixture keeps the fixtures honest: each rule
// that reports breaks fires as an error somewhere.
func TestEveryCompatibilityRuleHasAFixture(t *testing.T) {
	seen := map[string]bool{}
	dirs, _ := filepath.Glob("testdata/cases/*/want.golden")
	for _, g := range dirs {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 2 {
				seen[f[0]+" "+f[1]] = true
			}
		}
	}
	for _, r := range Rules() {
		switch r.ID {
		case ruleIncomplete.ID, ruleExampleInvalid.ID, rulePayloadInvalid.ID:
			continue // tested in their own tests
		}
		if !seen[r.Severity.String()+" "+r.ID] {
			t.Errorf("rule %s (%s) is never reported at severity %s by a fixture", r.ID, r.Name, r.Severity)
		}
	}
}

func TestRulesMetadata(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	prev := ""
	for _, r := range Rules() {
		if r.ID == "" || r.Name == "" || r.Summary == "" || r.Rationale == "" || r.Fix == "" || r.Severity == finding.SeverityOff {
			t.Errorf("rule %+v lacks metadata", r)
		}
		if r.Bad == "" || r.Good == "" {
			t.Errorf("rule %s lacks a bad or good example", r.ID)
		}
		if !strings.HasPrefix(r.ID, "SC-JS") || !strings.HasPrefix(r.Name, "js-") {
			t.Errorf("rule %s/%s outside the SC-JS / js- namespace", r.ID, r.Name)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("duplicate rule %s %s", r.ID, r.Name)
		}
		if r.ID <= prev {
			t.Errorf("rules out of ID order at %s", r.ID)
		}
		prev = r.ID
		ids[r.ID], names[r.Name] = true, true
		if r.Layer != finding.LayerJSONSchema || r.Category != finding.CategoryContracts {
			t.Errorf("rule %s: layer %s category %s", r.ID, r.Layer, r.Category)
		}
	}
}
