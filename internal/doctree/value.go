package doctree

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Number returns a scalar's value as a JSON number, for Int and Float
// scalars that have one (YAML also writes 0x1F, 1_000 and .inf).
func Number(n *Node) (json.Number, bool) {
	v := n.Value()
	switch n.Tag {
	case TagInt:
		if isJSONNumber(v) {
			return json.Number(v), true
		}
		if i, err := strconv.ParseInt(strings.ReplaceAll(v, "_", ""), 0, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), true
		}
		if u, err := strconv.ParseUint(strings.ReplaceAll(v, "_", ""), 0, 64); err == nil {
			return json.Number(strconv.FormatUint(u, 10)), true
		}
	case TagFloat:
		if isJSONNumber(v) {
			return json.Number(v), true
		}
		if f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), true
		}
	}
	return "", false
}

func isJSONNumber(s string) bool {
	p := jsonParser{text: s, line: 1}
	if len(s) == 0 || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return false
	}
	_, err := p.scanNumber()
	return err == nil && p.pos == len(s)
}

// ToAny converts n to the values encoding/json decodes into (with numbers
// as json.Number): map[string]any, []any, string, json.Number, bool, nil.
func ToAny(n *Node) any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Mapping:
		m := make(map[string]any, len(n.Items()))
		for _, v := range n.Items() {
			m[v.Key] = ToAny(v)
		}
		return m
	case Sequence:
		s := make([]any, len(n.Items()))
		for i, v := range n.Items() {
			s[i] = ToAny(v)
		}
		return s
	}
	return ScalarValue(n)
}

// ScalarValue converts a scalar node to its JSON value.
func ScalarValue(n *Node) any {
	switch n.Tag {
	case TagNull:
		return nil
	case TagBool:
		switch strings.ToLower(n.Value()) {
		case "true", "yes", "on", "y":
			return true
		}
		return false
	case TagInt, TagFloat:
		if num, ok := Number(n); ok {
			return num
		}
	}
	return n.Value()
}
