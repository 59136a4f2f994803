package locks

import (
	"slices"

	"github.com/schemacheck/schemacheck/catalog"
)

// BinaryCoercible reports whether a column of type from can change to type
// to without PostgreSQL rewriting the table: the same type with the same
// modifiers, varchar to text or to a longer varchar, text to unconstrained
// varchar, numeric with more precision at the same scale, cidr to inet, or
// a more precise timestamp, time or interval.
func BinaryCoercible(from, to catalog.Type) bool {
	if from.ArrayDims != to.ArrayDims {
		return false
	}
	mod := func(t catalog.Type, i int) (int, bool) {
		if i < len(t.Mods) {
			return t.Mods[i], true
		}
		return 0, false
	}
	// widens: the new modifier is absent (no limit) or at least the old one.
	widens := func() bool {
		f, fok := mod(from, 0)
		n, nok := mod(to, 0)
		return !nok || (fok && n >= f)
	}
	switch {
	case from.Name == to.Name && slices.Equal(from.Mods, to.Mods):
		return true
	case from.Name == "character varying" && to.Name == "text":
		return true
	case from.Name == "text" && to.Name == "character varying" && len(to.Mods) == 0:
		return true
	case from.Name == "character varying" && to.Name == "character varying",
		from.Name == "bit varying" && to.Name == "bit varying":
		return widens()
	case from.Name == "numeric" && to.Name == "numeric":
		fp, fok := mod(from, 0)
		tp, tok := mod(to, 0)
		fs, _ := mod(from, 1)
		ts, _ := mod(to, 1)
		return !tok || (fok && tp >= fp && ts == fs)
	case from.Name == "cidr" && to.Name == "inet":
		return true
	case from.Name == to.Name && (from.Name == "timestamp without time zone" || from.Name == "timestamp with time zone" ||
		from.Name == "time without time zone" || from.Name == "interval"):
		return widens()
	}
	return false
}

// TimeZoneSwap reports whether a column of type from changing to type to
// is a conversion between timestamp and timestamptz whose new type has no
// precision or the largest (6). PostgreSQL 12 and later then keep the
// stored values when the session's TimeZone is UTC, and rewrite the table
// otherwise. A smaller precision rewrites whatever the old one was, even
// the same (Prisma's TIMESTAMP(3) to TIMESTAMPTZ(3)): the conversion's
// result has no precision of its own, so scaling it is not known to be a
// no-op (TemporalSimplify keeps only a scale to 6 or more).
func TimeZoneSwap(from, to catalog.Type) bool {
	const plain, zoned = "timestamp without time zone", "timestamp with time zone"
	if from.ArrayDims != to.ArrayDims || !(from.Name == plain && to.Name == zoned || from.Name == zoned && to.Name == plain) {
		return false
	}
	return len(to.Mods) == 0 || to.Mods[0] >= 6
}
