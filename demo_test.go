package schemacheck

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// buildDemo lays out the README's demo shop as a git repository, with the
// same script the demo runs, and returns its directory.
func buildDemo(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"bash", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the demo needs %s", tool)
		}
	}
	dir := filepath.Join(t.TempDir(), "shop")
	out, err := exec.Command("bash", filepath.Join(packageDir, "testdata", "demo", "build.sh"), dir).CombinedOutput()
	if err != nil {
		t.Fatalf("build.sh: %v\n%s", err, out)
	}
	return dir
}

// TestDemo runs check on the demo as its README promises: every kind of
// finding appears (migration lint, contract diffs for OpenAPI and JSON
// Schema, cross-layer), and the whole report is pinned by a golden file.
func TestDemo(t *testing.T) {
	dir := buildDemo(t)
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Check(CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]bool{}
	for _, f := range res.Findings {
		prefixes[f.RuleID[:len("SC-XX")]] = true
	}
	for _, want := range []string{"SC-DB", "SC-AP", "SC-JS", "SC-XL"} {
		if !prefixes[want] {
			t.Errorf("the demo shows no %s… finding", want)
		}
	}
	checkGolden(t, filepath.Join("testdata", "demo.golden"), findingLines(res.Findings))
}

// findingLines renders findings for a golden file: location, severity,
// rule and message, then each detail indented.
func findingLines(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s %s %s\n", f.Location, f.Severity, f.RuleID, f.Message)
		for _, d := range f.Details {
			fmt.Fprintf(&b, "    %s\n", d)
		}
	}
	return b.String()
}

// TestDemoPreflight runs the demo's preflight step as run.sh does: the
// releases' migrations and staging.sql in a throwaway database, then
// preflight of the pull request's migrations. Sizes in bytes depend on the
// server's version, so the golden file has them masked.
func TestDemoPreflight(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(packageDir, "testdata", "demo", "releases", "*", "db", "migrations", "*.up.sql"))
	if err != nil {
		t.Fatal(err)
	}
	var setup strings.Builder
	for _, f := range append(files, filepath.Join(packageDir, "testdata", "demo", "staging.sql")) {
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		setup.Write(sql)
	}
	url := testenv.DatabaseWith(t, setup.String())
	dir := buildDemo(t)
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Preflight(context.Background(), PreflightOptions{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	out := regexp.MustCompile(`\(\d+ (bytes|kB|MB)\)`).ReplaceAllString(findingLines(res.Findings), "(SIZE)")
	if !strings.Contains(out, "SC-PF") {
		t.Error("the demo shows no preflight finding")
	}
	checkGolden(t, filepath.Join("testdata", "demo-preflight.golden"), out)
}

// TestDemoRunKeep: run.sh --keep DIR leaves the demo repository in DIR,
// clean and on the pull request's branch, and refuses a DIR that exists.
func TestDemoRunKeep(t *testing.T) {
	for _, tool := range []string{"bash", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the demo needs %s", tool)
		}
	}
	keep := filepath.Join(t.TempDir(), "shop")
	script := filepath.Join(packageDir, "testdata", "demo", "run.sh")
	out, err := exec.Command("bash", script, "--keep", keep, "--format", "compact").CombinedOutput()
	if err != nil {
		t.Fatalf("run.sh --keep: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "The demo repository is kept in "+keep) {
		t.Errorf("run.sh does not say where the repository is:\n%s", out)
	}
	status, err := exec.Command("git", "-C", keep, "status", "--porcelain").Output()
	if err != nil || len(status) != 0 {
		t.Errorf("kept repository is not clean (%v): %q", err, status)
	}
	if branch, _ := exec.Command("git", "-C", keep, "branch", "--show-current").Output(); strings.TrimSpace(string(branch)) != "feature" {
		t.Errorf("kept repository is on %q, want the pull request's branch feature", branch)
	}
	cmd := exec.Command("bash", script, "--keep", keep)
	if out, err := cmd.CombinedOutput(); err == nil || cmd.ProcessState.ExitCode() != 2 || !strings.Contains(string(out), "already exists") {
		t.Errorf("run.sh --keep on an existing directory: %v\n%s", err, out)
	}
}
