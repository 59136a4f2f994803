// Package lines indexes where the lines of a text start, to turn a byte
// offset into a line and column, and a line number into its text.
package lines

import (
	"bytes"
	"sort"
	"strings"
)

// Index holds the offsets at which the lines of a text start, the first
// at 0 and one after each line ending, the last included: an offset at
// the end of "a\n" is on line 2, which Line reports as no line.
type Index []int

// New indexes the lines of src.
func New(src []byte) Index {
	ix := Index{0}
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return ix
		}
		off += i + 1
		ix = append(ix, off)
	}
}

// Position returns the 1-based line and byte column of offset.
func (ix Index) Position(offset int) (line, column int) {
	i := max(sort.Search(len(ix), func(i int) bool { return ix[i] > offset })-1, 0)
	return i + 1, offset - ix[i] + 1
}

// Line returns the 1-based line n of src (the text ix indexes) without
// its line ending, or false when src has no such line.
func (ix Index) Line(src []byte, n int) (string, bool) {
	if n < 1 || n > len(ix) || ix[n-1] >= len(src) {
		return "", false
	}
	line := src[ix[n-1]:]
	if end := bytes.IndexByte(line, '\n'); end >= 0 {
		line = line[:end]
	}
	return strings.TrimRight(string(line), "\r"), true
}
