// Command scalegen writes large synthetic inputs for bench/scale.sh: a
// golang-migrate history of N files, or a pair of OpenAPI documents of about
// M megabytes each (the second with a few breaking changes). The output is
// deterministic for given flags and goes to a directory the caller owns
// (a temporary one); it is never committed.
//
//	go run ./bench/scalegen -migrations 20000 -out /tmp/x/db
//	go run ./bench/scalegen -openapi-mb 50 -out /tmp/x/api   # old.json, new.json
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	files := flag.Int("migrations", 0, "write a migration history of this many files")
	mb := flag.Int("openapi-mb", 0, "write old.json and new.json of about this many megabytes each")
	out := flag.String("out", "", "output directory (created)")
	flag.Parse()
	if *out == "" || (*files == 0) == (*mb == 0) {
		fmt.Fprintln(os.Stderr, "scalegen: give -out and one of -migrations N or -openapi-mb M")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
	var err error
	if *files > 0 {
		err = migrations(*out, *files)
	} else {
		err = openapiPair(*out, *mb<<20)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scalegen:", err)
		os.Exit(1)
	}
}

// migrations writes n up scripts in golang-migrate's layout. Every fifth
// creates a table; the others alter one of the last tables created (add a
// column, an index, a constraint, a comment), so the catalog grows with the
// history as a real one does and lookups run against a large schema.
func migrations(dir string, n int) error {
	tables := 0
	for i := 1; i <= n; i++ {
		var sql string
		t := fmt.Sprintf("t%d", max(tables-(i%7), 0))
		switch {
		case i%5 == 1 || tables == 0:
			t = fmt.Sprintf("t%d", tables)
			tables++
			sql = fmt.Sprintf("CREATE TABLE %s (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"+
				"    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n", t)
		case i%5 == 2:
			sql = fmt.Sprintf("ALTER TABLE %s ADD COLUMN c%d integer;\n", t, i)
		case i%5 == 3:
			sql = fmt.Sprintf("CREATE INDEX CONCURRENTLY %s_name_%d_idx ON %s (name);\n", t, i, t)
		case i%5 == 4:
			sql = fmt.Sprintf("SET lock_timeout = '2s';\nALTER TABLE %s ADD CONSTRAINT %s_name_%d_check CHECK (name <> '') NOT VALID;\n"+
				"ALTER TABLE %s VALIDATE CONSTRAINT %s_name_%d_check;\n", t, t, i, t, t, i)
		default:
			sql = fmt.Sprintf("COMMENT ON TABLE %s IS 'step %d';\nUPDATE %s SET name = 'x' WHERE id < 0;\n", t, i, t)
		}
		name := filepath.Join(dir, fmt.Sprintf("%06d_step_%d.up.sql", i, i))
		if err := os.WriteFile(name, []byte(sql), 0o644); err != nil {
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
