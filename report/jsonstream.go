package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// streamed stands, in a document encodeStreamed writes, for the array it
// encodes one item at a time. No value of ours encodes to it: a string
// holding it would have its quotes escaped.
var streamed = json.RawMessage(`"\u0000streamed\u0000"`)

// encodeStreamed writes doc as a json.Encoder with SetIndent("", "  ")
// would, except that the value streamed in doc is written as the array of
// item(0) … item(n-1), encoded one at a time. json.Encoder builds a whole
// document, and then its indented copy, in memory before writing it: for
// a report of thousands of findings that was most of the run's peak
// memory. Here only the envelope and one item are encoded at a time.
func encodeStreamed(w io.Writer, doc any, n int, item func(int) any) error {
	env, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	at := bytes.Index(env, streamed)
	if at < 0 {
		return errors.New("report: the document has no streamed array")
	}
	lineStart := bytes.LastIndexByte(env[:at], '\n') + 1
	indent := string(env[lineStart : lineStart+len(env[lineStart:at])-len(bytes.TrimLeft(env[lineStart:at], " "))])
	bw := bufio.NewWriter(w)
	bw.Write(env[:at])
	if n == 0 {
		bw.WriteString("[]")
	} else {
		bw.WriteString("[")
		inner := indent + "  "
		for i := range n {
			b, err := json.MarshalIndent(item(i), inner, "  ")
			if err != nil {
				return err
			}
			if i > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n" + inner)
			bw.Write(b)
		}
		bw.WriteString("\n" + indent + "]")
	}
	bw.Write(env[at+len(streamed):])
	bw.WriteString("\n")
	return bw.Flush()
}
