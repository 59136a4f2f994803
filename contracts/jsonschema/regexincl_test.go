package jsonschema

import (
	"regexp"
	"testing"
)

// TestPatternInclusion: the product walk proves widenings (silent) and
// finds a shortest string for narrowings, which RE2 confirms; patterns it
// cannot model stay undecided.
func TestPatternInclusion(t *testing.T) {
	for _, tc := range []struct {
		writer []string
		reader string
		want   patternVerdict
	}{
		{[]string{`^a+$`}, `^a*$`, patternIncluded},
		{[]string{`^a*$`}, `^a+$`, patternWitness},
		// SchemaStore tsconfig.json compilerOptions.target, es2025 added.
		{[]string{`^([Ee][Ss]([356]|(20(1[56789]|2[01234]))|[Nn][Ee][Xx][Tt]))$`}, `^([Ee][Ss]([356]|(20(1[56789]|2[012345]))|[Nn][Ee][Xx][Tt]))$`, patternIncluded},
		{[]string{`^([Ee][Ss]([356]|(20(1[56789]|2[012345]))|[Nn][Ee][Xx][Tt]))$`}, `^([Ee][Ss]([356]|(20(1[56789]|2[01234]))|[Nn][Ee][Xx][Tt]))$`, patternWitness},
		// package.json packageManager: unanchored, a manager added.
		{[]string{`(npm|pnpm|yarn|bun)@\d+\.\d+\.\d+(-.+)?`}, `(npm|pnpm|yarn|bun|aube)@\d+\.\d+\.\d+(-.+)?`, patternIncluded},
		{[]string{`(npm|pnpm|yarn|bun|aube)@\d+\.\d+\.\d+(-.+)?`}, `(npm|pnpm|yarn|bun)@\d+\.\d+\.\d+(-.+)?`, patternWitness},
		// package.json jscpd maxSize: the unit made optional.
		{[]string{`^\+?[0-9]+(\.[0-9]+)? *[kKmMgGtTpP][bB]$`}, `^\+?[0-9]+(\.[0-9]+)? *([kKmMgGtTpP]?[bB]|[kKmMgG])?$`, patternIncluded},
		{[]string{`^\+?[0-9]+(\.[0-9]+)? *([kKmMgGtTpP]?[bB]|[kKmMgG])?$`}, `^\+?[0-9]+(\.[0-9]+)? *[kKmMgGtTpP][bB]$`, patternWitness},
		{[]string{`(?i)^abc$`}, `^[aA][bB][cC]$`, patternIncluded},
		{[]string{`^[aA][bB][cC]$`}, `(?i)^abc`, patternIncluded},
		{[]string{`^\p{L}+$`}, `^\w+$`, patternWitness},
		{[]string{`^x`, `y$`}, `(?s)^x.*y$`, patternIncluded}, // both writer patterns hold
		{[]string{`^x`, `y$`}, `^x.*y$`, patternWitness},      // "x\ny": . is not a newline
		{[]string{`^x`}, `^x.*y$`, patternWitness},
		{nil, `.*`, patternIncluded},
		{nil, `^a`, patternWitness},
		{[]string{`\bword\b`}, `word`, patternUndecided},        // word boundaries are not modelled
		{[]string{`^(?!a)`}, `^b`, patternUndecided},            // RE2 refuses lookahead
		{[]string{`(?m)^a$`}, `a`, patternUndecided},            // multi-line anchors
		{[]string{`^[^\s\$]+$`}, `^[^\s\$]+$`, patternIncluded}, // equal
	} {
		got, w := patternInclusion(tc.writer, tc.reader)
		if got != tc.want {
			t.Errorf("%q ⊆ %q: got %d (%q), want %d", tc.writer, tc.reader, got, w, tc.want)
			continue
		}
		if got != patternWitness {
			continue
		}
		for _, p := range tc.writer {
			if !regexp.MustCompile(p).MatchString(w) {
				t.Errorf("%q ⊆ %q: witness %q does not match the writer's %q", tc.writer, tc.reader, w, p)
			}
		}
		if regexp.MustCompile(tc.reader).MatchString(w) {
			t.Errorf("%q ⊆ %q: witness %q matches the reader's pattern", tc.writer, tc.reader, w)
		}
	}
}
