package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestStripEscapes: whole terminal escape sequences from the inputs (CSI
// colours, OSC-8 hyperlinks ended by BEL or ST, their C1 forms, an
// unterminated OSC) leave one U+FFFD and none of their payload.
func TestStripEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"users":              "users",
		"\x1b[31mred\x1b[0m": "\ufffdred\ufffd",
		"\x1b]8;;http://evil\x07click\x1b]8;;\x07":  "\ufffdclick\ufffd",
		"\x1b]8;;http://evil\x1b\\click":            "\ufffdclick",
		"a\u009b2Jb\u009d0;title\u009cc":            "a\ufffdb\ufffdc",
		"t\x1b]0;pwned":                             "t\ufffd",
		"\x1bMreverse index":                        "\ufffdreverse index",
		"caf\u00e9 \x1b[1;38;5;196mbold\x1b[m done": "caf\u00e9 \ufffdbold\ufffd done",
	} {
		if got := stripEscapes(in); got != want {
			t.Errorf("stripEscapes(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMessageWriter: messages lose terminal escapes; for GitHub every line
// is workflow-command data and none starts a command.
func TestMessageWriter(t *testing.T) {
	msg := "schemacheck: db\n::stop-commands::tok\r::error::x 100% \x1b]8;;http://evil\x07here\n  ##[error]y\n"
	var text, gh bytes.Buffer
	MessageWriter(&text, false).Write([]byte(msg))
	MessageWriter(MessageWriter(&gh, false), true).Write([]byte(msg))
	if strings.ContainsAny(text.String(), "\x1b\x07\r") || strings.Contains(text.String(), "evil") {
		t.Errorf("text: %q", text.String())
	}
	want := "schemacheck: db\n%3A%3Astop-commands::tok%0D::error::x 100%25 \ufffdhere\n  ##%5Berror]y\n"
	if gh.String() != want {
		t.Errorf("github: %q\nwant    %q", gh.String(), want)
	}
}
