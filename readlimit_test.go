package schemacheck

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

// TestRefuseNonRegularInputs: a symlink to /dev/zero reports size 0 and
// never ends, so a size check alone passed it and the read ran out of
// memory; a named pipe blocks the open. As a contract, a $ref target (in
// OpenAPI and in JSON Schema), the baseline, the config and a migration,
// each is a located refusal naming the file, and nothing is read: a link
// to /dev/zero leaves the repository, so the confinement refuses it first
// (ErrOutsideRepository); a named pipe in the tree is refused as not a
// regular file.
func TestRefuseNonRegularInputs(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	outsideRepo := ErrOutsideRepository.Error()
	const notRegular = "it is a named pipe, not a regular file"
	dir := t.TempDir()
	const head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	ref := func(target string) string {
		return head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n" +
			"          content:\n            application/json:\n              schema: {$ref: '" + target + "'}\n"
	}
	writeFiles(t, dir, map[string]string{
		"ok.yaml":          ref("#/components/schemas/A") + "components:\n  schemas:\n    A: {type: object}\n",
		"ref-zero.yaml":    ref("zero.yaml#/A"),
		"ref-pipe.yaml":    ref("pipe.yaml#/A"),
		"ok.json":          `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`,
		"ref-zero.json":    `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "zero.json"}`,
		"ref-pipe.json":    `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "pipe.json"}`,
		"migrations/1.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n",
	})
	for _, name := range []string{"zero.yaml", "zero.json", "zero-baseline.json", "zero-config.yaml", "migrations/2.sql"} {
		if err := os.Symlink("/dev/zero", filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"pipe.yaml", "pipe.json", "pipe-baseline.json", "pipe-config.yaml", "migrations/3.sql"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ old, new, want string }{
		{"ok.yaml", "zero.yaml", "zero.yaml: read zero.yaml: " + outsideRepo},
		{"ok.yaml", "pipe.yaml", "pipe.yaml: " + notRegular + "; a contract must be a file"},
		{"ok.yaml", "ref-zero.yaml", "zero.yaml: read zero.yaml: " + outsideRepo},
		{"ok.yaml", "ref-pipe.yaml", "pipe.yaml: " + notRegular},
		{"ok.json", "ref-zero.json", "zero.json: read zero.json: " + outsideRepo},
		{"ok.json", "ref-pipe.json", "pipe.json: " + notRegular},
	} {
		_, err := p.Diff(DiffOptions{Paths: []string{tc.old, tc.new}})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.new+":") {
			t.Errorf("diff %s %s: got %v, want an error naming %s and containing %q", tc.old, tc.new, err, tc.new, tc.want)
		}
	}
	for name, want := range map[string]string{"zero-baseline.json": outsideRepo, "pipe-baseline.json": notRegular} {
		if err := (&Result{}).FilterBaseline(name); err == nil || !strings.Contains(err.Error(), "baseline "+name+": ") || !strings.Contains(err.Error(), want) {
			t.Errorf("baseline %s: got %v, want %q", name, err, want)
		}
	}
	for name, want := range map[string]string{"zero-config.yaml": outsideRepo, "pipe-config.yaml": notRegular} {
		if _, err := Open(OpenOptions{ConfigPath: name}); err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), want) {
			t.Errorf("config %s: got %v, want %q", name, err, want)
		}
	}
	lint, err := p.Lint([]string{"migrations/2.sql", "migrations/3.sql", "migrations/1.sql"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range lint.Findings {
		got = append(got, f.Location.String()+" "+f.RuleID+" "+f.Message)
	}
	want := []string{
		"migrations/2.sql SC-DB003 cannot read: read 2.sql: " + outsideRepo,
		"migrations/3.sql SC-DB003 " + notRegular + "; a migration must be a file, so it was not checked",
	}
	if len(got) < 2 || strings.Join(got[:2], "\n") != strings.Join(want, "\n") {
		t.Errorf("lint findings:\n%s\nwant first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBaseBlobSizeCheckedBeforeReading: a contract too large at the base
// revision is refused from the size git lists, without reading the blob:
// diff --base allocated the whole blob (a 400 MB blob took 471 MB RSS).
func TestBaseBlobSizeCheckedBeforeReading(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{"api.yaml": "openapi: 3.0.3\n"})
	f, err := os.OpenFile(filepath.Join(repo.Dir, "api.yaml"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Zeros compress to almost nothing in git; what matters is the size.
	if err := f.Truncate(maxContractSize + 1<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	repo.Commit("a huge contract")
	repo.Write(map[string]string{"api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"})
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = p.Diff(DiffOptions{Base: "HEAD", Paths: []string{"api.yaml"}})
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "api.yaml@HEAD: file is 68157440 bytes, larger than the 67108864-byte (64 MiB) limit for a contract") {
		t.Fatalf("got %v, want the size limit naming api.yaml@HEAD", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("allocated %d bytes refusing a %d-byte blob: it was read", alloc, maxContractSize+1<<20)
	}
}
