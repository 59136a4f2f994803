package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestNoProtobufRuntime: the binary links neither pg_query_go's root
// package nor protobuf's runtime. The root package's pg_query.pb.go
// registers some 300 message descriptors at init and pulls in protobuf's
// reflection runtime (internal/impl, filedesc, protoregistry …), and the
// program never used them: parse trees are internal/pgast's plain types,
// read from libpg_query's JSON through pg_query_go/v6/parser (cgo, no
// protobuf) and written back for the deparser with protowire alone.
// Dropping them took the median peak RSS of lint over the corpus's 11
// migration directories from 46.1 to 42.8 MB, of `schemacheck version`
// from 19.3 to 17.6 MB, and the binary from 39.2 to 36.3 MB: the pages of
// that code, and the descriptors' live heap, which the GC's goal doubles.
// Tests may still use pg_query as an oracle; the program may not.
func TestNoProtobufRuntime(t *testing.T) {
	root := testenv.RepoRoot(t)
	list := func(pkgs ...string) []string {
		cmd := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...)
		cmd.Dir = root
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", strings.Join(pkgs, " "), err)
		}
		return strings.Fields(string(out))
	}
	allowed := map[string]bool{}
	for _, p := range list("google.golang.org/protobuf/encoding/protowire") {
		allowed[p] = true // protowire and what it imports: no registration
	}
	deps := list("./cmd/schemacheck")
	if len(deps) < 50 {
		t.Fatalf("go list -deps ./cmd/schemacheck lists only %d packages", len(deps))
	}
	for _, p := range deps {
		if p == "github.com/pganalyze/pg_query_go/v6" || strings.HasPrefix(p, "google.golang.org/protobuf/") && !allowed[p] {
			t.Errorf("the binary links %s: use internal/pgast's types and internal/pgtree's Parse, Deparse, Scan", p)
		}
	}
}
