package pgtree

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// visits records every message fn sees, in order, and stops below the
// messages stop names (to check that false prunes the same subtrees).
func visits(walk func(proto.Message, func(proto.Message) bool), root proto.Message, stop func(proto.Message) bool) []proto.Message {
	var out []proto.Message
	walk(root, func(m proto.Message) bool {
		out = append(out, m)
		return !stop(m)
	})
	return out
}

// sameVisits reports whether a and b visit the same messages, each as
// often. Only the set is compared: protobuf's Range deliberately swaps two
// fields' order in some binaries (detrand), so reflection's order differs
// from build to build; the generated walk's order is declaration order.
func sameVisits(a, b []proto.Message) (proto.Message, bool) {
	count := map[proto.Message]int{}
	for _, m := range a {
		count[m]++
	}
	for _, m := range b {
		count[m]--
	}
	for m, n := range count {
		if n != 0 {
			return m, false
		}
	}
	return nil, true
}

func reflective(n proto.Message, fn func(proto.Message) bool) { walkReflect(n.ProtoReflect(), fn) }

// TestWalkMatchesReflection holds the generated walk functions to protobuf
// reflection's walk on every statement of the corpus (its migrations and
// PostgreSQL's regression SQL): the same messages, and the same subtrees
// skipped when fn returns false. A node kind the
// generated code missed, or a field walked out of order, fails here.
func TestWalkMatchesReflection(t *testing.T) {
	corpus := testenv.Corpus(t)
	stops := map[string]func(proto.Message) bool{
		"all": func(proto.Message) bool { return false },
		"prune": func(m proto.Message) bool { // below every sub-select and CASE
			switch m.(type) {
			case *pg_query.SubLink, *pg_query.CaseExpr:
				return true
			}
			return false
		},
	}
	var files, stmts, messages int
	err := filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") ||
			!(strings.Contains(path, "/migrations/") || strings.Contains(path, "/sql-regression/")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		res, err := pg_query.Parse(string(src))
		if err != nil {
			return nil // not every corpus file parses; those that do are enough
		}
		files++
		for _, raw := range res.Stmts {
			stmts++
			for name, stop := range stops {
				want := visits(reflective, raw, stop)
				got := visits(Walk, raw, stop)
				messages += len(got)
				if m, ok := sameVisits(got, want); !ok {
					t.Fatalf("%s: statement at byte %d, %s: generated walk visits %d messages, reflection %d; they differ at a %T",
						path, raw.StmtLocation, name, len(got), len(want), m)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stmts < 10000 {
		t.Fatalf("only %d statements in %d files: is the corpus complete?", stmts, files)
	}
	t.Logf("%d statements of %d files, %d visits: the same as reflection's", stmts, files, messages)
}

// TestWalkEveryMessageKind: every message type of pg_query's schema, nested
// ones too, has a generated walk function (walkAny knows it), so Walk never
// falls back to reflection on a parse tree.
func TestWalkEveryMessageKind(t *testing.T) {
	var missing []string
	kinds := 0
	var check func(protoreflect.MessageDescriptors)
	check = func(msgs protoreflect.MessageDescriptors) {
		for i := 0; i < msgs.Len(); i++ {
			md := msgs.Get(i)
			if md.IsMapEntry() {
				continue
			}
			mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
			if err != nil {
				t.Fatal(err)
			}
			kinds++
			if !walkAny(mt.New().Interface(), func(proto.Message) bool { return false }) {
				missing = append(missing, string(md.FullName()))
			}
			check(md.Messages())
		}
	}
	check(pg_query.File_pg_query_proto.Messages())
	if len(missing) > 0 || kinds < 200 {
		t.Fatalf("%d message kinds; no generated walk for %v: run go generate ./internal/pgtree", kinds, missing)
	}
}

// TestCloneMatchesProtobuf: on every statement of the corpus, Clone gives
// a tree equal to the original (proto.Equal) that shares no message with
// it, so a recipe may edit the copy.
func TestCloneMatchesProtobuf(t *testing.T) {
	corpus := testenv.Corpus(t)
	var stmts int
	err := filepath.WalkDir(corpus, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		tree, err := Parse(string(src))
		if err != nil {
			return nil
		}
		for _, raw := range tree.Stmts {
			stmts++
			c := Clone(raw.Stmt)
			if !proto.Equal(c, raw.Stmt) {
				t.Fatalf("%s at byte %d: the clone differs", path, raw.StmtLocation)
			}
			original := map[proto.Message]bool{}
			Walk(raw.Stmt, func(m proto.Message) bool { original[m] = true; return true })
			Walk(c, func(m proto.Message) bool {
				if original[m] {
					t.Fatalf("%s at byte %d: the clone shares a %T with the original", path, raw.StmtLocation, m)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stmts < 10000 {
		t.Fatalf("only %d statements: is the corpus complete?", stmts)
	}
	var nilNode *pg_query.Node
	if Clone(nilNode) != nil {
		t.Error("Clone of a nil message is not nil")
	}
}
