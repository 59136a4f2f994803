package openapi

import (
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"sync"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// The validator checks every resource it loads against the meta-schema
// before compiling it (its compiler assumes valid input). Translated
// schemas repeat: the new version's are mostly the old one's, and a large
// API writes many schemas of the same shape, differing only in the
// resources their $refs name, which the meta-schema reads as any string.
// That check was a fifth of a large diff's time. So the sets' resources
// live below a URL the validator does not check (it skips its own
// meta-schemas' home, https://json-schema.org/), and each distinct shape
// is checked once instead, against the same meta-schema, by the same
// validator. Nothing reaches the compiler unchecked.

// uncheckedHome is where the validator does not check resources against
// the meta-schema; setBase puts the sets' resources below it.
const uncheckedHome = "https://json-schema.org/"

// setBase is the URL prefix of one version's schemas in one view.
func setBase(side string, v view) string {
	return uncheckedHome + "schemacheck.invalid/" + side + "/" + v.String() + "/"
}

// checkedURL is the resource's URL as the meta-schema check names it.
func checkedURL(u string) string { return "https://" + strings.TrimPrefix(u, uncheckedHome) }

// shapes remembers the shapes of translated schemas already found valid.
type shapes map[[sha256.Size]byte]bool

// check validates doc, the translation of resource u, against the
// meta-schema, unless a schema of the same shape already passed.
func (sh shapes) check(u string, doc any) error {
	h := sha256.New()
	writeShape(h, doc)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	if sh[key] {
		return nil
	}
	meta, err := metaSchema()
	if err != nil {
		return err
	}
	if err := meta.Validate(doc); err != nil {
		return &sjs.SchemaValidationError{URL: checkedURL(u), Err: err}
	}
	sh[key] = true
	return nil
}

// metaSchema is JSON Schema 2020-12's meta-schema, the dialect of every
// translation (they carry no $schema). Its formats are asserted, so a
// pattern must be a regular expression, as the compiler's own check
// demands; the other formats it names are those of keywords the
// translator drops or writes itself.
var metaSchema = sync.OnceValues(func() (*sjs.Schema, error) {
	c := sjs.NewCompiler()
	c.AssertFormat()
	return c.Compile("https://json-schema.org/draft/2020-12/schema")
})

// writeShape writes a canonical form of a translated schema: keys sorted,
// each value typed, and the string of every "$ref" left out (the
// translator writes only URLs of the sets' resources there; in data, such
// as a const, the meta-schema allows anything).
func writeShape(h hash.Hash, v any) {
	switch x := v.(type) {
	case map[string]any:
		h.Write([]byte{'{'})
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			h.Write([]byte(strconv.Quote(k)))
			if _, ok := x[k].(string); ok && k == "$ref" {
				h.Write([]byte{'r', ','})
				continue
			}
			h.Write([]byte{':'})
			writeShape(h, x[k])
		}
		h.Write([]byte{'}'})
	case []any:
		h.Write([]byte{'['})
		for _, e := range x {
			writeShape(h, e)
		}
		h.Write([]byte{']'})
	case string:
		h.Write([]byte(strconv.Quote(x)))
		h.Write([]byte{','})
	default:
		fmt.Fprintf(h, "%T:%v,", x, x)
	}
}
