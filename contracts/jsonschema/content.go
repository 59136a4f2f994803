package jsonschema

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// content compares how the two sides read a string through the content
// keywords. contentEncoding says how the string encodes bytes and
// contentMediaType what those bytes are: where the sides differ in either
// (one side without contentEncoding reads the string as it is), a value
// both accept still means something else to the reader, which decodes it
// differently. The validator decides what it asserts (base64,
// application/json and a contentSchema under it) and a value it rejects is
// the witness; otherwise a value both sides accept and decode to different
// content is (Misread). contentSchema, and a media type only the reader
// declares, are decided by the validator alone: without a witness they
// are warnings.
func (c *comparer) content(ws, r node, trail []step) {
	raw := append(slicesClone(contentCandidates), stringCandidates(ws, c.formats)...)
	for _, kw := range []string{"contentEncoding", "contentMediaType", "contentSchema"} {
		wv, wsch := c.rawOf(ws, kw)
		rv, rsch := c.rawOf(r, kw)
		if sameContent(kw, wv, rv) {
			continue
		}
		misread := kw == "contentEncoding" || kw == "contentMediaType" && wv != nil && rv != nil
		if rv == nil && !misread {
			continue // the reader no longer asserts it: it accepts more
		}
		rAt := at{rsch, kw}
		if rsch == nil {
			rAt = atNode(r)
		}
		wAt := atNode(ws)
		if wsch != nil {
			wAt = at{wsch, kw}
		}
		c.undecided(ruleFormat, trail, wAt, rAt, witnesses(ws, r, raw), "%s", c.changed(kw, rawDesc(wv), rawDesc(rv)))
		if !misread {
			continue
		}
		wEnc, _ := c.rawOf(ws, "contentEncoding")
		rEnc, _ := c.rawOf(r, "contentEncoding")
		wMedia, _ := c.rawOf(ws, "contentMediaType")
		rMedia, _ := c.rawOf(r, "contentMediaType")
		cand := &c.cands[len(c.cands)-1]
		for _, v := range raw {
			s, ok := v.(string)
			if len(cand.misread) == maxCandidates || !ok || !ws.accepts(v) || !r.accepts(v) || containsValue(cand.misread, v) {
				continue
			}
			wb, okW := decodeContent(wEnc, s)
			rb, okR := decodeContent(rEnc, s)
			if okW && okR && (kw == "contentMediaType" || !bytes.Equal(wb, rb)) {
				cand.misread = append(cand.misread, v)
				cand.misreadHow = append(cand.misreadHow, fmt.Sprintf("the %s version reads %s %s, the %s version %s",
					c.writer, strconv.Quote(s), readAs(wEnc, wMedia, wb), c.reader, readAs(rEnc, rMedia, rb)))
			}
		}
	}
}

// contentCandidates are strings that tell the encodings and media types
// apart: base64 of JSON ("{}", "1", "null"), quoted-printable escapes,
// JSON and plain text.
var contentCandidates = []any{"not base64!", "{", "[1,", "a", "", "e30=", "MQ==", "bnVsbA==", "=41", "{}", "null", "\"a\"", "1"}

func slicesClone(v []any) []any { return append([]any(nil), v...) }

// sameContent reports whether a content keyword means the same on both
// sides: encodings compared without case (a missing one and the identity
// encodings read the string as it is), media types by type and subtype
// without case or parameters, contentSchema as written.
func sameContent(kw string, a, b any) bool {
	switch kw {
	case "contentEncoding":
		return encodingName(a) == encodingName(b)
	case "contentMediaType":
		return mediaEssence(a) == mediaEssence(b)
	}
	return reflect.DeepEqual(a, b)
}

func encodingName(v any) string {
	s, _ := v.(string)
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "7bit", "8bit", "binary":
		return ""
	}
	return s
}

func mediaEssence(v any) string {
	s, _ := v.(string)
	if t, _, err := mime.ParseMediaType(s); err == nil {
		return t
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// decodeContent decodes s by a contentEncoding; ok is false for an
// encoding it does not know or a string that is not in it.
func decodeContent(enc any, s string) ([]byte, bool) {
	var b []byte
	var err error
	switch encodingName(enc) {
	case "":
		return []byte(s), true
	case "base64":
		b, err = base64.StdEncoding.DecodeString(s)
	case "base32":
		b, err = base32.StdEncoding.DecodeString(s)
	case "base16":
		b, err = hex.DecodeString(s)
	case "quoted-printable":
		b, err = io.ReadAll(quotedprintable.NewReader(strings.NewReader(s)))
	default:
		return nil, false
	}
	return b, err == nil
}

// readAs describes how a side reads a string: `as base64 to "{}"
// (application/json)`, `as written (text/plain)`.
func readAs(enc, media any, decoded []byte) string {
	out := "as written"
	if e := encodingName(enc); e != "" {
		d := string(decoded)
		if len(d) > 40 || !utf8.ValidString(d) {
			d = fmt.Sprintf("%d bytes", len(decoded))
		} else {
			d = strconv.Quote(d)
		}
		out = "as " + e + " to " + d
	}
	if m := mediaEssence(media); m != "" {
		out += " (" + m + ")"
	}
	return out
}
