package pgtree

import (
	"reflect"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// sameVisits reports whether a and b visit the same messages, each as
// often. Only the set is compared: protobuf's Range deliberately swaps two
// fields' order in some binaries (detrand), so reflection's order differs
// from build to build; the generated walk's order is declaration order.
func sameVisits(a, b []pgast.Message) (pgast.Message, bool) {
	count := map[pgast.Message]int{}
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

// TestWalkMatchesReflection holds the generated walk functions to protobuf
// reflection's walk on every statement of the corpus (its migrations and
// PostgreSQL's regression SQL): the same messages, and the same subtrees
// skipped when fn returns false. Reflection walks the statement carried
// over to pg_query's types (toProto), each of its messages mapped back to
// the pgast message it came from. A node kind the generated code missed,
// or a field walked out of order, fails here.
func TestWalkMatchesReflection(t *testing.T) {
	// stop reports, by type name, whether fn returns false for a message.
	stops := map[string]func(name string) bool{
		"all":   func(string) bool { return false },
		"prune": func(name string) bool { return name == "SubLink" || name == "CaseExpr" }, // below every sub-select and CASE
	}
	name := func(m any) string { return reflect.TypeOf(m).Elem().Name() }
	messages := 0
	corpusStatements(t, func(path string, _ *pgast.ParseResult, raw *pgast.RawStmt) {
		c := &converter{from: map[proto.Message]pgast.Message{}}
		theirs := c.message(raw)
		for stopName, stop := range stops {
			var want, got []pgast.Message
			walkReflect(theirs.ProtoReflect(), func(m proto.Message) bool {
				want = append(want, c.from[m])
				return !stop(name(m))
			})
			Walk(raw, func(m pgast.Message) bool {
				got = append(got, m)
				return !stop(name(m))
			})
			messages += len(got)
			if m, ok := sameVisits(got, want); !ok {
				t.Fatalf("%s: statement at byte %d, %s: generated walk visits %d messages, reflection %d; they differ at a %T",
					path, raw.StmtLocation, stopName, len(got), len(want), m)
			}
		}
	})
	t.Logf("%d visits: the same as reflection's", messages)
}

// TestWalkEveryMessageKind: every message type of pg_query's schema, nested
// ones too, has a pgast type with a generated walk function (walkAny knows
// it).
func TestWalkEveryMessageKind(t *testing.T) {
	var missing []string
	kinds := 0
	eachProtoMessage(func(md protoreflect.MessageDescriptor, mt protoreflect.MessageType) {
		kinds++
		ot, ok := astTypes[reflect.TypeOf(mt.Zero().Interface()).Elem().Name()]
		if !ok || !walkAny(reflect.New(ot).Interface().(pgast.Message), func(pgast.Message) bool { return false }) {
			missing = append(missing, string(md.FullName()))
		}
	})
	if len(missing) > 0 || kinds < 200 {
		t.Fatalf("%d message kinds; no generated walk for %v: run go generate ./internal/pgtree", kinds, missing)
	}
}

// TestCloneMatchesProtobuf: on every statement of the corpus, Clone gives
// a tree equal to the original (proto.Equal, both carried over to
// pg_query's types) that shares no message with it, so a recipe may edit
// the copy.
func TestCloneMatchesProtobuf(t *testing.T) {
	corpusStatements(t, func(path string, _ *pgast.ParseResult, raw *pgast.RawStmt) {
		c := Clone(raw.Stmt)
		if !proto.Equal(toProto(c), toProto(raw.Stmt)) {
			t.Fatalf("%s at byte %d: the clone differs", path, raw.StmtLocation)
		}
		original := map[pgast.Message]bool{}
		Walk(raw.Stmt, func(m pgast.Message) bool { original[m] = true; return true })
		Walk(c, func(m pgast.Message) bool {
			if original[m] {
				t.Fatalf("%s at byte %d: the clone shares a %T with the original", path, raw.StmtLocation, m)
			}
			return true
		})
	})
	var nilNode *pgast.Node
	if Clone(nilNode) != nil {
		t.Error("Clone of a nil message is not nil")
	}
}
