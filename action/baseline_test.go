package action

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// TestBaselineAdoptionOnCorpus adopts schemacheck on a real project's
// migration history: the baseline records every existing finding, survives
// edits that shift every line of every file, and lets a new finding through.
func TestBaselineAdoptionOnCorpus(t *testing.T) {
	for _, project := range []string{"harbor", "supabase-auth"} {
		t.Run(project, func(t *testing.T) {
			src := testenv.CorpusMigrationDir(t, project)
			bin := schemacheckBinary(t)
			dir := filepath.Join(t.TempDir(), "migrations")
			copyTree(t, src, dir)
			baseline := filepath.Join(t.TempDir(), "baseline.json")

			lintJSON(t, bin, "--write-baseline", baseline, dir)
			before := lintJSON(t, bin, "--fail-on", "never", dir)
			if len(before) == 0 {
				t.Skipf("%s has no findings to baseline", project)
			}
			unchecked := countUnchecked(before)
			if got := checkedOnly(lintJSON(t, bin, "--baseline", baseline, "--fail-on", "never", dir)); len(got) != 0 {
				t.Fatalf("%d findings pass a baseline written from the same tree: %v", len(got), got[0])
			}
			// "Not checked" findings (a file that does not parse) are never
			// baselined: accepting one would hide every later edit to the file.
			if got := lintJSON(t, bin, "--baseline", baseline, "--fail-on", "never", dir); len(got) != unchecked {
				t.Fatalf("%d findings pass the baseline, want the %d not-checked ones", len(got), unchecked)
			}

			// Unrelated edits: a header comment and blank lines on top of every
			// file shift each finding down, a trailing comment changes the end.
			err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				return os.WriteFile(p, []byte("-- reviewed for schemacheck adoption\n\n\n"+string(data)+"\n-- end\n"), 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
			shifted := lintJSON(t, bin, "--fail-on", "never", dir)
			if len(shifted) != len(before) || shifted[0].Line == before[0].Line {
				t.Fatalf("the edit should keep %d findings and move them: got %d", len(before), len(shifted))
			}
			if got := checkedOnly(lintJSON(t, bin, "--baseline", baseline, "--fail-on", "never", dir)); len(got) != 0 {
				t.Errorf("%d of %d findings escaped the baseline after a line shift; first: %+v", len(got), len(before), got[0])
			}

			// A new risky migration is reported, and only it.
			newFile := filepath.Join(dir, "99999999999999_schemacheck_new.up.sql")
			os.WriteFile(newFile, []byte("CREATE INDEX schemacheck_new_idx ON schemacheck_existing (v);\n"), 0o644)
			got := checkedOnly(lintJSON(t, bin, "--baseline", baseline, "--fail-on", "never", dir))
			if len(got) == 0 {
				t.Fatal("a new finding was hidden by the baseline")
			}
			for _, f := range got {
				if !strings.Contains(f.File, "schemacheck_new") {
					t.Errorf("an old finding came back with the new migration: %+v", f)
				}
			}
			t.Logf("%s: %d findings baselined (%d not-checked ones never are); line shift kept them hidden; %d new reported", project, len(before)-unchecked, unchecked, len(got))
		})
	}
}

// notCheckedRules are the rules whose findings say a file was not checked.
func notCheckedRules() map[string]bool {
	out := map[string]bool{}
	for _, r := range migration.Rules() {
		if r.NotChecked {
			out[r.ID] = true
		}
	}
	return out
}

func countUnchecked(fs []jsonFinding) int {
	return len(fs) - len(checkedOnly(fs))
}

// checkedOnly drops the not-checked findings, which no baseline hides.
func checkedOnly(fs []jsonFinding) []jsonFinding {
	skip := notCheckedRules()
	var out []jsonFinding
	for _, f := range fs {
		if !skip[f.Rule] {
			out = append(out, f)
		}
	}
	return out
}

type jsonFinding struct {
	Rule        string
	File        string
	Line        int
	Fingerprint string
}

func lintJSON(t *testing.T, bin string, args ...string) []jsonFinding {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"lint", "--format", "json"}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("schemacheck lint %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if strings.Contains(strings.Join(args, " "), "--write-baseline") {
		return nil
	}
	var doc struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("json report: %v\n%s", err, out)
	}
	var fs []jsonFinding
	for _, f := range doc.Findings {
		fs = append(fs, jsonFinding{f.RuleID, f.Location.File, f.Location.Line, f.Fingerprint})
	}
	return fs
}

var builtBinary string

// schemacheckBinary builds the command once per test binary.
func schemacheckBinary(t *testing.T) string {
	t.Helper()
	if builtBinary == "" {
		dir, err := os.MkdirTemp("", "schemacheck-action-test")
		if err != nil {
			t.Fatal(err)
		}
		bin := filepath.Join(dir, "schemacheck")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/schemacheck")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		builtBinary = bin
	}
	return builtBinary
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, target, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
