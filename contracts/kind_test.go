package contracts

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      Kind
		err       bool
	}{
		{"openapi yaml", "openapi: 3.0.3\ninfo: {title: t}\n", OpenAPI, false},
		{"openapi yaml after comments", "# API\n\ninfo:\n  title: t\nopenapi: '3.1.0'\n", OpenAPI, false},
		{"openapi yaml quoted key", "\"openapi\": 3.1.0\n", OpenAPI, false},
		{"swagger yaml", "swagger: '2.0'\ninfo: {title: t}\n", Swagger, false},
		{"nested openapi key is not top level", "type: object\nproperties:\n  openapi:\n    type: string\n", JSONSchema, false},
		{"openapi json", `{"openapi": "3.1.0", "paths": {}}`, OpenAPI, false},
		{"openapi json late key", `{"info": {"openapi": 1}, "paths": {}, "openapi": "3.0.0"}`, OpenAPI, false},
		{"swagger json", "\ufeff {\"swagger\": \"2.0\"}", Swagger, false},
		{"json schema", `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`, JSONSchema, false},
		{"json schema without $schema", `{"type": "object", "properties": {"openapi": {}}}`, JSONSchema, false},
		{"yaml json schema", "$schema: http://json-schema.org/draft-07/schema#\ntype: object\n", JSONSchema, false},
		{"empty", "  \n", "", true},
		{"broken json", `{"info" 3, "openapi": "3.0.0"}`, "", true},
		{"broken after the deciding key is the loader's business", `{"openapi": "3.0.0",`, OpenAPI, false},
		{"broken inside a skipped value is the loader's business", `{"info": {"a": tru}, "x": "\"}", "openapi": "3.0.0"}`, OpenAPI, false},
		{"json schema, keys after nested braces in strings", `{"a": {"b": "}{"}, "c": [1, {"d": null}], "e": true}`, JSONSchema, false},
		{"broken top level", `{"info": {} "openapi": "3.0.0"}`, "", true},
		{"a yaml list", "- a\n- b\n", "", true},
		{"sql", "CREATE TABLE t (id int);\n", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Sniff([]byte(tc.doc))
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("Sniff = %q, %v; want %q (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
}

// TestSniffCorpus checks every real contract in the corpus is recognised.
func TestSniffCorpus(t *testing.T) {
	corpus := testenv.Corpus(t)
	for dir, want := range map[string]Kind{
		"openapi/stripe": OpenAPI, "openapi/stripe-2018": OpenAPI, "openapi/openai": OpenAPI,
		"jsonschema/github-workflow": JSONSchema,
	} {
		files, _ := filepath.Glob(filepath.Join(corpus, dir, "*.*"))
		n := 0
		for _, f := range files {
			if ext := filepath.Ext(f); ext != ".json" && ext != ".yaml" && ext != ".yml" {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := Sniff(data); err != nil || got != want {
				t.Errorf("%s: Sniff = %q, %v; want %q", f, got, err, want)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: no contract files found", dir)
		}
	}
}

func FuzzSniff(f *testing.F) {
	f.Add([]byte("openapi: 3.0.0\n"))
	f.Add([]byte(`{"swagger":"2.0"}`))
	f.Add([]byte(`{"type":"object"}`))
	f.Add([]byte(`{"a": {"b": "}\"{"}, "c": [1, {"d": null}], "openapi": "3.1.0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Sniff(data) // must not panic
		// On valid JSON, scanning by brackets decides as the decoder does.
		if trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(trimmed) > 0 && trimmed[0] == '{' && json.Valid(trimmed) {
			if want, werr := decodeKeys(trimmed); got != want || (err == nil) != (werr == nil) {
				t.Errorf("Sniff(%q) = %q, %v; the decoder says %q, %v", data, got, err, want, werr)
			}
		}
	})
}
