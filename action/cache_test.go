package action

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cCompile matches a C compiler run on a C source (cgo building pg_query),
// as `go build -x` prints it.
var cCompile = regexp.MustCompile(`(?m)\b(gcc|cc|clang)\b.* -c \S+\.c\b`)

// TestActionBuildCache runs the action as on a cold runner (an empty Go
// build cache) and again with that cache restored, as actions/cache does
// for the next run of the same action ref: the first build compiles
// pg_query's C code, the second compiles nothing. It logs both run times;
// those are the figures to report, not assertions. It is the slowest test
// of the package (over 5 minutes on a loaded 2-core machine), so -short
// skips it; CI runs it.
func TestActionBuildCache(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: building on an empty Go build cache takes about 100 CPU-seconds")
	}
	for _, tool := range []string{"jq", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (GitHub's runners have it)", tool)
		}
	}
	a := loadAction(t)
	var cache *step
	for i, s := range a.Runs.Steps {
		if strings.HasPrefix(s.Uses, "actions/cache@") {
			cache = &a.Runs.Steps[i]
		}
	}
	if cache == nil {
		t.Fatal("action.yml has no actions/cache step for the Go build")
	}
	for _, want := range []string{"steps.gocache.outputs.gocache", "steps.gocache.outputs.gomodcache"} {
		if !strings.Contains(cache.With["path"], want) {
			t.Errorf("the cache step does not cache %s: path %q", want, cache.With["path"])
		}
	}
	for _, want := range []string{"steps.gocache.outputs.gosum", "steps.gocache.outputs.go", "github.action_ref", "runner.os"} {
		if !strings.Contains(cache.With["key"], want) {
			t.Errorf("the cache key does not name %s: %q", want, cache.With["key"])
		}
	}

	gh := &fakeGitHub{t: t, token: "ghs_test"}
	srv := httptest.NewServer(gh)
	defer srv.Close()
	gocache := t.TempDir()
	goflags, err := exec.Command("go", "env", "GOFLAGS").Output()
	if err != nil {
		t.Fatal(err)
	}
	run := func() (*runner, time.Duration) {
		r := job(t, gh, srv.URL, "CREATE INDEX orders_customer_idx ON orders (customer_id);\n")
		r.env["GOCACHE"] = gocache
		// -x prints the build's commands, to see what it compiled
		r.env["GOFLAGS"] = strings.TrimSpace(string(goflags) + " -x")
		start := time.Now()
		r.run()
		return r, time.Since(start)
	}
	cold, coldTook := run()
	if got := cold.outputs["gocache"]["gocache"]; got != gocache {
		t.Errorf("gocache output %q, want the job's GOCACHE %q", got, gocache)
	}
	sum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(sum)
	if got, want := cold.outputs["gocache"]["gosum"], hex.EncodeToString(h[:])[:16]; got != want {
		t.Errorf("gosum output %q, want %q (the action's go.sum)", got, want)
	}
	if cold.failedRun != 1 || !cCompile.MatchString(cold.stdout.String()) {
		t.Fatalf("cold run: exit %d; want 1 and pg_query's C code compiled (is the cache really empty?)", cold.failedRun)
	}

	warm, warmTook := run()
	if warm.failedRun != 1 {
		t.Fatalf("warm run: exit %d, want 1", warm.failedRun)
	}
	if m := cCompile.FindString(warm.stdout.String()); m != "" {
		t.Errorf("with the build cache restored, the install step still compiled C code: %s", m)
	}
	const install = "Install schemacheck"
	t.Logf("cold runner (empty Go build cache, modules present): install step %.1f s, whole action %.1f s",
		cold.took[install].Seconds(), coldTook.Seconds())
	t.Logf("build cache restored (same action ref): install step %.1f s, whole action %.1f s",
		warm.took[install].Seconds(), warmTook.Seconds())
}
