// Package coinduct decides a recursive equivalence over graphs that may
// have cycles (schemas whose $refs point back at themselves) with a memo:
// a pair under comparison counts as equal, which ends every cycle. The
// relation must be monotone (a pure conjunction): assuming more pairs
// equal never makes a pair differ.
//
// Answers are kept as soon as they are sure, as in Tarjan's strongly
// connected components: a "differs" is always sure (it was found while
// assuming as much as possible), an "equal" is sure once no pair it
// assumed is still under comparison above it. An "equal" that rests on
// such a pair stays provisional until that pair is decided, and is
// withdrawn if it differs. Keeping the sure answers matters on large
// documents: thousands of comparisons reach the same few changed schemas,
// and withdrawing everything a failed comparison touched made each of
// them walk the whole shared part again.
package coinduct

// Memo caches the answers for pairs of T.
type Memo[T comparable] struct {
	memo map[[2]T]answer
	// open are the pairs under comparison by their index in frames.
	open   map[[2]T]int
	frames []frame
	// provisional are the "equal" answers in memo that rest on a pair
	// still open, in the order found; lowest is the lowest frame index
	// that answer or any before it rests on. The last one's is open.
	provisional []provisional[T]
}

type answer int8

const (
	differs answer = iota
	equal
	provisionallyEqual
)

type frame struct {
	low int // the lowest frame index this comparison's answer rests on
}

type provisional[T comparable] struct {
	pair   [2]T
	lowest int
}

// Equal reports whether a and b are equivalent, deciding a pair it has not
// seen with fields, which may call Equal again for the pair's children.
func (m *Memo[T]) Equal(a, b T, fields func(a, b T) bool) bool {
	if m.memo == nil {
		m.memo, m.open = map[[2]T]answer{}, map[[2]T]int{}
	}
	k := [2]T{a, b}
	if i, ok := m.open[k]; ok {
		m.restsOn(i)
		return true
	}
	if v, ok := m.memo[k]; ok {
		if v == provisionallyEqual {
			// The provisional answer rests on an open pair; the lowest
			// index any provisional answer rests on is open and is at or
			// below that pair, so resting on it is safe.
			m.restsOn(m.provisional[len(m.provisional)-1].lowest)
		}
		return v != differs
	}
	d := len(m.frames)
	m.open[k] = d
	m.frames = append(m.frames, frame{low: d})
	mark := len(m.provisional)
	v := fields(a, b)
	low := m.frames[d].low
	m.frames = m.frames[:d]
	delete(m.open, k)
	m.restsOn(low)
	switch {
	case !v:
		// Sure; the equal answers found since this pair was opened may
		// rest on it: withdraw them.
		m.memo[k] = differs
		for _, p := range m.provisional[mark:] {
			delete(m.memo, p.pair)
		}
		m.provisional = m.provisional[:mark]
	case low >= d:
		// Rests on nothing open outside this comparison: this answer
		// and the provisional ones found below it are sure.
		m.memo[k] = equal
		for _, p := range m.provisional[mark:] {
			m.memo[p.pair] = equal
		}
		m.provisional = m.provisional[:mark]
	default:
		m.memo[k] = provisionallyEqual
		lowest := low
		if n := len(m.provisional); n > 0 {
			lowest = min(lowest, m.provisional[n-1].lowest)
		}
		m.provisional = append(m.provisional, provisional[T]{pair: k, lowest: lowest})
	}
	return v
}

// restsOn records that the comparison in progress rests on frame i.
func (m *Memo[T]) restsOn(i int) {
	if n := len(m.frames); n > 0 && i < m.frames[n-1].low {
		m.frames[n-1].low = i
	}
}
