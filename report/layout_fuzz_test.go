package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWrap: wrapped lines never exceed the width, and no character of the
// text is lost or reordered (only spaces between words change).
func FuzzWrap(f *testing.F) {
	f.Add("GET /v1/orders removed without being deprecated first", 40, 2, 4)
	f.Add(strings.Repeat("x", 200)+" y", 40, 10, 6)
	f.Add("é café  \u00a0 naïve", 41, 0, 2)
	f.Fuzz(func(t *testing.T, text string, width, at, indent int) {
		width = minWidth + abs(width)%200
		at, indent = abs(at)%(width/2), abs(indent)%(width/2)
		text = sanitize(text)
		lines := wrap(text, width, strings.Repeat(" ", at), indent)
		for _, l := range lines {
			if n := utf8.RuneCountInString(l); n > width {
				t.Fatalf("line of %d runes at width %d: %q", n, width, l)
			}
		}
		if got, want := strings.Join(strings.Fields(strings.Join(lines, "")), ""), strings.Join(strings.Fields(text), ""); got != want {
			t.Fatalf("text changed:\n%q\n%q", got, want)
		}
	})
}

// FuzzWindow: a frame window fits its budget and its caret lies inside it.
func FuzzWindow(f *testing.F) {
	f.Add("CREATE INDEX i ON t (c);", 1, 24, 40)
	f.Add(strings.Repeat("é", 100)+"TARGET", 201, 206, 20)
	f.Add("\xff\xfe abc", 3, 2, 20)
	f.Fuzz(func(t *testing.T, line string, start, end, budget int) {
		budget = 20 + abs(budget)%200
		start, end = 1+abs(start)%(len(line)+2), abs(end)%(len(line)+2)
		text, caret, length := window(line, start, end, budget)
		n := utf8.RuneCountInString(text)
		if n > budget {
			t.Fatalf("window of %d runes, budget %d", n, budget)
		}
		if caret < 0 || length < 1 || caret > n || (n > 0 && caret+length > max(n, caret+1)) {
			t.Fatalf("caret %d+%d outside a window of %d runes", caret, length, n)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the most negative int
			return 0
		}
		return -n
	}
	return n
}

// FuzzWindowASCII: on a line of ASCII, the byte-indexed window gives what
// the rune-indexed one gives.
func FuzzWindowASCII(f *testing.F) {
	f.Add("CREATE INDEX i ON t (c);", 1, 24, 40)
	f.Add(strings.Repeat("x", 300)+"TARGET", 301, 306, 20)
	f.Add("a", 2, 1, 20)
	f.Fuzz(func(t *testing.T, line string, start, end, budget int) {
		line = strings.Map(func(r rune) rune { return r % utf8.RuneSelf }, line)
		budget = 20 + abs(budget)%200
		start, end = 1+abs(start)%(len(line)+2), abs(end)%(len(line)+2)
		gotText, gotCaret, gotLength := windowASCII(line, start, end, budget)
		text, caret, length := windowRunes(line, start, end, budget)
		if gotText != text || gotCaret != caret || gotLength != length {
			t.Fatalf("window(%q, %d, %d, %d): ASCII %q %d+%d, runes %q %d+%d", line, start, end, budget, gotText, gotCaret, gotLength, text, caret, length)
		}
	})
}
