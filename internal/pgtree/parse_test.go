package pgtree

import (
	"fmt"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// sameParse fails t unless Parse and pg_query.Parse (protobuf's unmarshal)
// agree on sql: both fail, or both give equal trees (Parse's carried over
// to pg_query's types, toProto).
func sameParse(t *testing.T, name, sql string) bool {
	t.Helper()
	want, wantErr := pg_query.Parse(sql)
	got, err := Parse(sql)
	switch {
	case (err != nil) != (wantErr != nil):
		t.Errorf("%s: Parse error %v, pg_query.Parse error %v", name, err, wantErr)
		return false
	case err == nil && !proto.Equal(toProto(got), want):
		t.Errorf("%s: Parse and pg_query.Parse give different trees", name)
		return false
	}
	return err == nil
}

// TestScanMatchesProtobuf: Scan gives pg_query.Scan's tokens on the
// texts of TestParseEdges and on a file of every token kind.
func TestScanMatchesProtobuf(t *testing.T) {
	for _, sql := range append(edgeTexts, "SELECT 1 -- comment\n/* block */ FROM t WHERE a <> 'x' AND b::int >= $1 OR c ~* E'\\d'") {
		want, wantErr := pg_query.Scan(sql)
		got, err := Scan(sql)
		if (err != nil) != (wantErr != nil) || err == nil && !proto.Equal(toProto(got), want) {
			t.Errorf("%s: Scan gives %v, %v; pg_query.Scan %v, %v", sql, got, err, want, wantErr)
		}
	}
}

// TestParseMatchesProtobuf holds the generated decoders to protobuf's
// unmarshal on every SQL file of the corpus (migrations, PostgreSQL's
// regression SQL) and on each statement of those that fail as a whole.
func TestParseMatchesProtobuf(t *testing.T) {
	parsed := 0
	testenv.CorpusSQL(t, func(path, src string) {
		if sameParse(t, path, src) {
			parsed++
			return
		}
		for i, stmt := range strings.Split(src, ";\n") { // psql scripts: what parses of them
			sameParse(t, fmt.Sprintf("%s part %d", path, i), stmt)
		}
	})
	if parsed < 2000 {
		t.Fatalf("only %d files parsed whole: is the corpus complete?", parsed)
	}
}

// TestParseEdges: a string constant that is not UTF-8 is refused as
// protobuf refuses it; every kind of scalar and oneof member decodes.
func TestParseEdges(t *testing.T) {
	for _, sql := range edgeTexts {
		sameParse(t, sql, sql)
	}
}

// edgeTexts exercise every kind of scalar and oneof member.
var edgeTexts = []string{
	`SELECT E'\xff'`, // a string constant that is not UTF-8
	`SELECT U&'\0000'`,
	`SELECT 1, -1, 2147483647, -2147483648, 9223372036854775807, 1.5e300, true, false, NULL, B'101', X'1F'`,
	`SELECT $1::int[], ARRAY[1,2], '{"a": 1}'::jsonb -> 'a'`,
	`CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH -5 INCREMENT BY 2), v numeric(10,2) DEFAULT -0.5 CHECK (v > 0))`,
	`ALTER TABLE t ALTER COLUMN v TYPE int USING v::int, ADD CONSTRAINT c UNIQUE NULLS NOT DISTINCT (v)`,
	`CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`,
	`DO $$ BEGIN PERFORM 1; END $$`,
	`SELECT xmlelement(name foo, xmlattributes('x' as bar)), json_object('a': 1), JSON_TABLE('[]', '$' COLUMNS (a int PATH '$.a'))`,
	`MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)`,
}

// FuzzParse: on any text, Parse and pg_query.Parse agree, and the tree
// encodes back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"SELECT 1", "CREATE TABLE t (a int)", `SELECT E'\xff'`, "ALTER TABLE t ADD COLUMN b text DEFAULT now()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		if len(sql) > 1<<12 {
			return
		}
		if !sameParse(t, "input", sql) {
			return
		}
		tree, _ := Parse(sql)
		back := &pg_query.ParseResult{}
		if err := proto.Unmarshal(encodeParseResult(nil, tree), back); err != nil || !proto.Equal(back, toProto(tree)) {
			t.Fatalf("the encoded tree does not read back the same (%v)", err)
		}
	})
}

// TestEncodeMatchesProtobuf holds the generated encoders to protobuf: on
// every SQL file of the corpus, what they write unmarshals (by protobuf)
// to the tree they were given, and Deparse gives pg_query.Deparse's text
// (or its error) for every statement.
func TestEncodeMatchesProtobuf(t *testing.T) {
	var last *pgast.ParseResult
	corpusStatements(t, func(path string, tree *pgast.ParseResult, raw *pgast.RawStmt) {
		if tree != last { // once per file
			last = tree
			back := &pg_query.ParseResult{}
			if err := proto.Unmarshal(encodeParseResult(nil, tree), back); err != nil || !proto.Equal(back, toProto(tree)) {
				t.Errorf("%s: the encoded tree does not read back the same (%v)", path, err)
			}
		}
		one := &pgast.ParseResult{Version: tree.Version, Stmts: []*pgast.RawStmt{raw}}
		want, wantErr := pg_query.Deparse(toProto(one).(*pg_query.ParseResult))
		got, err := Deparse(one)
		if got != want || (err != nil) != (wantErr != nil) {
			t.Errorf("%s at byte %d: Deparse gives %q, %v; pg_query.Deparse %q, %v", path, raw.StmtLocation, got, err, want, wantErr)
		}
	})
}

// TestPutLength: lengths that need one to three bytes are written where
// the byte was kept, with the message moved after them.
func TestPutLength(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 300, 16383, 16384, 70000} {
		msg := make([]byte, n)
		for i := range msg {
			msg[i] = byte(i)
		}
		b := append([]byte{0xAA, 0}, msg...)
		b = putLength(b, 1)
		v, m := protowire.ConsumeVarint(b[1:])
		if b[0] != 0xAA || v != uint64(n) || string(b[1+m:]) != string(msg) {
			t.Errorf("length %d: wrote %d in %d bytes, message intact %v", n, v, m, string(b[1+m:]) == string(msg))
		}
	}
}
