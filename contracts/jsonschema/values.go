package jsonschema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// valueSet is an enum's (or a const's) values by canonical key, so
// membership is one lookup instead of a scan.
type valueSet struct {
	keys map[string]struct{}
	// only: the schema asserts nothing but type and this set, so a value
	// of the right kind in the set is accepted without validation.
	only bool
}

func (vs *valueSet) has(v any) bool { _, ok := vs.keys[canonical(v)]; return ok }
func (vs *valueSet) size() int      { return len(vs.keys) }

// values returns the value set of s's enum or const, built once; nil when
// s has neither (or when e is nil).
func (e *env) values(s *jsonschema.Schema) *valueSet {
	if e == nil || s.Enum == nil && s.Const == nil {
		return nil
	}
	if vs, ok := e.sets[s]; ok {
		return vs
	}
	vals := []any{}
	if s.Const != nil {
		vals = append(vals, *s.Const)
	}
	if s.Enum != nil {
		vals = append(vals, s.Enum.Values...)
	}
	e.ops += len(vals)
	vs := &valueSet{keys: make(map[string]struct{}, len(vals))}
	for _, v := range vals {
		vs.keys[canonical(v)] = struct{}{}
	}
	if s.Const != nil && s.Enum != nil {
		// Both must hold: the const, if the enum has it.
		if _, ok := vs.keys[canonical(*s.Const)]; ok && slices.ContainsFunc(s.Enum.Values, func(v any) bool { return canonical(v) == canonical(*s.Const) }) {
			vs.keys = map[string]struct{}{canonical(*s.Const): {}}
		} else {
			vs.keys = map[string]struct{}{}
		}
	}
	c := *s
	c.Enum, c.Const, c.Types = nil, nil, nil
	c.Location, c.DraftVersion, c.Title, c.Description, c.Default, c.Comment = "", 0, "", "", nil, ""
	c.ReadOnly, c.WriteOnly, c.Examples, c.Deprecated = false, false, nil, false
	vs.only = emptySchema(&c) && c.Bool == nil
	e.sets[s] = vs
	return vs
}

// canonical is a key for a JSON value under JSON Schema equality: numbers
// by value (1, 1.0 and 1e0 are equal), objects regardless of key order.
func canonical(v any) string {
	var sb strings.Builder
	writeCanonical(&sb, v)
	return sb.String()
}

func writeCanonical(sb *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		sb.WriteString("null")
	case bool:
		sb.WriteString(strconv.FormatBool(v))
	case string:
		sb.WriteString(strconv.Quote(v))
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(v)); ok {
			sb.WriteString(ratString(r))
		} else {
			sb.WriteString(string(v))
		}
	case float64:
		if r := new(big.Rat).SetFloat64(v); r != nil {
			sb.WriteString(ratString(r))
		} else {
			sb.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
	case int:
		sb.WriteString(strconv.Itoa(v))
	case int64:
		sb.WriteString(strconv.FormatInt(v, 10))
	case []any:
		sb.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeCanonical(sb, e)
		}
		sb.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Quote(k))
			sb.WriteByte(':')
			writeCanonical(sb, v[k])
		}
		sb.WriteByte('}')
	default:
		sb.WriteString(compact(v))
	}
}

// NumericFormats are OpenAPI's integer formats with their ranges, for a
// compiler that asserts them (contracts/openapi registers them): a value
// outside int32 is what a client decoding into 32 bits cannot read.
func NumericFormats() []*jsonschema.Format {
	var out []*jsonschema.Format
	for _, name := range []string{"int32", "int64"} {
		lim := numericFormats[name]
		out = append(out, &jsonschema.Format{Name: name, Validate: func(v any) error {
			var r *big.Rat
			switch v := v.(type) {
			case json.Number:
				r, _ = new(big.Rat).SetString(string(v))
			case float64:
				r = new(big.Rat).SetFloat64(v)
			case int:
				r = big.NewRat(int64(v), 1)
			case int64:
				r = big.NewRat(v, 1)
			}
			if r == nil {
				return nil // not a number: format does not apply
			}
			if r.Cmp(lim[0]) < 0 || r.Cmp(lim[1]) > 0 {
				return fmt.Errorf("%s is outside the %s range", ratString(r), name)
			}
			return nil
		}})
	}
	return out
}
