package crosslayer

import (
	"slices"
	"strings"
	"unicode"
)

// nameKey folds a name for matching across naming conventions: lower case,
// without the separators, so createdAt, CreatedAt, created_at and
// created-at agree, and so do OrderItem and order_item.
func nameKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r == '-' || r == ' ' {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// tableKeys returns the name keys a table storing schema name may have:
// the name itself, its plural and its singular (User: user, users;
// OrderItem: orderitem, orderitems; Category: category, categories).
func tableKeys(name string) []string {
	k := nameKey(name)
	out := []string{k}
	for _, v := range []string{plural(k), singular(k)} {
		if v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// irregular lists the English plurals the simple rules get wrong, as
// word endings, so compound names (salesperson) inflect too.
var irregular = [][2]string{
	{"person", "people"}, {"child", "children"}, {"man", "men"}, {"mouse", "mice"},
	{"goose", "geese"}, {"foot", "feet"}, {"tooth", "teeth"}, {"datum", "data"},
	{"index", "indices"}, {"matrix", "matrices"}, {"vertex", "vertices"},
	{"analysis", "analyses"}, {"criterion", "criteria"},
}

// plural inflects the last word of a name key.
func plural(k string) string {
	for _, ir := range irregular {
		if base, ok := strings.CutSuffix(k, ir[0]); ok {
			return base + ir[1]
		}
	}
	switch {
	case k == "":
		return ""
	case strings.HasSuffix(k, "y") && len(k) > 1 && !strings.ContainsRune("aeiou", rune(k[len(k)-2])):
		return k[:len(k)-1] + "ies"
	case strings.HasSuffix(k, "s"), strings.HasSuffix(k, "x"), strings.HasSuffix(k, "z"),
		strings.HasSuffix(k, "ch"), strings.HasSuffix(k, "sh"):
		return k + "es"
	}
	return k + "s"
}

// singular undoes plural where that is unambiguous; "" when k does not
// look plural.
func singular(k string) string {
	for _, ir := range irregular {
		if base, ok := strings.CutSuffix(k, ir[1]); ok {
			return base + ir[0]
		}
	}
	switch {
	case strings.HasSuffix(k, "ies") && len(k) > 3:
		return k[:len(k)-3] + "y"
	case strings.HasSuffix(k, "sses"), strings.HasSuffix(k, "xes"), strings.HasSuffix(k, "zes"),
		strings.HasSuffix(k, "ches"), strings.HasSuffix(k, "shes"), strings.HasSuffix(k, "uses"):
		return k[:len(k)-2]
	case strings.HasSuffix(k, "ss"), strings.HasSuffix(k, "us"), strings.HasSuffix(k, "is"):
		return ""
	case strings.HasSuffix(k, "s") && len(k) > 1:
		return k[:len(k)-1]
	}
	return ""
}
