package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// buildSchemacheck builds the command from this checkout with extra build
// flags and returns the binary's path.
func buildSchemacheck(t *testing.T, flags ...string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "schemacheck")
	args := append(append([]string{"build", "-o", bin}, flags...), "./cmd/schemacheck")
	cmd := exec.Command("go", args...)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

func versionOf(t *testing.T, bin string) string {
	t.Helper()
	out, err := exec.Command(bin, "version").CombinedOutput()
	if err != nil {
		t.Fatalf("schemacheck version: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// A release build is stamped by .goreleaser.yaml's ldflags.
func TestVersionStampedByRelease(t *testing.T) {
	commit := "0123456789abcdef0123456789abcdef01234567"
	bin := buildSchemacheck(t, "-ldflags", "-X github.com/schemacheck/schemacheck.version=v9.8.7 -X github.com/schemacheck/schemacheck.commit="+commit)
	if got, want := versionOf(t, bin), "schemacheck v9.8.7 (commit 0123456789ab)"; got != want {
		t.Errorf("version = %q, want %q", got, want)
	}
	cfg, err := os.ReadFile("../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"schemacheck.version={{ .Tag }}", "schemacheck.commit={{ .FullCommit }}"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf(".goreleaser.yaml does not stamp %s", want)
		}
	}
}

// A plain `go build` in a git checkout is stamped by the Go toolchain:
// vcs.revision, and since Go 1.24 a pseudo-version of the main module.
func TestVersionFromBuildInfo(t *testing.T) {
	head, err := exec.Command("git", "-C", "..", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	got := versionOf(t, buildSchemacheck(t, "-buildvcs=true"))
	want := regexp.MustCompile(`^schemacheck (devel|v\S+) \(commit ` + strings.TrimSpace(string(head))[:12] + `(-dirty)?\)$`)
	if !want.MatchString(got) {
		t.Errorf("version = %q, want %s", got, want)
	}
}

// goreleaser is heavy to install, so this runs where it is on PATH
// (go install github.com/goreleaser/goreleaser/v2@v2.17.0).
func TestGoReleaserConfig(t *testing.T) {
	gr, err := exec.LookPath("goreleaser")
	if err != nil {
		t.Skip("goreleaser is not installed; .goreleaser.yaml is not validated (go install github.com/goreleaser/goreleaser/v2@v2.17.0)")
	}
	cmd := exec.Command(gr, "check")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goreleaser check: %v\n%s", err, out)
	}
}
