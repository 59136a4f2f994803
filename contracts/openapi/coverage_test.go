package openapi

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/oasdiffrun"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestCoverageTable checks the coverage table against schemacheck and,
// when it is installed, against oasdiff: every covered check's fixture
// makes schemacheck report one of the row's rules at the check's level,
// oasdiff reports the check on that fixture, and schemacheck reports it
// for the same operation; the table lists exactly oasdiff's ERR and WARN
// checks; COVERAGE.md is the table's rendering.
func TestCoverageTable(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range allRules {
		ids[r.ID] = true
	}
	byFixture := map[string][]OasdiffCheck{}
	for i, c := range oasdiffChecks {
		if i > 0 && oasdiffChecks[i-1].ID >= c.ID {
			t.Errorf("%s: the table is not sorted by check ID, or lists it twice", c.ID)
		}
		if c.Level != levelError && c.Level != levelWarning {
			t.Errorf("%s: level %q", c.ID, c.Level)
		}
		if c.Rules == nil {
			if c.Note == "" || c.Fixture != "" {
				t.Errorf("%s: a check schemacheck does not cover needs the reason in Note and no fixture", c.ID)
			}
			continue
		}
		for _, r := range c.Rules {
			if !ids[r] {
				t.Errorf("%s: unknown rule %s", c.ID, r)
			}
		}
		if c.Fixture == "" {
			t.Errorf("%s: covered without a fixture", c.ID)
			continue
		}
		byFixture[c.Fixture] = append(byFixture[c.Fixture], c)
	}

	runner := oasdiffPeer(t)
	for _, fixture := range slices.Sorted(func(yield func(string) bool) {
		for f := range byFixture {
			if !yield(f) {
				return
			}
		}
	}) {
		t.Run(fixture, func(t *testing.T) {
			dir := filepath.Join("testdata", "cases", fixture)
			opts, flags := caseOptions(t, dir)
			opts.Now = time.Now() // oasdiff judges x-sunset dates against today
			fs := diffCase(t, dir, opts)
			var changes []oasdiffrun.Change
			if runner != nil {
				var err error
				if changes, err = runner.Breaking(dir, "old.yaml", "new.yaml", flags...); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range byFixture[fixture] {
				sev := finding.SeverityError
				if c.Level == levelWarning {
					sev = finding.SeverityWarning
				}
				if !slices.ContainsFunc(fs, func(f finding.Finding) bool { return slices.Contains(c.Rules, f.RuleID) && f.Severity >= sev }) {
					t.Errorf("%s: schemacheck reports no %s of %s on %s", c.ID, sev, strings.Join(c.Rules, " or "), dir)
					continue
				}
				if runner == nil {
					continue
				}
				seen := false
				for _, ch := range changes {
					if ch.ID != c.ID {
						continue
					}
					seen = true
					if !oasdiffrun.Found(ch, c.Rules, sev, fs) {
						t.Errorf("%s: oasdiff reports it for %q, schemacheck reports no %s of %s there", c.ID, ch.Op(), sev, strings.Join(c.Rules, " or "))
					}
				}
				if !seen {
					t.Errorf("%s: oasdiff does not report this check on %s, so the fixture does not prove the row", c.ID, dir)
				}
			}
			if t.Failed() {
				for _, f := range fs {
					t.Logf("schemacheck: %s %s %s %v", f.Severity, f.RuleID, f.Message, f.Operations)
				}
				for _, ch := range changes {
					t.Logf("oasdiff: %d %s %s", ch.Level, ch.ID, ch.Op())
				}
			}
		})
	}

	if runner != nil {
		out, err := exec.Command(runner.Bin, "checks", "changelog", "--format", "json").Output()
		if err != nil {
			t.Fatalf("oasdiff checks: %v", err)
		}
		var checks []struct{ ID, Level string }
		if err := json.Unmarshal(out, &checks); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, c := range checks {
			if c.Level == levelError || c.Level == levelWarning {
				want[c.ID] = c.Level
			}
		}
		for _, c := range oasdiffChecks {
			if want[c.ID] != c.Level {
				t.Errorf("%s: the table says %s, oasdiff %s %q", c.ID, c.Level, OasdiffVersion, want[c.ID])
			}
			delete(want, c.ID)
		}
		for id, level := range want {
			t.Errorf("oasdiff check %s (%s) is missing from the table", id, level)
		}
	}

	doc, err := os.ReadFile("COVERAGE.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(doc) != CoverageMarkdown() {
		t.Error("COVERAGE.md is stale: run go generate ./...")
	}
}

// oasdiffPeer returns a runner for the installed oasdiff, or nil (after
// logging why) when it is absent and not required.
func oasdiffPeer(t *testing.T) *oasdiffrun.Runner {
	bin, _, err := testenv.LookOasdiff()
	if err != nil {
		if testenv.OasdiffRequired() {
			t.Fatalf("%v, and SCHEMACHECK_REQUIRE_OASDIFF=1 requires it", err)
		}
		t.Logf("checking the fixtures against schemacheck only: %v", err)
		return nil
	}
	return oasdiffrun.NewRunner(bin, testenv.OasdiffVersion)
}

// diffCase loads a case's old.yaml and new.yaml and diffs them.
func diffCase(t *testing.T, dir string, opts Options) []finding.Finding {
	t.Helper()
	tree := os.DirFS(dir)
	o, err := Load(filepath.Join(dir, "old.yaml"), LoadOptions{FS: tree, Path: "old.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	n, err := Load(filepath.Join(dir, "new.yaml"), LoadOptions{FS: tree, Path: "new.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	return Diff(o, n, opts)
}
