package catalog

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestMentionsAgreesWithContains: the byte-pair filter only rules out
// names the text cannot hold, so mentions answers as a case-insensitive
// strings.Contains does, on random texts and names over a small alphabet
// (so that most names do occur) with upper case and multi-byte letters.
func TestMentionsAgreesWithContains(t *testing.T) {
	alphabet := []string{"a", "b", "c", "_", "A", "B", "É", "é", " ", "\""}
	r := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	found := 0
	for range 2000 {
		text := word(r.IntN(40))
		m := newMentions(text)
		for range 20 {
			name := word(1 + r.IntN(5))
			want := strings.Contains(strings.ToLower(text), strings.ToLower(name))
			if got := m.mentions(name); got != want {
				t.Fatalf("mentions(%q) in %q = %v, want %v", name, text, got, want)
			}
			if want {
				found++
			}
		}
	}
	if found < 1000 {
		t.Fatalf("only %d of 40000 names occur: the test does not exercise the filter's positive side", found)
	}
}
