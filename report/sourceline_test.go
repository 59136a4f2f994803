package report

import "testing"

// TestSourceLine: lines are counted as a reader numbers them: a last line
// without a line ending counts, an empty one after the last ending does
// not, and CR LF endings are not part of the line.
func TestSourceLine(t *testing.T) {
	for _, tc := range []struct {
		src  string
		n    int
		want string
		ok   bool
	}{
		{"a\nb", 2, "b", true},
		{"a\nb\n", 2, "b", true},
		{"a\nb\n", 3, "", false},
		{"a\r\nb\r\n", 1, "a", true},
		{"\n\n", 2, "", true},
		{"\n\n", 3, "", false},
		{"", 1, "", false},
		{"a", 0, "", false},
		{"x\n\ny", 3, "y", true},
	} {
		src := []byte(tc.src)
		got, ok := sourceLine(src, lineStarts(src), tc.n)
		if got != tc.want || ok != tc.ok {
			t.Errorf("line %d of %q = %q, %v; want %q, %v", tc.n, tc.src, got, ok, tc.want, tc.ok)
		}
	}
}
