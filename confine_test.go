package schemacheck

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

// TestExternalRefsComeFromTheBaseConfig: a pull request that turns on
// external_refs in its own config and adds a $ref to a URL must not make
// check fetch it (blind SSRF); once the base's config enables it, it does.
func TestExternalRefsComeFromTheBaseConfig(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"type": "string"}`))
	}))
	defer srv.Close()
	const schema = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"id": %s}}`
	for _, baseAllows := range []bool{false, true} {
		repo := gittest.New(t)
		cfg := "version: 1\ncontracts:\n  - path: schema.json\n    kind: jsonschema\n"
		if baseAllows {
			cfg += "    external_refs: true\n"
		}
		repo.Write(map[string]string{
			"schemacheck.yaml": cfg,
			"schema.json":      strings.Replace(schema, "%s", `{"type": "string"}`, 1),
		})
		repo.Commit("base")
		repo.Git("checkout", "-q", "-b", "feature")
		repo.Write(map[string]string{
			"schemacheck.yaml": "version: 1\ncontracts:\n  - path: schema.json\n    kind: jsonschema\n    external_refs: true\n",
			"schema.json":      strings.Replace(schema, "%s", `{"$ref": "`+srv.URL+`/id.json"}`, 1),
		})
		repo.Commit("the change")
		t.Chdir(repo.Dir)
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		hits.Store(0)
		res, err := p.Check(CheckOptions{Base: "main"})
		if !baseAllows {
			if hits.Load() != 0 {
				t.Errorf("the pull request's own external_refs fetched its URL %d time(s)", hits.Load())
			}
			if err == nil || !strings.Contains(err.Error(), "refused") {
				t.Errorf("want the network $ref refused, got %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if hits.Load() == 0 {
			t.Errorf("external_refs in the base config: the $ref was not fetched; notes %q", res.Notes)
		}
	}
}
