package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/schemacheck/schemacheck/internal/readlimit"
	"github.com/schemacheck/schemacheck/internal/suggest"
)

// MaxSize is the largest config file accepted; a config is a page of YAML.
const MaxSize = 1 << 20

// maxNodes bounds the nodes visited while reading a document, with aliases
// expanded, so an alias bomb ("billion laughs") is refused at once.
const maxNodes = 100_000

// FileNames are the names Find looks for, in order.
var FileNames = []string{"schemacheck.yaml", ".schemacheck.yaml", "schemacheck.yml"}

// Find looks for a config file in startDir and its parents, stopping at the
// directory that holds .git (the repository root) or at the filesystem root.
func Find(startDir string) (string, bool) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", false
	}
	for {
		for _, name := range FileNames {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p, true
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Load reads and validates the config file at path.
func Load(path string) (*Config, error) {
	data, err := readlimit.ReadPath(path, MaxSize)
	var tooLarge *readlimit.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &Error{File: path, Message: tooLarge.Error() + " for a config file"}
	case err != nil:
		return nil, &Error{File: path, Message: fmt.Sprintf("cannot read the config file: %v", err),
			Hint: "check the path given to --config"}
	}
	return Parse(path, data)
}

// Parse validates data (the contents of the file at path) and decodes it.
func Parse(path string, data []byte) (*Config, error) {
	if len(data) > MaxSize {
		return nil, &Error{File: path, Message: fmt.Sprintf("file is %d bytes, larger than the %d-byte limit for a config file", len(data), MaxSize)}
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8Position(data)
		return nil, &Error{File: path, Line: line, Column: col, Message: "file is not valid UTF-8", Hint: "save it as UTF-8"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(path, err)
	}
	cfg := Default()
	cfg.File = path
	if len(doc.Content) == 0 {
		return cfg, nil // an empty file means defaults
	}
	root := doc.Content[0]
	r := &reader{file: path, positions: map[string]position{}, keyPositions: map[string]position{}}
	value, err := r.toValue(root, "")
	if err != nil {
		return nil, err
	}
	errs := r.checkKeys(root, reflect.TypeFor[Config](), "")
	errs = append(errs, r.validateSchema(value)...)
	if err := joinErrors(errs); err != nil {
		return nil, err
	}
	if err := root.Decode(cfg); err != nil {
		return nil, yamlError(path, err)
	}
	cfg.File = path
	for i := range cfg.Mappings {
		p := r.positions[fmt.Sprintf("/mappings/%d", i)]
		cfg.Mappings[i].Line, cfg.Mappings[i].Column = p.line, p.column
	}
	for i := range cfg.Clients {
		for j := range cfg.Clients[i].Versions {
			p := r.positions[fmt.Sprintf("/clients/%d/versions/%d", i, j)]
			cfg.Clients[i].Versions[j].Line, cfg.Clients[i].Versions[j].Column = p.line, p.column
		}
	}
	for i := range cfg.Contracts {
		for j := range cfg.Contracts[i].Examples {
			p := r.positions[fmt.Sprintf("/contracts/%d/examples/%d", i, j)]
			cfg.Contracts[i].ExampleLines = append(cfg.Contracts[i].ExampleLines, [2]int{p.line, p.column})
		}
	}
	cfg.ruleLines = map[string]position{}
	for name := range cfg.Rules {
		cfg.ruleLines[name] = r.keyPositions["/rules/"+escapePointer(name)]
	}
	cfg.selectorLines = map[string]position{}
	for key, list := range map[string][]string{"exclude": cfg.Exclude, "only": cfg.Only} {
		for i := range list {
			cfg.selectorLines[fmt.Sprintf("%s/%d", key, i)] = r.positions[fmt.Sprintf("/%s/%d", key, i)]
		}
	}
	if err := joinErrors(r.semanticChecks(cfg)); err != nil {
		return nil, err
	}
	return cfg, nil
}

type position struct{ line, column int }

// reader turns a yaml.Node tree into plain values for schema validation,
// remembering where each JSON pointer's value and key were written.
type reader struct {
	file         string
	positions    map[string]position // value positions: where a wrong value is
	keyPositions map[string]position // key positions: where an unknown rule name is
	nodes        int
	expanding    map[*yaml.Node]bool // anchors being expanded, to stop alias cycles
}

func (r *reader) toValue(n *yaml.Node, ptr string) (any, error) {
	r.nodes++
	if r.nodes > maxNodes {
		return nil, &Error{File: r.file, Line: n.Line, Column: n.Column,
			Message: fmt.Sprintf("document expands to more than %d nodes (an alias bomb?)", maxNodes)}
	}
	r.positions[ptr] = position{n.Line, n.Column}
	if n.Anchor != "" {
		if r.expanding == nil {
			r.expanding = map[*yaml.Node]bool{}
		}
		r.expanding[n] = true
		defer delete(r.expanding, n)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if r.expanding[n.Alias] {
			return nil, &Error{File: r.file, Line: n.Line, Column: n.Column, KeyPath: keyPath(ptr),
				Message: fmt.Sprintf("alias *%s refers to a node that contains it", n.Value)}
		}
		return r.toValue(n.Alias, ptr)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, &Error{File: r.file, Line: k.Line, Column: k.Column, KeyPath: keyPath(ptr), Message: "keys must be plain strings"}
			}
			child := ptr + "/" + escapePointer(k.Value)
			r.keyPositions[child] = position{k.Line, k.Column}
			v, err := r.toValue(n.Content[i+1], child)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for i, c := range n.Content {
			v, err := r.toValue(c, ptr+"/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		return scalar(n), nil
	}
	return nil, nil
}

// scalar converts a YAML scalar to the JSON value the schema validates.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return i
		}
	case "!!float":
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			return f
		}
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!null":
		return nil
	}
	return n.Value
}

// checkKeys reports keys that no struct field takes, with the closest valid
// key as a hint. Maps (rules, placeholders, …) take any key.
func (r *reader) checkKeys(n *yaml.Node, t reflect.Type, ptr string) []*Error {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs []*Error
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		fields := map[string]reflect.Type{}
		var names []string
		for f := range t.Fields() {
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag != "" && tag != "-" {
				fields[tag] = f.Type
				names = append(names, tag)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			child := ptr + "/" + escapePointer(k.Value)
			ft, ok := fields[k.Value]
			if !ok {
				e := &Error{File: r.file, Line: k.Line, Column: k.Column, KeyPath: keyPath(child), Message: "unknown key"}
				if s, ok := suggest.Closest(k.Value, names); ok {
					e.Hint = fmt.Sprintf("did you mean %q?", s)
				} else {
					e.Hint = "valid keys here: " + strings.Join(names, ", ")
				}
				errs = append(errs, e)
				continue
			}
			errs = append(errs, r.checkKeys(n.Content[i+1], ft, child)...)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, c := range n.Content {
			errs = append(errs, r.checkKeys(c, t.Elem(), ptr+"/"+strconv.Itoa(i))...)
		}
	}
	return errs
}

// semanticChecks finds what the schema cannot express: references between
// sections and mutually exclusive keys.
func (r *reader) semanticChecks(cfg *Config) []*Error {
	var errs []*Error
	at := func(ptr, msg, hint string) {
		p := r.positions[ptr]
		errs = append(errs, &Error{File: r.file, Line: p.line, Column: p.column, KeyPath: keyPath(ptr), Message: msg, Hint: hint})
	}
	var contracts []string
	for _, c := range cfg.Contracts {
		contracts = append(contracts, cmpOr(c.Name, c.Path))
	}
	var databases []string
	for _, db := range cfg.Databases {
		databases = append(databases, cmpOr(db.Name, db.Migrations))
	}
	for i, c := range cfg.Contracts {
		if c.Database != "" && !contains(databases, c.Database) {
			hint := "add it under databases: or fix the name"
			if s, ok := suggest.Closest(c.Database, databases); ok {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			at(fmt.Sprintf("/contracts/%d/database", i), fmt.Sprintf("no database named %q", c.Database), hint)
		}
	}
	for i, m := range cfg.Mappings {
		switch {
		case m.Contract != "" && !contains(contracts, m.Contract):
			hint := "add it under contracts: or fix the name"
			if s, ok := suggest.Closest(m.Contract, contracts); ok {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			at(fmt.Sprintf("/mappings/%d/contract", i), fmt.Sprintf("no contract named %q", m.Contract), hint)
		case m.Contract == "" && len(contracts) > 1:
			at(fmt.Sprintf("/mappings/%d", i), "several contracts are configured, so the mapping must say which one it is for",
				"add contract: with one of "+strings.Join(contracts, ", "))
		}
	}
	for i, c := range cfg.Clients {
		ptr := fmt.Sprintf("/clients/%d/contract", i)
		if !contains(contracts, c.Contract) {
			hint := "add it under contracts: or fix the name"
			if s, ok := suggest.Closest(c.Contract, contracts); ok {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			at(ptr, fmt.Sprintf("no contract named %q", c.Contract), hint)
		}
		for j, v := range c.Versions {
			vp := fmt.Sprintf("/clients/%d/versions/%d", i, j)
			switch {
			case v.Ref != "" && v.Path != "":
				at(vp+"/path", "set either ref or path, not both", "ref pins a git revision, path a file")
			case v.Ref == "" && v.Path == "":
				at(vp, "a client version needs ref (git revision) or path (file) of the contract it was built against", "")
			}
		}
	}
	return errs
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// keyPath renders a JSON pointer as databases[0].layout.
func keyPath(ptr string) string {
	var b strings.Builder
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if _, err := strconv.Atoi(tok); err == nil {
			fmt.Fprintf(&b, "[%s]", tok)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlError turns a yaml.v3 error into a located Error.
func yamlError(path string, err error) error {
	var errs []*Error
	msgs := []string{err.Error()}
	if te, ok := err.(*yaml.TypeError); ok {
		msgs = te.Errors
	}
	for _, m := range msgs {
		e := &Error{File: path, Message: m, Hint: "fix the YAML syntax"}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			e.Line, _ = strconv.Atoi(sm[1])
			e.Message = sm[2]
		} else if strings.HasPrefix(m, "line ") {
			if n, rest, ok := strings.Cut(strings.TrimPrefix(m, "line "), ": "); ok {
				e.Line, _ = strconv.Atoi(n)
				e.Message = rest
			}
		}
		if e.Line > 0 {
			e.Column = 1
		}
		errs = append(errs, e)
	}
	return joinErrors(errs)
}

func invalidUTF8Position(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col += size
		}
		data = data[size:]
	}
	return line, col
}
