// Package contracts is what every kind of contract shares: recognising which
// kind a document is (Sniff), and the interface each kind implements
// (Handler: load a version, compare two) with its options. The kinds live
// in contracts/openapi and contracts/jsonschema, listed by contracts/kinds.
package contracts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
)

// Kind is the kind of a contract document.
type Kind string

const (
	OpenAPI    Kind = "openapi"    // OpenAPI 3.0 or 3.1
	Swagger    Kind = "swagger"    // Swagger / OpenAPI 2.0
	JSONSchema Kind = "jsonschema" // a JSON Schema (any draft)
)

// Sniff tells which kind of contract data holds by looking only at its
// top-level keys: "openapi" or "swagger" make it an API description,
// anything else that is a JSON or YAML mapping is read as a JSON Schema.
// It does not parse the whole document (a 4 MB OpenAPI file usually
// decides on its first key), so callers can dispatch before loading.
func Sniff(data []byte) (Kind, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return "", fmt.Errorf("the file is empty")
	}
	if trimmed[0] == '{' {
		return sniffJSON(trimmed)
	}
	return sniffYAML(data)
}

// sniffJSON reads the top-level object's keys, skipping their values
// without building them, and stops at the first key that decides.
func sniffJSON(data []byte) (Kind, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // the opening brace
		return "", fmt.Errorf("not valid JSON: %w", err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("not valid JSON: %w", err)
		}
		key, _ := tok.(string)
		if k, ok := decisive[key]; ok {
			return k, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", fmt.Errorf("not valid JSON: %w", err)
		}
	}
	return JSONSchema, nil
}

// decisive are the top-level keys that settle the kind.
var decisive = map[string]Kind{"openapi": OpenAPI, "swagger": Swagger, "$schema": JSONSchema}

// topLevelKey matches a YAML mapping key written at column 1, quoted or not.
var topLevelKey = regexp.MustCompile(`(?m)^(?:"([^"\n]+)"|'([^'\n]+)'|([^\s#'"\-{}\[\]][^:\n]*?))[ \t]*:(?:[ \t]|$)`)

// sniffYAML looks at keys written at the start of a line: in block YAML
// those are exactly the top-level keys.
func sniffYAML(data []byte) (Kind, error) {
	for _, m := range topLevelKey.FindAllSubmatch(data, -1) {
		if k, ok := decisive[string(bytes.Join(m[1:], nil))]; ok {
			return k, nil
		}
	}
	if !topLevelKey.Match(data) {
		return "", fmt.Errorf("not a JSON or YAML mapping: a contract is an OpenAPI document or a JSON Schema object")
	}
	return JSONSchema, nil
}
