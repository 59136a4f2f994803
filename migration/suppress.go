package migration

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

var suppression = regexp.MustCompile(`^[ \t]*--[ \t]*schemacheck:(ignore-file|ignore)(?:[ \t]+(.*))?$`)

// parseSuppressionLine reads `-- schemacheck:ignore RULE[, RULE] reason`:
// names are comma-separated; the first word not joined by a comma to the
// list starts the reason.
func parseSuppressionLine(path string, line []byte, loc finding.Location) (rules []Suppression, fileLevel, ok bool) {
	m := suppression.FindSubmatch(bytes.TrimRight(line, "\r"))
	if m == nil {
		return nil, false, false
	}
	fileLevel = string(m[1]) == "ignore-file"
	words := strings.Fields(string(m[2]))
	var names []string
	i := 0
	for i < len(words) {
		w := words[i]
		i++
		for _, n := range strings.Split(w, ",") {
			if n != "" {
				names = append(names, n)
			}
		}
		continuesList := strings.HasSuffix(w, ",") || (i < len(words) && strings.HasPrefix(words[i], ","))
		if !continuesList {
			break
		}
	}
	reason := strings.Join(words[i:], " ")
	for _, n := range names {
		rules = append(rules, Suppression{Rule: n, Reason: reason, Pos: loc, File: fileLevel})
	}
	return rules, fileLevel, true
}

// fileSuppressions collects the ignore-file comments anywhere in src.
func fileSuppressions(path string, src []byte, lines lineIndex) []Suppression {
	var out []Suppression
	for i, start := range lines {
		end := len(src)
		if i+1 < len(lines) {
			end = lines[i+1] - 1
		}
		if rules, fileLevel, ok := parseSuppressionLine(path, src[start:end], lines.location(path, start)); ok && fileLevel {
			out = append(out, rules...)
		}
	}
	return out
}

// attachSuppressions gives each statement the ignore comments on the lines
// directly above it (comment lines only, no blank line in between).
func attachSuppressions(f *File, src []byte, lines lineIndex) {
	for _, st := range f.Statements {
		for ln := st.Pos.Line - 1; ln >= 1; ln-- {
			start := lines[ln-1]
			end := lines[ln] - 1
			text := bytes.TrimSpace(src[start:end])
			if !bytes.HasPrefix(text, []byte("--")) {
				break
			}
			if rules, fileLevel, ok := parseSuppressionLine(f.Path, src[start:end], lines.location(f.Path, start)); ok && !fileLevel {
				st.Ignores = append(st.Ignores, rules...)
			}
		}
	}
}
