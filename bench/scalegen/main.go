// Command scalegen writes large synthetic inputs for bench/scale.sh: a
// golang-migrate history of N files or of about M megabytes, a pair of
// OpenAPI documents or of JSON Schemas of about M megabytes each (the
// second with a few breaking changes), a config file or a baseline of about
// M megabytes. The output is deterministic for given flags and goes to a
// directory the caller owns (a temporary one); it is never committed.
//
//	go run ./bench/scalegen -migrations 20000 -out /tmp/x/db
//	go run ./bench/scalegen -migrations-mb 50 -out /tmp/x/db
//	go run ./bench/scalegen -openapi-mb 50 -out /tmp/x/api      # old.json, new.json
//	go run ./bench/scalegen -jsonschema-mb 25 -out /tmp/x/js    # old.json, new.json
//	go run ./bench/scalegen -config-mb 50 -out /tmp/x/cfg       # schemacheck.yaml
//	go run ./bench/scalegen -baseline-mb 50 -out /tmp/x/bl      # baseline.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	files := flag.Int("migrations", 0, "write a migration history of this many files")
	sqlMB := flag.Int("migrations-mb", 0, "write a migration history of about this many megabytes")
	mb := flag.Int("openapi-mb", 0, "write old.json and new.json of about this many megabytes each")
	jsMB := flag.Int("jsonschema-mb", 0, "write JSON Schemas old.json and new.json of about this many megabytes each")
	configMB := flag.Int("config-mb", 0, "write schemacheck.yaml of about this many megabytes")
	baselineMB := flag.Int("baseline-mb", 0, "write baseline.json of about this many megabytes")
	out := flag.String("out", "", "output directory (created)")
	flag.Parse()
	chosen := 0
	for _, v := range []int{*files, *sqlMB, *mb, *jsMB, *configMB, *baselineMB} {
		if v > 0 {
			chosen++
		}
	}
	if *out == "" || chosen != 1 {
		fmt.Fprintln(os.Stderr, "scalegen: give -out and one of -migrations N, -migrations-mb, -openapi-mb, -jsonschema-mb, -config-mb or -baseline-mb M")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
	var err error
	switch {
	case *files > 0:
		err = migrations(*out, *files, 1)
	case *sqlMB > 0:
		// 2,000 files, each repeating its step's statements (about 110
		// bytes a statement) to reach the size.
		err = migrations(*out, 2000, max((*sqlMB<<20)/2000/110, 1))
	case *mb > 0:
		err = openapiPair(*out, *mb<<20)
	case *jsMB > 0:
		err = jsonSchemaPair(*out, *jsMB<<20)
	case *configMB > 0:
		err = config(*out, *configMB<<20)
	default:
		err = baseline(*out, *baselineMB<<20)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
}

// migrations writes n up scripts in golang-migrate's layout. Every fifth
// creates a table; the others alter one of the last tables created (add a
// column, an index, a constraint, a comment), so the catalog grows with the
// history as a real one does and lookups run against a large schema. Each
// file holds its step repeat times, copy r on tables of its own (suffix
// _r), so a history can reach a size without millions of files.
func migrations(dir string, n, repeat int) error {
	tables := 0
	for i := 1; i <= n; i++ {
		base := fmt.Sprintf("t%d", max(tables-(i%7), 0))
		creates := i%5 == 1 || tables == 0
		if creates {
			base = fmt.Sprintf("t%d", tables)
			tables++
		}
		var b strings.Builder
		step := i % 5
		if repeat > 1 {
			// One file is one transaction: keep it clean (no CONCURRENTLY, no
			// VALIDATE next to its ADD, no statement after an ACCESS
			// EXCLUSIVE lock), so the findings stay few: tables are created
			// and then commented on and updated.
			b.WriteString("SET lock_timeout = '2s';\n")
			if step != 1 {
				step = 0
			}
		}
		for r := range repeat {
			t := base
			if r > 0 {
				t = fmt.Sprintf("%s_%d", base, r)
			}
			switch {
			case creates:
				fmt.Fprintf(&b, "CREATE TABLE %s (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"+
					"    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n", t)
			case step == 2:
				fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN c%d integer;\n", t, i)
			case step == 3:
				fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY %s_name_%d_idx ON %s (name);\n", t, i, t)
			case step == 4:
				fmt.Fprintf(&b, "SET lock_timeout = '2s';\nALTER TABLE %s ADD CONSTRAINT %s_name_%d_check CHECK (name <> '') NOT VALID;\n"+
					"ALTER TABLE %s VALIDATE CONSTRAINT %s_name_%d_check;\n", t, t, i, t, t, i)
			default:
				fmt.Fprintf(&b, "COMMENT ON TABLE %s IS 'step %d';\nUPDATE %s SET name = 'x' WHERE id < 0;\n", t, i, t)
			}
		}
		name := filepath.Join(dir, fmt.Sprintf("%06d_step_%d.up.sql", i, i))
		if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// openapiPair writes old.json of about size bytes and new.json, the same
// document with a property removed, a parameter made required and an enum
// value added in every hundredth schema or operation.
func openapiPair(dir string, size int) error {
	// One resource (two paths, one schema) is about 3.3 KB of JSON.
	n := max(size/3300, 1)
	for _, v := range []struct {
		name    string
		changed bool
	}{{"old.json", false}, {"new.json", true}} {
		if err := writeJSON(filepath.Join(dir, v.name), document(n, v.changed)); err != nil {
			return err
		}
	}
	return nil
}

func document(n int, changed bool) map[string]any {
	paths := map[string]any{}
	schemas := map[string]any{}
	for i := range n {
		breaking := changed && i%100 == 0
		name := fmt.Sprintf("Resource%d", i)
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		limit := map[string]any{"name": "limit", "in": "query", "required": breaking, "schema": map[string]any{"type": "integer", "maximum": 100}}
		paths[fmt.Sprintf("/resources%d", i)] = map[string]any{
			"get": map[string]any{
				"operationId": fmt.Sprintf("list%d", i),
				"parameters":  []any{limit},
				"responses": map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{
					"application/json": map[string]any{"schema": map[string]any{"type": "array", "items": ref}}}}},
			},
			"post": map[string]any{
				"operationId": fmt.Sprintf("create%d", i),
				"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref}}},
				"responses":   map[string]any{"201": map[string]any{"description": "created", "content": map[string]any{"application/json": map[string]any{"schema": ref}}}},
			},
		}
		paths[fmt.Sprintf("/resources%d/{id}", i)] = map[string]any{
			"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string", "format": "uuid"}}},
			"get": map[string]any{
				"operationId": fmt.Sprintf("get%d", i),
				"responses":   map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": ref}}}},
			},
		}
		props := map[string]any{
			"id":         map[string]any{"type": "string", "format": "uuid", "readOnly": true},
			"name":       map[string]any{"type": "string", "maxLength": 200},
			"created_at": map[string]any{"type": "string", "format": "date-time", "readOnly": true},
			"status":     map[string]any{"type": "string", "enum": []any{"active", "archived"}},
			"amount":     map[string]any{"type": "integer", "minimum": 0},
			"tags":       map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			"metadata":   map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		}
		if i > 0 { // references between schemas, a few levels deep
			props["parent"] = map[string]any{"$ref": fmt.Sprintf("#/components/schemas/Resource%d", i/2)}
		}
		if breaking {
			delete(props, "amount")
			props["status"] = map[string]any{"type": "string", "enum": []any{"active", "archived", "deleted"}}
		}
		schemas[name] = map[string]any{"type": "object", "required": []any{"id", "name"}, "properties": props}
	}
	return map[string]any{
		"openapi":    "3.0.3",
		"info":       map[string]any{"title": "scale", "version": "1"},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}
}

func writeJSON(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// jsonSchemaPair writes two JSON Schemas (draft 2020-12) of about size
// bytes each: an object whose properties refer to $defs, each def an
// object with a handful of typed properties and an enum; new.json removes
// a property from every hundredth def and narrows its enum. At most 2,000
// defs (16,000 subschemas, under the compiler's bound): past that the
// enums grow instead, so a large schema is large in values, not schemas.
func jsonSchemaPair(dir string, size int) error {
	// One def and its property are about 700 bytes of indented JSON, an
	// enum value about 24 (indented, one a line).
	n := min(max(size/700, 1), 2000)
	values := max((size/n-700)/24, 3)
	for _, v := range []struct {
		name    string
		changed bool
	}{{"old.json", false}, {"new.json", true}} {
		defs := map[string]any{}
		props := map[string]any{}
		for i := range n {
			breaking := v.changed && i%100 == 0
			name := fmt.Sprintf("Def%d", i)
			status := []any{"active", "archived", "deleted"}
			for k := 3; k < values; k++ {
				status = append(status, fmt.Sprintf("state%d", k))
			}
			p := map[string]any{
				"id":     map[string]any{"type": "string", "format": "uuid"},
				"name":   map[string]any{"type": "string", "maxLength": 200},
				"status": map[string]any{"enum": status},
				"amount": map[string]any{"type": "integer", "minimum": 0},
				"tags":   map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			}
			if i > 0 {
				p["parent"] = map[string]any{"$ref": fmt.Sprintf("#/$defs/Def%d", i/2)}
			}
			if breaking {
				delete(p, "amount")
				p["status"] = map[string]any{"enum": append([]any{"active", "archived"}, status[3:]...)}
			}
			defs[name] = map[string]any{"type": "object", "required": []any{"id"}, "properties": p, "additionalProperties": false}
			props[fmt.Sprintf("field%d", i)] = map[string]any{"$ref": "#/$defs/" + name}
		}
		doc := map[string]any{
			"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://example.com/scale.json",
			"type": "object", "properties": props, "$defs": defs,
		}
		if err := writeJSON(filepath.Join(dir, v.name), doc); err != nil {
			return err
		}
	}
	return nil
}

// config writes schemacheck.yaml of about size bytes: a valid header and
// then a comment block, the size a config never legitimately has.
func config(dir string, size int) error {
	f, err := os.Create(filepath.Join(dir, "schemacheck.yaml"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "version: 1\ndatabases:\n  - migrations: db")
	for written := 0; written < size; written += 80 {
		fmt.Fprintf(w, "# %077d\n", written)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// baseline writes baseline.json of about size bytes in the format
// --write-baseline writes, with fingerprints that match nothing.
func baseline(dir string, size int) error {
	type entry struct {
		Fingerprint string `json:"fingerprint"`
		Rule        string `json:"rule"`
		File        string `json:"file"`
		Message     string `json:"message"`
	}
	// An entry is about 250 bytes indented.
	n := max(size/250, 1)
	b := struct {
		Version  int     `json:"version"`
		Findings []entry `json:"findings"`
	}{Version: 1}
	for i := range n {
		b.Findings = append(b.Findings, entry{
			Fingerprint: fmt.Sprintf("%064x", i), Rule: "SC-DB101", File: fmt.Sprintf("db/%06d_step.up.sql", i),
			Message: "CREATE INDEX without CONCURRENTLY takes SHARE on public.users",
		})
	}
	return writeJSON(filepath.Join(dir, "baseline.json"), b)
}
