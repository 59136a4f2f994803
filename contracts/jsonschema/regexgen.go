package jsonschema

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// maxGeneratedRunes bounds strings generated from a pattern.
const maxGeneratedRunes = 256

// sampleFromPattern returns a string that the pattern matches, with every
// unbounded repetition taken reps times and the reps-th alternative chosen,
// so different reps give different samples. ok is false for patterns Go's
// regexp/syntax cannot parse (ECMA-262 only features) or cannot match.
func sampleFromPattern(pattern string, reps int) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var sb strings.Builder
	if !generate(&sb, re.Simplify(), reps, 0) {
		return "", false
	}
	return sb.String(), true
}

func generate(sb *strings.Builder, re *syntax.Regexp, reps, depth int) bool {
	if depth > 100 || sb.Len() > maxGeneratedRunes*4 {
		return false
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpLiteral:
		sb.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		r, ok := pickRune(re.Rune)
		if !ok {
			return false
		}
		sb.WriteRune(r)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		sb.WriteByte('a')
	case syntax.OpCapture:
		return generate(sb, re.Sub[0], reps, depth+1)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := repeatRange(re)
		n := max(lo, reps)
		if hi >= 0 {
			n = min(n, hi)
		}
		for range n {
			if !generate(sb, re.Sub[0], reps, depth+1) {
				return false
			}
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !generate(sb, sub, reps, depth+1) {
				return false
			}
		}
	case syntax.OpAlternate:
		return generate(sb, re.Sub[reps%len(re.Sub)], reps, depth+1)
	}
	// Anchors, word boundaries and empty matches add nothing.
	return true
}

func repeatRange(re *syntax.Regexp) (lo, hi int) {
	switch re.Op {
	case syntax.OpStar:
		return 0, -1
	case syntax.OpPlus:
		return 1, -1
	case syntax.OpQuest:
		return 0, 1
	}
	return re.Min, re.Max
}

// pickRune chooses a readable rune from a character class given as ranges.
func pickRune(ranges []rune) (rune, bool) {
	if len(ranges) == 0 {
		return 0, false
	}
	for _, want := range []rune{'a', 'A', '0', '_', '-', '.', ' '} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= want && want <= ranges[i+1] {
				return want, true
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r-ranges[i] < 128; r++ {
			if unicode.IsPrint(r) {
				return r, true
			}
		}
	}
	return ranges[0], true
}
