package jsonschema

import (
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Deciding whether one pattern's strings are all another's.
//
// A pattern Go's RE2 engine compiles is matched by it (RegexpEngine), and
// RE2's language is regular: whether every string the writer's patterns
// match is matched by the reader's can be decided by walking the product
// of their automata, not guessed from samples. Before, every changed
// pattern without a sampled witness was an undecidable SC-JS012 warning,
// and on SchemaStore most of them were widenings (tsconfig's target
// 202[01234] to 202[012345], package.json's packageManager gaining "|nub"):
// warnings no reader could act on. Patterns RE2 refuses (lookaround,
// backreferences; matched by regexp2), and patterns with word boundaries or
// multi-line anchors, stay undecided.

// patternVerdict is what patternInclusion found.
type patternVerdict int

const (
	patternUndecided patternVerdict = iota // unsupported pattern, or past the budget
	patternIncluded                        // every string the writer's patterns match, the reader's matches
	patternWitness                         // a string the writer's match and the reader's does not
)

// Bounds on the product walk: distinct product states, and states times
// character classes (the work of one walk).
const (
	maxInclusionStates = 20000
	maxInclusionWork   = 4_000_000
)

// inclProg is one compiled pattern: its program and whether it uses only
// the assertions the walk models (text begin and end).
type inclProg struct {
	prog *syntax.Prog
}

func compileIncl(pattern string) (*inclProg, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl) // as regexp.Compile parses
	if err != nil {
		return nil, false
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, false
	}
	for _, in := range prog.Inst {
		if in.Op == syntax.InstEmptyWidth && syntax.EmptyOp(in.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
			return nil, false
		}
	}
	return &inclProg{prog: prog}, true
}

// closure adds the instructions reachable from pcs without reading a
// character, at a position that is the text's start (begin) or end (end).
// It reports whether a match is reachable.
func (p *inclProg) closure(pcs []uint32, begin, end bool) (out []uint32, match bool) {
	seen := make(map[uint32]bool, len(pcs)*2)
	stack := slices.Clone(pcs)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &p.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop:
			stack = append(stack, in.Out)
		case syntax.InstEmptyWidth:
			op := syntax.EmptyOp(in.Arg)
			if (op&syntax.EmptyBeginText == 0 || begin) && (op&syntax.EmptyEndText == 0 || end) {
				stack = append(stack, in.Out)
			}
		case syntax.InstMatch:
			match = true
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			out = append(out, pc)
		}
	}
	slices.Sort(out)
	return out, match
}

// side is one pattern's state in the walk: the instructions waiting for a
// character (before their closure) and whether it has matched already
// (a pattern matches anywhere in the string, so a match stays).
type side struct {
	kernel  []uint32
	matched bool
}

// patternInclusion decides whether every string all of the writer's
// patterns match is matched by the reader's pattern; when not, it returns
// a shortest string that shows it. With no writer patterns, the writer is
// every string.
func patternInclusion(writer []string, reader string) (patternVerdict, string) {
	var progs []*inclProg
	for _, p := range append(slices.Clone(writer), reader) {
		ip, ok := compileIncl(p)
		if !ok {
			return patternUndecided, ""
		}
		progs = append(progs, ip)
	}
	classes, ok := runeClasses(progs)
	if !ok {
		return patternUndecided, ""
	}
	last := len(progs) - 1
	type state struct {
		sides []side
		begin bool
		path  string
	}
	key := func(st state) string {
		var sb strings.Builder
		if st.begin {
			sb.WriteByte('^')
		}
		for _, s := range st.sides {
			if s.matched {
				sb.WriteString("M|")
				continue
			}
			for _, pc := range s.kernel {
				sb.WriteString(strconv.FormatUint(uint64(pc), 36))
				sb.WriteByte(',')
			}
			sb.WriteByte('|')
		}
		return sb.String()
	}
	start := state{begin: true}
	for _, p := range progs {
		start.sides = append(start.sides, side{kernel: []uint32{uint32(p.prog.Start)}})
	}
	queue := []state{start}
	seen := map[string]bool{key(start): true}
	work := 0
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		// At this position: does each pattern match here, or at the end?
		nexts := make([][]uint32, len(progs))
		atEnd := make([]bool, len(progs))
		for i, p := range progs {
			s := st.sides[i]
			if s.matched {
				atEnd[i] = true
				continue
			}
			var here bool
			nexts[i], here = p.closure(s.kernel, st.begin, false)
			if here {
				st.sides[i] = side{matched: true}
				atEnd[i] = true
				continue
			}
			_, atEnd[i] = p.closure(s.kernel, st.begin, true)
		}
		if st.sides[last].matched {
			continue // the reader matches every extension of this prefix
		}
		writerAll := true
		for i := range last {
			writerAll = writerAll && atEnd[i]
		}
		if writerAll && !atEnd[last] {
			return patternWitness, st.path
		}
		for _, c := range classes {
			work += len(progs)
			if work > maxInclusionWork {
				return patternUndecided, ""
			}
			next := state{path: st.path + string(c)}
			for i, p := range progs {
				if st.sides[i].matched {
					next.sides = append(next.sides, side{matched: true})
					continue
				}
				var k []uint32
				for _, pc := range nexts[i] {
					if p.prog.Inst[pc].MatchRune(c) {
						k = append(k, p.prog.Inst[pc].Out)
					}
				}
				// A match may start at any position.
				k = append(k, uint32(p.prog.Start))
				slices.Sort(k)
				next.sides = append(next.sides, side{kernel: slices.Compact(k)})
			}
			kk := key(next)
			if seen[kk] {
				continue
			}
			if len(seen) >= maxInclusionStates {
				return patternUndecided, ""
			}
			seen[kk] = true
			queue = append(queue, next)
		}
	}
	return patternIncluded, ""
}

// inclusion is a memoized patternInclusion result.
type inclusion struct {
	verdict  patternVerdict
	shortest string
}

// patternInclusion is the package function of that name, memoized by the
// patterns: one pair recurs wherever a shared definition is reached.
func (c *comparer) patternInclusion(writer []string, reader string) (patternVerdict, string) {
	k := strings.Join(append(slices.Clone(writer), reader), "\x00")
	if r, ok := c.inclusions[k]; ok {
		return r.verdict, r.shortest
	}
	v, s := patternInclusion(writer, reader)
	if c.inclusions == nil {
		c.inclusions = map[string]inclusion{}
	}
	c.inclusions[k] = inclusion{v, s}
	return v, s
}

// runeClasses splits the runes into intervals no instruction of progs
// tells apart, and returns one rune of each, chosen readable where the
// interval allows: every rune of an interval takes the same transitions.
func runeClasses(progs []*inclProg) ([]rune, bool) {
	cuts := map[rune]bool{0: true, 0xD800: true, 0xE000: true}
	cut := func(lo, hi rune) {
		cuts[lo] = true
		if hi < unicode.MaxRune {
			cuts[hi+1] = true
		}
	}
	for _, p := range progs {
		for _, in := range p.prog.Inst {
			switch in.Op {
			case syntax.InstRune1:
				cut(in.Rune[0], in.Rune[0])
			case syntax.InstRuneAnyNotNL:
				cut('\n', '\n')
			case syntax.InstRune:
				if len(in.Rune) == 1 {
					r := in.Rune[0]
					cut(r, r)
					if syntax.Flags(in.Arg)&syntax.FoldCase != 0 {
						for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
							cut(f, f)
						}
					}
					continue
				}
				for i := 0; i+1 < len(in.Rune); i += 2 {
					cut(in.Rune[i], in.Rune[i+1])
				}
			}
		}
	}
	if len(cuts) > 4096 {
		return nil, false
	}
	starts := make([]rune, 0, len(cuts))
	for r := range cuts {
		starts = append(starts, r)
	}
	slices.Sort(starts)
	var out []rune
	for i, lo := range starts {
		hi := rune(unicode.MaxRune)
		if i+1 < len(starts) {
			hi = starts[i+1] - 1
		}
		if lo >= 0xD800 && lo < 0xE000 {
			continue // surrogates are not characters of a JSON string
		}
		out = append(out, readableIn(lo, hi))
	}
	return out, true
}

// readableIn picks a rune in [lo, hi], a letter, digit or space if there
// is one, so a witness reads like a value.
func readableIn(lo, hi rune) rune {
	for _, r := range "a0A _-.éx" {
		if lo <= r && r <= hi {
			return r
		}
	}
	if lo <= 0x7E && hi >= 0x21 {
		return max(lo, 0x21)
	}
	if !utf8.ValidRune(lo) {
		return utf8.RuneError
	}
	return lo
}
