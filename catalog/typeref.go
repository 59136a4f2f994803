package catalog

import "strings"

// EnumOf returns the enum type a column type names (its element type, for
// an array), or nil when it is not an enum the migrations created.
func (c *Catalog) EnumOf(t Type) *Enum {
	if n, ok := c.typeRef(t, func(n Name) bool { return c.enums[n] != nil }); ok {
		return c.enums[n]
	}
	return nil
}

// DomainOf returns the domain a column type names, or nil.
func (c *Catalog) DomainOf(t Type) *Domain {
	if n, ok := c.typeRef(t, func(n Name) bool { return c.domains[n] != nil }); ok {
		return c.domains[n]
	}
	return nil
}

// typeRef resolves the name of a user-defined type as TypeOf printed it
// ("mood", "app.mood", `"Mood"`): an explicit schema wins; otherwise the
// search_path, then the one schema that has a type of that name.
func (c *Catalog) typeRef(t Type, exists func(Name) bool) (Name, bool) {
	parts := splitQualified(t.Name)
	if len(parts) == 2 {
		n := Name{parts[0], parts[1]}
		return n, exists(n)
	}
	if len(parts) != 1 {
		return Name{}, false
	}
	if n := c.qualify(parts[0], exists); exists(n) {
		return n, true
	}
	var found []Name
	for s := range c.schemas {
		if n := (Name{s, parts[0]}); exists(n) {
			found = append(found, n)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return Name{}, false
}

// splitQualified splits a possibly quoted, possibly schema-qualified name
// at its unquoted dots and removes the quotes.
func splitQualified(s string) []string {
	var parts []string
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
		case ch == '.' && !quoted:
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(ch)
		}
	}
	return append(parts, b.String())
}
