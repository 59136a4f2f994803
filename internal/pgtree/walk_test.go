package pgtree

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
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
	messages := 0
	corpusStatements(t, func(path string, _ *pg_query.ParseResult, raw *pg_query.RawStmt) {
		for name, stop := range stops {
			want := visits(reflective, raw, stop)
			got := visits(Walk, raw, stop)
			messages += len(got)
			if m, ok := sameVisits(got, want); !ok {
				t.Fatalf("%s: statement at byte %d, %s: generated walk visits %d messages, reflection %d; they differ at a %T",
					path, raw.StmtLocation, name, len(got), len(want), m)
			}
		}
	})
	t.Logf("%d visits: the same as reflection's", messages)
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
	corpusStatements(t, func(path string, _ *pg_query.ParseResult, raw *pg_query.RawStmt) {
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
	})
	var nilNode *pg_query.Node
	if Clone(nilNode) != nil {
		t.Error("Clone of a nil message is not nil")
	}
}
