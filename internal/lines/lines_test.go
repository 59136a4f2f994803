package lines

import "testing"

func TestPosition(t *testing.T) {
	src := []byte("ab\ncd\n")
	for _, c := range []struct{ offset, line, column int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1},
	} {
		if line, column := New(src).Position(c.offset); line != c.line || column != c.column {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.offset, line, column, c.line, c.column)
		}
	}
}

// TestLine: lines are counted as a reader numbers them: a last line
// without a line ending counts, an empty one after the last ending does
// not, and CR LF endings are not part of the line.
func TestLine(t *testing.T) {
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
		{"a", 3, "", false},
		{"x\n\ny", 3, "y", true},
	} {
		src := []byte(tc.src)
		got, ok := New(src).Line(src, tc.n)
		if got != tc.want || ok != tc.ok {
			t.Errorf("line %d of %q = %q, %v; want %q, %v", tc.n, tc.src, got, ok, tc.want, tc.ok)
		}
	}
}
