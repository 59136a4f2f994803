// Package coinduct decides a recursive equivalence over graphs that may
// have cycles (schemas whose $refs point back at themselves) with a memo:
// a pair under comparison counts as equal, which ends every cycle. The
// relation must be a pure conjunction, so any difference makes the
// outermost comparison false; then every "equal" it assumed on the way is
// withdrawn, and only answers that do not rest on a failed assumption stay.
package coinduct

// Memo caches the answers for pairs of T.
type Memo[T comparable] struct {
	memo    map[[2]T]bool
	depth   int
	journal [][2]T
}

// Equal reports whether a and b are equivalent, deciding a pair it has not
// seen with fields, which may call Equal again for the pair's children.
func (m *Memo[T]) Equal(a, b T, fields func(a, b T) bool) bool {
	if m.memo == nil {
		m.memo = map[[2]T]bool{}
	}
	k := [2]T{a, b}
	if v, ok := m.memo[k]; ok {
		return v
	}
	m.memo[k] = true
	m.journal = append(m.journal, k)
	m.depth++
	v := fields(a, b)
	m.depth--
	if !v {
		m.memo[k] = false
	}
	if m.depth == 0 {
		if !v {
			for _, j := range m.journal {
				if j != k {
					delete(m.memo, j)
				}
			}
		}
		m.journal = m.journal[:0]
	}
	return v
}
