package report

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bounds on what the text and compact formats print of one finding. The
// full text stays in JSON and SARIF; these keep a report readable and its
// size proportional to the number of findings, not to the input (a
// minified document is one line of megabytes).
const (
	// DefaultWidth is the text width when the output is not a terminal.
	DefaultWidth = 80
	minWidth     = 40
	// maxMessage, maxDetail and maxWitness cap one text in runes.
	maxMessage = 1000
	maxDetail  = 500
	maxWitness = 300
	// maxOperations and maxDetails cap the lists under one finding.
	maxOperations = 5
	maxDetails    = 10
)

// sanitize makes input text safe to print on one terminal line: line
// breaks become spaces, tabs one space, and every other control character
// (ESC of a terminal escape sequence, BEL, DEL, C1 controls) U+FFFD, so
// text from the inputs can neither forge output lines nor drive the
// terminal. Invalid UTF-8 becomes U+FFFD too.
func sanitize(s string) string { return sanitizeRunes(stripEscapes(s)) }

// stripEscapes replaces each whole terminal escape sequence in s (CSI
// "ESC [ … final", OSC "ESC ] … BEL or ST" such as an OSC-8 hyperlink,
// their C1 forms, and two-character ESC sequences) by one U+FFFD, so
// neither the sequence nor its payload (a link target) is printed.
func stripEscapes(s string) string {
	// U+009B and U+009D are written C2 9B and C2 9D: two byte searches
	// rule out all three in most text, where ContainsAny decoded every
	// rune (a twelfth of the text report's time on stripe-2018).
	if strings.IndexByte(s, 0x1b) < 0 && (strings.IndexByte(s, 0xc2) < 0 || !strings.ContainsAny(s, "\u009b\u009d")) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		kind := rune(0)
		switch {
		case r == 0x1b && i+1 < len(s) && (s[i+1] == '[' || s[i+1] == ']'):
			kind, size = rune(s[i+1]), 2
		case r == 0x9b:
			kind = '['
		case r == 0x9d:
			kind = ']'
		}
		switch {
		case kind == '[': // parameters and intermediates, then one final byte
			j := i + size
			for j < len(s) && s[j] >= 0x20 && s[j] <= 0x3f {
				j++
			}
			if j < len(s) && s[j] >= 0x40 && s[j] <= 0x7e {
				j++
			}
			b.WriteRune(utf8.RuneError)
			i = j
		case kind == ']': // up to BEL, ESC \ or ST (unterminated: the rest)
			j := i + size
			for j < len(s) {
				if s[j] == 0x07 {
					j++
					break
				}
				if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
					j += 2
					break
				}
				if strings.HasPrefix(s[j:], "\u009c") {
					j += len("\u009c")
					break
				}
				j++
			}
			b.WriteRune(utf8.RuneError)
			i = j
		case r == 0x1b && i+1 < len(s) && s[i+1] >= 0x40 && s[i+1] <= 0x5f:
			b.WriteRune(utf8.RuneError)
			i += 2
		default:
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// sanitizeRunes is sanitize without stripEscapes: one rune out for each
// rune in, which the code frame's caret arithmetic relies on.
func sanitizeRunes(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r' && i < len(s) && s[i] == '\n':
			// \r\n is one line break
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError || unicode.IsControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// clip shortens s to at most n runes, marking a cut with "…".
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return s[:i] + "…"
}

// wrap breaks text into lines of at most width runes: the first line
// starts after first (already printed, counted in runes), later lines
// with indent spaces. Words longer than a line are cut.
func wrap(text string, width int, first string, indent int) []string {
	var lines []string
	wrapTo(text, width, first, indent, func(line []byte) { lines = append(lines, string(line)) })
	return lines
}

// wrapTo is wrap handing each line to emit, in a buffer it reuses: the
// text report writes them out as they come.
func wrapTo(text string, width int, first string, indent int, emit func([]byte)) {
	// line is counted in runes (n) but kept as bytes: a report wraps
	// every finding's message, so converting each word to runes showed.
	line, n := append(make([]byte, 0, 2*width), first...), utf8.RuneCountInString(first)
	fresh := true // nothing but the prefix or indent on the line yet
	flush := func() {
		emit(line)
		line = line[:0]
		for range indent {
			line = append(line, ' ')
		}
		n, fresh = indent, true
	}
	for w := range strings.FieldsSeq(text) {
		wn := utf8.RuneCountInString(w)
		sep := 1
		if fresh {
			sep = 0
		}
		// A word that does not fit goes to the next line, unless it would
		// not fit there either (then it is cut where it stands).
		if n+sep+wn > width && (!fresh || (n > indent && indent+wn <= width)) {
			flush()
			sep = 0
		}
		if sep == 1 {
			line, n = append(line, ' '), n+1
		}
		for wn > 0 && n+wn > width {
			k := max(width-n, 1)
			cut := len(w)
			for i := range w { // the byte offset of rune k
				if k == 0 {
					cut = i
					break
				}
				k--
			}
			line, wn = append(line, w[:cut]...), wn-utf8.RuneCountInString(w[:cut])
			w = w[cut:]
			flush()
		}
		line, n = append(line, w...), n+wn
		fresh = false
	}
	emit(line)
}

// window cuts a source line to at most budget runes around the columns
// [start, end] (1-based byte columns, as locations count them), marking
// cut ends with "…". It returns the text and the caret's rune offset and
// length within it.
func window(line string, start, end, budget int) (text string, caret, length int) {
	if ascii(line) {
		return windowASCII(line, start, end, budget)
	}
	return windowRunes(line, start, end, budget)
}

// windowRunes is window for any line.
func windowRunes(line string, start, end, budget int) (text string, caret, length int) {
	runes := []rune(line)
	runeAt := func(col int) int { // rune index of 1-based byte column col
		i := min(max(col, 1), len(line)+1) - 1
		for i > 0 && i < len(line) && !utf8.RuneStart(line[i]) {
			i-- // a column inside a character points at the character
		}
		return utf8.RuneCountInString(line[:i])
	}
	s := runeAt(start)
	e := max(runeAt(end+1)-1, s)
	if start > len(line) { // past the end: a caret after the last character
		s, e = len(runes), len(runes)
	}
	lo, hi := windowSpan(s, len(runes), budget)
	view := slices.Clone(runes[lo:hi])
	if lo > 0 {
		view[0] = '…'
	}
	if hi < len(runes) && len(view) > 0 {
		view[len(view)-1] = '…'
	}
	caret = s - lo
	length = max(min(e, hi-1)-s+1, 1)
	return string(view), caret, length
}

// windowASCII is window for a line of ASCII, whose runes are its bytes:
// most source lines are, and window's rune slices were most of what a
// code frame allocated.
func windowASCII(line string, start, end, budget int) (text string, caret, length int) {
	col := func(c int) int { return min(max(c, 1), len(line)+1) - 1 }
	s := col(start)
	e := max(col(end+1)-1, s)
	if start > len(line) {
		s, e = len(line), len(line)
	}
	lo, hi := windowSpan(s, len(line), budget)
	text = line[lo:hi]
	if cutLeft, cutRight := lo > 0 && text != "", hi < len(line) && text != ""; cutLeft || cutRight {
		var b strings.Builder
		switch {
		case len(text) == 1:
			b.WriteString("…")
		default:
			if cutLeft {
				b.WriteString("…")
				text = text[1:]
			}
			if cutRight {
				text = text[:len(text)-1]
			}
			b.WriteString(text)
			if cutRight {
				b.WriteString("…")
			}
		}
		text = b.String()
	}
	return text, s - lo, max(min(e, hi-1)-s+1, 1)
}

// windowSpan is which of n characters, [lo, hi), a window of budget
// shows around character s: from a quarter of the budget before it.
func windowSpan(s, n, budget int) (lo, hi int) {
	if n <= budget {
		return 0, n
	}
	lo = max(0, s-budget/4)
	hi = min(n, lo+budget)
	return max(0, hi-budget), hi
}

// ascii reports whether s holds only ASCII.
func ascii(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// relativePath shows an absolute path relative to dir when that is
// possible, so text output names files the way the user types them.
func relativePath(path, dir string) string {
	if dir == "" || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(dir, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return path
}
