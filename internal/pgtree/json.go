package pgtree

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
)

// jdec reads the JSON libpg_query writes for a parse tree: objects whose
// keys are the schema's JSON names, arrays, strings, numbers and true. It
// reads only what the generated decoders (json_gen.go) ask for and skips
// any other value whole.
type jdec struct {
	s string
	i int
}

var errJSON = errors.New("pgtree: parse tree is not the JSON libpg_query writes")

func (d *jdec) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// open reads c, the start of an object or array.
func (d *jdec) open(c byte) error {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != c {
		return errJSON
	}
	d.i++
	return nil
}

// more reports whether another member or element follows before end,
// reading the comma between them (*first says none was read yet).
func (d *jdec) more(first *bool, end byte) bool {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] == end {
		return false
	}
	if !*first {
		if d.s[d.i] != ',' {
			return false // close reports it
		}
		d.i++
	}
	*first = false
	return true
}

// close reads c, the end of an object or array.
func (d *jdec) close(c byte) error {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != c {
		return errJSON
	}
	d.i++
	return nil
}

// key reads a member's name and its colon. The name shares the input's
// memory: it is only compared.
func (d *jdec) key() (string, error) {
	k, err := d.text(false)
	if err != nil {
		return "", err
	}
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != ':' {
		return "", errJSON
	}
	d.i++
	return k, nil
}

// str reads a string value into memory of its own, as protobuf's decoder
// copies one, so the tree does not hold on to the whole document.
func (d *jdec) str() (string, error) { return d.text(true) }

// text reads a string, unescaping it; owned copies it when it has no
// escapes (an unescaped one is built anew anyway).
func (d *jdec) text(owned bool) (string, error) {
	if err := d.open('"'); err != nil {
		return "", err
	}
	start := d.i
	for d.i < len(d.s) {
		switch c := d.s[d.i]; {
		case c == '"':
			v := d.s[start:d.i]
			d.i++
			if owned {
				v = strings.Clone(v)
			}
			return v, nil
		case c == '\\':
			return d.unescape(start)
		case c < 0x20:
			return "", errJSON
		}
		d.i++
	}
	return "", errJSON
}

// unescape finishes a string that holds an escape at d.i.
func (d *jdec) unescape(start int) (string, error) {
	var b strings.Builder
	b.WriteString(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return b.String(), nil
		case c < 0x20:
			return "", errJSON
		case c != '\\':
			b.WriteByte(c)
			d.i++
			continue
		}
		if d.i+1 >= len(d.s) {
			return "", errJSON
		}
		e := d.s[d.i+1]
		d.i += 2
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", errJSON
			}
			if utf16.IsSurrogate(r) && strings.HasPrefix(d.s[d.i:], `\u`) {
				d.i += 2
				lo, ok := d.hex4()
				if !ok {
					return "", errJSON
				}
				r = utf16.DecodeRune(r, lo)
			}
			b.WriteRune(r)
		default:
			return "", errJSON
		}
	}
	return "", errJSON
}

func (d *jdec) hex4() (rune, bool) {
	if d.i+4 > len(d.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 16)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(v), true
}

// number returns the text of a number (also written quoted, as JSON
// writers do 64-bit integers).
func (d *jdec) number() (string, error) {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == '"' {
		return d.text(false)
	}
	start := d.i
	for d.i < len(d.s) {
		switch c := d.s[d.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			d.i++
			continue
		}
		break
	}
	if start == d.i {
		return "", errJSON
	}
	return d.s[start:d.i], nil
}

// signed reads an integer that fits in bits.
func (d *jdec) signed(bits int) (int64, error) {
	t, err := d.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(t, 10, bits)
	if err != nil {
		return 0, errJSON
	}
	return v, nil
}

// unsigned reads a non-negative integer that fits in bits.
func (d *jdec) unsigned(bits int) (uint64, error) {
	t, err := d.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(t, 10, bits)
	if err != nil {
		return 0, errJSON
	}
	return v, nil
}

func (d *jdec) int32() (int32, error)   { v, err := d.signed(32); return int32(v), err }
func (d *jdec) int64() (int64, error)   { return d.signed(64) }
func (d *jdec) uint32() (uint32, error) { v, err := d.unsigned(32); return uint32(v), err }
func (d *jdec) uint64() (uint64, error) { return d.unsigned(64) }

func (d *jdec) float64() (float64, error) {
	t, err := d.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, errJSON
	}
	return v, nil
}

func (d *jdec) boolean() (bool, error) {
	d.ws()
	switch {
	case strings.HasPrefix(d.s[d.i:], "true"):
		d.i += 4
		return true, nil
	case strings.HasPrefix(d.s[d.i:], "false"):
		d.i += 5
		return false, nil
	}
	return false, errJSON
}

// jsonEnum reads an enum value written by its name, looked up with the
// enum's generated FromName (a switch: no map built at init).
func jsonEnum[E ~int32](d *jdec, fromName func(string) (E, bool)) (E, error) {
	name, err := d.text(false)
	if err != nil {
		return 0, err
	}
	v, ok := fromName(name)
	if !ok {
		return 0, errJSON
	}
	return v, nil
}

// skip reads one value of any kind and drops it.
func (d *jdec) skip(depth int) error {
	if depth > maxDepth {
		return errDepth
	}
	d.ws()
	if d.i >= len(d.s) {
		return errJSON
	}
	switch d.s[d.i] {
	case '{':
		d.i++
		for first := true; d.more(&first, '}'); {
			if _, err := d.key(); err != nil {
				return err
			}
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
		return d.close('}')
	case '[':
		d.i++
		for first := true; d.more(&first, ']'); {
			if err := d.skip(depth + 1); err != nil {
				return err
			}
		}
		return d.close(']')
	case '"':
		_, err := d.text(false)
		return err
	case 't', 'f':
		_, err := d.boolean()
		return err
	case 'n':
		if strings.HasPrefix(d.s[d.i:], "null") {
			d.i += 4
			return nil
		}
		return errJSON
	}
	_, err := d.number()
	return err
}
