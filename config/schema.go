package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/schemacheck/schemacheck/internal/suggest"
)

// SchemaJSON is the JSON Schema of schemacheck.yaml. The repository root
// holds a byte-identical copy for editors (a test keeps them equal).
//
//go:embed schemacheck.schema.json
var SchemaJSON []byte

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	const url = "schemacheck.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		return nil, err
	}
	return c.Compile(url)
})

var printer = message.NewPrinter(language.English)

// validateSchema checks value against the shipped schema and returns one
// located error per failing leaf. Unknown keys are left to checkKeys, which
// can suggest the closest valid key.
func (r *reader) validateSchema(value any) []*Error {
	sch, err := compiledSchema()
	if err != nil {
		// The schema is embedded and tested; failing here is a build defect.
		return []*Error{{File: r.file, Message: fmt.Sprintf("internal error: config schema does not compile: %v", err)}}
	}
	err = sch.Validate(value)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var errs []*Error
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		if _, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
			return
		}
		ptr := ""
		for _, tok := range e.InstanceLocation {
			ptr += "/" + escapePointer(tok)
		}
		p := r.positions[ptr]
		out := &Error{File: r.file, Line: p.line, Column: p.column, KeyPath: keyPath(ptr), Message: e.ErrorKind.LocalizedString(printer)}
		switch k := e.ErrorKind.(type) {
		case *kind.Enum:
			out.Message = fmt.Sprintf("unknown value %v", quoteValue(k.Got))
			var want []string
			for _, w := range k.Want {
				want = append(want, fmt.Sprint(w))
			}
			if s, ok := suggest.Closest(fmt.Sprint(k.Got), want); ok {
				out.Hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				out.Hint = "valid values: " + strings.Join(want, ", ")
			}
		case *kind.Type:
			out.Message = fmt.Sprintf("expected %s, got %s", strings.Join(k.Want, " or "), k.Got)
		}
		errs = append(errs, out)
	}
	walk(ve)
	return errs
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
