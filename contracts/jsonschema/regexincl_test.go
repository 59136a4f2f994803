package jsonschema

import (
	"math/rand"
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

// TestPatternInclusionAgreesWithRE2 holds the product walk to Go's regexp
// itself on random patterns over a small alphabet: a pattern pair called
// included has no string up to six characters that the writer's patterns
// match and the reader's does not, and a witness is such a string, no
// longer than the shortest one the enumeration finds.
func TestPatternInclusionAgreesWithRE2(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var strs []string
	for layer := []string{""}; len(strs) < 5461; { // every string of length 0–6 over a, b, c, newline
		strs = append(strs, layer...)
		var next []string
		for _, s := range layer {
			for _, c := range []string{"a", "b", "c", "\n"} {
				next = append(next, s+c)
			}
		}
		layer = next
	}
	verdicts := map[patternVerdict]int{}
	for range 3000 {
		var writer []string
		var writerRes []*regexp.Regexp
		for range r.Intn(3) {
			p := randomAnchored(r)
			writer, writerRes = append(writer, p), append(writerRes, regexp.MustCompile(p))
		}
		reader := randomAnchored(r)
		readerRe := regexp.MustCompile(reader)
		inWriter := func(s string) bool {
			for _, re := range writerRes {
				if !re.MatchString(s) {
					return false
				}
			}
			return true
		}
		counter, found := "", false
		for _, s := range strs {
			if inWriter(s) && !readerRe.MatchString(s) {
				counter, found = s, true
				break
			}
		}
		v, w := patternInclusion(writer, reader)
		verdicts[v]++
		switch {
		case v == patternIncluded && found:
			t.Errorf("%q ⊆ %q: called included, but %q is matched by the writer's and not the reader's", writer, reader, counter)
		case v == patternWitness && (!inWriter(w) || readerRe.MatchString(w)):
			t.Errorf("%q ⊆ %q: witness %q does not show it", writer, reader, w)
		case v == patternWitness && found && len(w) > len(counter):
			t.Errorf("%q ⊆ %q: witness %q is longer than %q", writer, reader, w, counter)
		}
	}
	if verdicts[patternIncluded] < 500 || verdicts[patternWitness] < 500 {
		t.Errorf("verdicts %v: the random patterns should give both verdicts often", verdicts)
	}
}

// randomAnchored is a random pattern of depth up to 3 over a, b, c and
// newline, with or without each anchor.
func randomAnchored(r *rand.Rand) string {
	var gen func(depth int) string
	gen = func(depth int) string {
		if depth == 0 || r.Intn(3) == 0 {
			atoms := []string{"a", "b", "c", `\n`, "[ab]", "[^a]", ".", "(?s:.)", "(?i:A)", "[b-c]"}
			return atoms[r.Intn(len(atoms))]
		}
		switch r.Intn(6) {
		case 0:
			return gen(depth-1) + gen(depth-1)
		case 1:
			return "(?:" + gen(depth-1) + "|" + gen(depth-1) + ")"
		case 2:
			return "(?:" + gen(depth-1) + ")*"
		case 3:
			return "(?:" + gen(depth-1) + ")+"
		case 4:
			return "(?:" + gen(depth-1) + ")?"
		}
		return gen(depth-1) + gen(depth-1) + gen(depth-1)
	}
	p := gen(3)
	switch r.Intn(4) {
	case 0:
		return "^" + p
	case 1:
		return p + "$"
	case 2:
		return "^" + p + "$"
	}
	return p
}
