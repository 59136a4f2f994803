package crosslayer

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/migration"
)

// FuzzCheck: any contract that loads, compared with a schema holding every
// kind of column, gives findings without panicking, and the same twice.
func FuzzCheck(f *testing.F) {
	paths, _ := filepath.Glob("testdata/cases/*/*.yaml")
	for _, p := range paths {
		if filepath.Base(p) == "case.yaml" {
			continue
		}
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	var files []*migration.File
	sqls, _ := filepath.Glob("testdata/cases/*/migrations/*.sql")
	for _, p := range sqls {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, migration.ParseFile(p, src, migration.FileOptions{})...)
	}
	cat, hist := Replay(files)
	f.Fuzz(func(t *testing.T, src []byte) {
		spec, err := openapi.Parse("fuzz.yaml", src, openapi.LoadOptions{})
		if err != nil {
			return
		}
		in := Input{Catalog: cat, History: hist, Infer: true, Contracts: []Contract{
			{Name: "api", Label: "this change", Model: spec.Model(), Current: true},
			{Name: "api", Label: "client", Model: spec.Model(), Supported: true},
		}, Mappings: []Mapping{{Schema: "#/components/schemas/User", Table: "users", Columns: map[string]string{"a": "b"}}}}
		if a, b := Check(in), Check(in); !reflect.DeepEqual(a, b) {
			t.Fatal("two runs differ")
		}
	})
}
