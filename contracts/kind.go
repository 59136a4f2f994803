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
	if k, ok := scanKeys(data); ok {
		return k, nil
	}
	return decodeKeys(data)
}

// scanKeys is sniffJSON by brackets and quotes alone: keys sort
// "components" first, so a large document's deciding key comes after
// most of its text, which decodeKeys parsed (a twentieth of the time of
// a diff of Stripe's API). It gives up (false) where the top level is not
// plainly written, for decodeKeys to decide or say what is wrong; a
// fault inside a skipped value is the loader's to report.
func scanKeys(data []byte) (Kind, bool) {
	i := skipSpace(data, 1) // past the opening brace
	for i < len(data) && data[i] == '"' {
		end := skipString(data, i)
		if end < 0 {
			return "", false
		}
		var key string
		if json.Unmarshal(data[i:end], &key) != nil {
			return "", false
		}
		if k, ok := decisive[key]; ok {
			return k, true
		}
		if i = skipSpace(data, end); i >= len(data) || data[i] != ':' {
			return "", false
		}
		if i = skipValue(data, skipSpace(data, i+1)); i < 0 {
			return "", false
		}
		if i = skipSpace(data, i); i < len(data) && data[i] == '}' {
			return JSONSchema, true // no key decided
		}
		if i >= len(data) || data[i] != ',' {
			return "", false
		}
		i = skipSpace(data, i+1)
	}
	if i < len(data) && data[i] == '}' {
		return JSONSchema, true // no key decided
	}
	return "", false
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the end of the string that starts at data[i] (a
// quote), or -1.
func skipString(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the end of the value that starts at data[i], or -1:
// a string, an object or array (to its matching bracket), or a scalar.
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				if j = skipString(data, j); j < 0 {
					return -1
				}
				j--
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	}
	j := i
	for j < len(data) && !endsScalar(data[j]) {
		j++
	}
	if j == i {
		return -1
	}
	return j
}

func endsScalar(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// decodeKeys is sniffJSON with the JSON decoder, which checks each value
// it skips.
func decodeKeys(data []byte) (Kind, error) {
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
