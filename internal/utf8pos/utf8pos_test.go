package utf8pos

import "testing"

func TestFirstInvalid(t *testing.T) {
	for _, tc := range []struct {
		src        string
		line, col  int
		b          byte
		wantsFound bool
	}{
		{"SELECT 'é';\n", 0, 0, 0, false},
		{"\xff", 1, 1, 0xff, true},
		{"a\nbc\xe9d", 2, 3, 0xe9, true},
		{"ok é\n\xc3", 2, 1, 0xc3, true}, // a truncated sequence at the end
	} {
		line, col, b, ok := FirstInvalid([]byte(tc.src))
		if line != tc.line || col != tc.col || b != tc.b || ok != tc.wantsFound {
			t.Errorf("FirstInvalid(%q) = %d, %d, %#x, %v; want %d, %d, %#x, %v", tc.src, line, col, b, ok, tc.line, tc.col, tc.b, tc.wantsFound)
		}
	}
}
