package openapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/schemacheck/schemacheck/contracts"
)

const refDoc = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "REF"}
`

func TestRefsRefused(t *testing.T) {
	tree := fstest.MapFS{"api/pet.yaml": {Data: []byte("Pet: {type: object}\n")}}
	for _, tc := range []struct {
		ref, want string
	}{
		{"https://example.com/pet.yaml#/Pet", `api/openapi.yaml:11: $ref "https://example.com/pet.yaml#/Pet" is on another host: references over the network are refused; set external_refs: true`},
		{"../../outside.yaml#/Pet", `api/openapi.yaml:11: $ref "../../outside.yaml#/Pet" leaves the repository`},
		{"/etc/passwd#/Pet", `leaves the repository`},
		{"missing.yaml#/Pet", `api/openapi.yaml:11: $ref "missing.yaml#/Pet": api/missing.yaml does not exist`},
		{"#/components/schemas/Pet", `api/openapi.yaml:11:24: $ref "#/components/schemas/Pet" points to nothing in this document`},
		{"pet.yaml#/Dog", `api/openapi.yaml:11:24: $ref "pet.yaml#/Dog" points to nothing in pet.yaml`},
	} {
		_, err := Parse("api/openapi.yaml", []byte(strings.Replace(refDoc, "REF", tc.ref, 1)), LoadOptions{FS: tree, Path: "api/openapi.yaml"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want %q", tc.ref, err, tc.want)
		}
	}
	if _, err := Parse("api/openapi.yaml", []byte(strings.Replace(refDoc, "REF", "pet.yaml#/Pet", 1)), LoadOptions{FS: tree, Path: "api/openapi.yaml"}); err != nil {
		t.Errorf("a file beside the document: %v", err)
	}
	// Not references: an anchor, a $ref inside an example, an extension or
	// below an $id, and a file that was not read (no FS).
	for _, doc := range []string{
		strings.Replace(refDoc, "REF", "#pet", 1),
		strings.Replace(refDoc, `{$ref: "REF"}`, `{type: object, example: {$ref: "#/nowhere"}, x-note: {$ref: "#/nowhere"}}`, 1),
		strings.Replace(refDoc, `{$ref: "REF"}`, `{$id: "https://example.com/pet", properties: {a: {$ref: "#/nowhere"}}}`, 1),
		// Files named in an extension or an example are data, not read
		// (Spotify's x-spotify-policy names a file it does not ship).
		strings.Replace(refDoc, `{$ref: "REF"}`, `{type: object, x-policy: {policies: {$ref: "../../outside.yaml"}}, example: {$ref: "missing.yaml"}}`, 1),
	} {
		if _, err := Parse("api/openapi.yaml", []byte(doc), LoadOptions{FS: tree, Path: "api/openapi.yaml"}); err != nil {
			t.Errorf("not a dangling reference: %v\n%s", err, doc)
		}
	}
	if _, err := Parse("api/openapi.yaml", []byte(strings.Replace(refDoc, "REF", "pet.yaml#/Dog", 1)), LoadOptions{}); err != nil {
		t.Errorf("a file reference without an FS is not followed, nor checked: %v", err)
	}
}

// TestRefPointerThroughRefEnds: a pointer may run through a $ref (as
// PagerDuty's bundled description writes them), but references whose
// pointers run through each other end as dangling, not in a loop.
func TestRefPointerThroughRefEnds(t *testing.T) {
	for _, schemas := range []string{
		"    A: {$ref: \"#/components/schemas/A/properties/x\"}\n",
		"    A: {$ref: \"#/components/schemas/B/properties/x\"}\n    B: {$ref: \"#/components/schemas/A/properties/x\"}\n",
	} {
		doc := strings.Replace(refDoc, "REF", "#/components/schemas/A", 1) + "components:\n  schemas:\n" + schemas
		done := make(chan error, 1)
		go func() {
			_, err := Parse("x.yaml", []byte(doc), LoadOptions{})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "points to nothing") {
				t.Errorf("%s: got %v, want points to nothing", schemas, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: resolving did not end", schemas)
		}
	}
}

// TestRefsBounded: a document split into many small files loads (the
// first bound, 500 files, refused DigitalOcean's public spec of about
// 1,400), while the files' number and their bytes together stay bounded.
func TestRefsBounded(t *testing.T) {
	tree := fstest.MapFS{}
	var doc strings.Builder
	doc.WriteString("openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths:\n")
	for i := range 1500 {
		name := fmt.Sprintf("ops/op%04d.yaml", i)
		tree[name] = &fstest.MapFile{Data: []byte("responses:\n  \"204\": {description: none}\n")}
		fmt.Fprintf(&doc, "  /p%d:\n    get: {$ref: %q}\n", i, name)
	}
	load := func() error {
		_, err := Parse("openapi.yaml", []byte(doc.String()), LoadOptions{FS: tree, Path: "openapi.yaml"})
		return err
	}
	if err := load(); err != nil {
		t.Fatalf("1,500 referenced files: %v", err)
	}
	defer func(parts, bytes int) { maxParts, maxPartsBytes = parts, bytes }(maxParts, maxPartsBytes)
	maxParts = 1000
	if err := load(); err == nil || !strings.Contains(err.Error(), "more than 1000 referenced files") {
		t.Errorf("over the file bound: %v", err)
	}
	maxParts, maxPartsBytes = 20000, 10000
	if err := load(); err == nil || !strings.Contains(err.Error(), "hold more than") {
		t.Errorf("over the byte bound: %v", err)
	}
}

// TestRefsOverNetwork serves two versions of a schema and checks that
// with external_refs the change behind the URL is found, at the URL.
func TestRefsOverNetwork(t *testing.T) {
	schemas := map[string]string{
		"/v1/pet.yaml": "Pet: {type: object, properties: {id: {type: string}}}\n",
		"/v2/pet.yaml": "Pet: {type: object, properties: {id: {type: integer}}}\n",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		src, ok := schemas[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(src))
	}))
	defer srv.Close()
	opts := LoadOptions{ExternalRefs: true}
	old, err := Parse("old.yaml", []byte(strings.Replace(refDoc, "REF", srv.URL+"/v1/pet.yaml#/Pet", 1)), opts)
	if err != nil {
		t.Fatal(err)
	}
	new, err := Parse("new.yaml", []byte(strings.Replace(refDoc, "REF", srv.URL+"/v2/pet.yaml#/Pet", 1)), opts)
	if err != nil {
		t.Fatal(err)
	}
	fs := Diff(old, new, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if len(fs) != 1 || fs[0].RuleID != "SC-API009" || fs[0].Location.File != srv.URL+"/v2/pet.yaml" {
		t.Fatalf("want one SC-API009 at the new URL, got %v", fs)
	}
	if _, err := Parse("x.yaml", []byte(strings.Replace(refDoc, "REF", srv.URL+"/gone.yaml", 1)), opts); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing URL: got %v", err)
	}
}

// TestRefMap (issue 15 §5): a $ref to a URL below a ref_map prefix is read
// from the mapped file in the tree, without the network, and the files it
// references in turn resolve beside it (a response maxLength raised in
// the mapped common.yaml is found there); a URL no prefix maps is still
// refused, and the refusal names ref_map.
func TestRefMap(t *testing.T) {
	refMap := []contracts.RefMapping{{Prefix: "https://schemas.example.com/", Path: "vendor/example"}, {Prefix: "https://schemas.example.com/v2/", Path: "vendor/v2"}}
	tree := func(maxLength string) fstest.MapFS {
		return fstest.MapFS{
			"vendor/v2/pet.yaml":      {Data: []byte("Pet: {type: object, properties: {name: {$ref: 'common.yaml#/Name'}}}\n")},
			"vendor/v2/common.yaml":   {Data: []byte("Name: {type: string, maxLength: " + maxLength + "}\n")},
			"vendor/example/pet.yaml": {Data: []byte("Pet: {type: integer}\n")},
		}
	}
	doc := []byte(strings.Replace(refDoc, "REF", "https://schemas.example.com/v2/pet.yaml#/Pet", 1))
	if _, err := Parse("api/openapi.yaml", doc, LoadOptions{FS: tree("10"), Path: "api/openapi.yaml"}); err == nil || !strings.Contains(err.Error(), "ref_map") {
		t.Fatalf("an unmapped URL: got %v, want a refusal that names ref_map", err)
	}
	old, err := Parse("api/openapi.yaml", doc, LoadOptions{FS: tree("5"), Path: "api/openapi.yaml", RefMap: refMap})
	if err != nil {
		t.Fatal(err)
	}
	new, err := Parse("api/openapi.yaml", doc, LoadOptions{FS: tree("10"), Path: "api/openapi.yaml", RefMap: refMap})
	if err != nil {
		t.Fatal(err)
	}
	fs := Diff(old, new, Options{})
	if len(fs) != 1 || fs[0].Location.File != "vendor/v2/common.yaml" || fs[0].Witness == "" {
		t.Fatalf("want one finding with a witness in the mapped vendor/v2/common.yaml (the longest prefix), got %v", fs)
	}
}

// TestRefIntoList: a JSON pointer may step into a list by index
// (PagerDuty's API points at ".../schema/oneOf/0"); such a $ref resolves,
// a change behind it is found, and an index past the list's end points
// to nothing.
func TestRefIntoList(t *testing.T) {
	// refDoc's operation, with a schema whose list the $ref points into.
	doc := func(ref, second string) string {
		return strings.Replace(refDoc, "REF", ref, 1) + `components:
  schemas:
    Value:
      oneOf:
        - {type: string}
        - {type: ` + second + `}
`
	}
	old, err := Parse("old.yaml", []byte(doc("#/components/schemas/Value/oneOf/1", "integer")), LoadOptions{})
	if err != nil {
		t.Fatalf("a pointer into a list: %v", err)
	}
	new, err := Parse("new.yaml", []byte(doc("#/components/schemas/Value/oneOf/1", "boolean")), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fs := Diff(old, new, Options{Direction: "backward"}); len(fs) == 0 {
		t.Error("a type changed behind a pointer into a list was not found")
	}
	for _, ref := range []string{"#/components/schemas/Value/oneOf/2", "#/components/schemas/Value/oneOf/01"} {
		if _, err := Parse("x.yaml", []byte(doc(ref, "integer")), LoadOptions{}); err == nil || !strings.Contains(err.Error(), "points to nothing") {
			t.Errorf("%s: %v, want points to nothing", ref, err)
		}
	}
}

// TestRefsUnderNames: a key that names something (a response named
// "default", a property named "example", a component named "value") is
// not the keyword of that name: the $refs below it are references, read
// and checked like any other, while the same $ref in a keyword that holds
// data stays data.
func TestRefsUnderNames(t *testing.T) {
	tree := fstest.MapFS{"api/common.yaml": {Data: []byte("Error: {description: error}\nPet: {type: object}\n")}}
	doc := func(responses, schemas string) string {
		return `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
` + responses + `
components:
  schemas:
` + schemas + "\n"
	}
	for _, tc := range []struct {
		name, responses, schemas, want string
	}{
		{"default response, dangling", `        default: {$ref: "#/components/responses/Missing"}`, `    Pet: {type: object}`,
			`$ref "#/components/responses/Missing" points to nothing in this document`},
		{"default response, other file", `        default: {$ref: "common.yaml#/Nope"}`, `    Pet: {type: object}`,
			`$ref "common.yaml#/Nope" points to nothing in common.yaml`},
		{"property named example", `        "200": {description: ok}`, `    Pet: {type: object, properties: {example: {$ref: "#/components/schemas/Missing"}}}`,
			`$ref "#/components/schemas/Missing" points to nothing`},
		{"component named value", `        "200": {description: ok}`, `    value: {$ref: "common.yaml#/Nope"}`,
			`points to nothing in common.yaml`},
	} {
		_, err := Parse("api/openapi.yaml", []byte(doc(tc.responses, tc.schemas)), LoadOptions{FS: tree, Path: "api/openapi.yaml"})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want %q", tc.name, err, tc.want)
		}
	}
	// The file a default response refers to is read: its schema is there.
	spec, err := Parse("api/openapi.yaml", []byte(doc(`        default: {$ref: "common.yaml#/Error"}`, `    Pet: {type: object, default: {$ref: "#/nowhere"}}`)), LoadOptions{FS: tree, Path: "api/openapi.yaml"})
	if err != nil {
		t.Fatalf("a default response in another file, a $ref in a default value: %v", err)
	}
	if len(spec.parts) != 1 {
		t.Errorf("files read = %d, want 1 (common.yaml)", len(spec.parts))
	}
}
