package migration

import (
	"reflect"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

var annotations = map[string]annotation{
	"goose": gooseAnnotation, "dbmate": dbmateAnnotation, "sql-migrate": sqlMigrateAnnotation, "atlas": atlasTxMode,
}

// annotationCases are texts where matching line by line could differ from
// matching the whole text: marks at the very start and end, in the middle
// of a line, twice on a line, around CR LF and blank lines.
var annotationCases = []string{
	"",
	"-- +goose Up",
	"-- +goose Up\n",
	"\n-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;",
	"SELECT '+goose';\n  --\t+goose   StatementBegin  x\r\n-- +goose StatementEnd",
	"-- +goose NO TRANSACTION\n-- +goose no\ttransaction\n--+goose\n-- +goose \n+goose",
	"-- +goose Up -- +goose Down\n x -- +goose Down\n",
	"-- migrate:up transaction:false\nSELECT 1;\n-- migrate:down\n-- migrate:upx\n--migrate:down",
	"-- migrate:up\r\n-- migrate:down\r\n",
	"-- +migrate Up\n-- +migrate Down notransaction\n -- +migrate Up\n--  +migrate Up\n-- +migrate \n-- +migrate StatementBegin",
	"-- atlas:txmode none\n-- atlas:txmode nonex\n  --  atlas:txmode\tnone",
	"-- atlas:txmode none",
	"+goose+goose\n\n\n-- +goose Up\n\n",
}

// checkAnnotation fails t when in disagrees with the pattern run over the
// whole text, for all matches and for the first.
func checkAnnotation(t *testing.T, name string, a annotation, src []byte) {
	t.Helper()
	want := a.pattern.FindAllSubmatchIndex(src, -1)
	if got := a.in(src, -1); !reflect.DeepEqual(got, want) {
		t.Fatalf("%s in %q:\n got  %v\n want %v", name, src, got, want)
	}
	first := a.in(src, 1)
	if (first == nil) != (want == nil) || first != nil && !reflect.DeepEqual(first[0], want[0]) {
		t.Fatalf("%s first in %q: got %v, want %v", name, src, first, want)
	}
}

func TestAnnotationMatchesPatternOverWholeText(t *testing.T) {
	for _, src := range annotationCases {
		for name, a := range annotations {
			checkAnnotation(t, name, a, []byte(src))
		}
	}
}

// TestAnnotationAgreesOnCorpus: every SQL file of the corpus, annotated or
// not, gives the same annotations either way.
func TestAnnotationAgreesOnCorpus(t *testing.T) {
	testenv.CorpusSQL(t, func(_, src string) {
		for name, a := range annotations {
			checkAnnotation(t, name, a, []byte(src))
		}
	})
}

func FuzzAnnotation(f *testing.F) {
	for _, src := range annotationCases {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for name, a := range annotations {
			checkAnnotation(t, name, a, []byte(src))
		}
	})
}
