package coinduct

import (
	"math/rand/v2"
	"testing"
)

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

// counting wraps same and counts the pairs it decides.
func counting(m *Memo[*node], calls *int) func(a, b *node) bool {
	inner := same(m)
	return func(a, b *node) bool { *calls++; return inner(a, b) }
}

func TestSureAnswersStay(t *testing.T) {
	// A chain a0 -> a1 -> ... -> a9 whose last link differs from b's.
	const n = 10
	as, bs := make([]*node, n), make([]*node, n)
	for i := n - 1; i >= 0; i-- {
		as[i], bs[i] = &node{v: i}, &node{v: i}
		if i == n-1 {
			bs[i].v = -1
		} else {
			as[i].kids, bs[i].kids = []*node{as[i+1]}, []*node{bs[i+1]}
		}
	}
	var m Memo[*node]
	calls := 0
	f := counting(&m, &calls)
	if m.Equal(as[0], bs[0], f) {
		t.Fatal("the chains differ at their end")
	}
	before := calls
	for i := range n {
		if m.Equal(as[i], bs[i], f) {
			t.Fatalf("link %d leads to the difference", i)
		}
	}
	if calls != before {
		t.Errorf("%d pairs decided again: a difference is sure and must stay", calls-before)
	}
}

// bisimilar is the greatest fixpoint by refinement: the reference.
func bisimilar(nodes []*node) map[[2]*node]bool {
	rel := map[[2]*node]bool{}
	for _, a := range nodes {
		for _, b := range nodes {
			rel[[2]*node{a, b}] = a.v == b.v && len(a.kids) == len(b.kids)
		}
	}
	for changed := true; changed; {
		changed = false
		for k, ok := range rel {
			if !ok {
				continue
			}
			for i := range k[0].kids {
				if !rel[[2]*node{k[0].kids[i], k[1].kids[i]}] {
					rel[k], changed = false, true
					break
				}
			}
		}
	}
	return rel
}

func TestAgreesWithRefinement(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		nodes := make([]*node, 4+rng.IntN(12))
		for i := range nodes {
			nodes[i] = &node{v: rng.IntN(2)}
		}
		for _, x := range nodes {
			for range rng.IntN(3) {
				x.kids = append(x.kids, nodes[rng.IntN(len(nodes))])
			}
		}
		want := bisimilar(nodes)
		var m Memo[*node]
		for range 40 {
			a, b := nodes[rng.IntN(len(nodes))], nodes[rng.IntN(len(nodes))]
			if got := m.Equal(a, b, same(&m)); got != want[[2]*node{a, b}] {
				t.Fatalf("round %d: Equal = %v, greatest fixpoint says %v", round, got, !got)
			}
		}
	}
}

// TestProvisionalAnswersSpread: an answer that used a provisional one (x
// rests on a and b being equal, which is still open) is provisional too,
// and is withdrawn with it when a and b turn out to differ.
func TestProvisionalAnswersSpread(t *testing.T) {
	a, b := &node{v: 0}, &node{v: 0}
	x, x2 := &node{v: 1, kids: []*node{a}}, &node{v: 1, kids: []*node{b}}
	y, y2 := &node{v: 2, kids: []*node{x}}, &node{v: 2, kids: []*node{x2}}
	z, z2 := &node{v: 3}, &node{v: 4}
	a.kids, b.kids = []*node{x, y, z}, []*node{x2, y2, z2}
	var m Memo[*node]
	if m.Equal(a, b, same(&m)) {
		t.Fatal("a and b differ in their third child")
	}
	if m.Equal(y, y2, same(&m)) {
		t.Fatal("y and y2 lead to a and b, which differ: an answer resting on a provisional one was kept")
	}
}
