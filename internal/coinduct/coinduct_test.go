package coinduct

import "testing"

type node struct {
	v    int
	kids []*node
}

func same(m *Memo[*node]) func(a, b *node) bool {
	var f func(a, b *node) bool
	f = func(a, b *node) bool {
		if a.v != b.v || len(a.kids) != len(b.kids) {
			return false
		}
		for i := range a.kids {
			if !m.Equal(a.kids[i], b.kids[i], f) {
				return false
			}
		}
		return true
	}
	return f
}

func TestCyclesEnd(t *testing.T) {
	a1, a2 := &node{v: 1}, &node{v: 2}
	a1.kids, a2.kids = []*node{a2}, []*node{a1}
	b1, b2 := &node{v: 1}, &node{v: 2}
	b1.kids, b2.kids = []*node{b2}, []*node{b1}
	var m Memo[*node]
	if !m.Equal(a1, b1, same(&m)) {
		t.Fatal("two cycles with the same values are equal")
	}
}

// An answer that rested on the assumption that the outer pair is equal
// must not outlive the outer pair's failure.
func TestFailureWithdrawsAssumptions(t *testing.T) {
	z1, z2 := &node{v: 5}, &node{v: 6}
	a1, a2 := &node{v: 1}, &node{v: 2}
	a1.kids, a2.kids = []*node{a2, z1}, []*node{a1}
	b1, b2 := &node{v: 1}, &node{v: 2}
	b1.kids, b2.kids = []*node{b2, z2}, []*node{b1}
	var m Memo[*node]
	if m.Equal(a1, b1, same(&m)) {
		t.Fatal("a1 and b1 differ in their second child")
	}
	if m.Equal(a2, b2, same(&m)) {
		t.Fatal("a2 and b2 lead back to a1 and b1, which differ: the assumed answer was kept")
	}
}
