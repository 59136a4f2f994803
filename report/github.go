package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

// GitHub workflow-command escaping: data escapes %, CR and LF; property
// values additionally escape : and , (see GitHub's toolkit command.ts).
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// writeGitHub prints one workflow command per finding, so GitHub shows
// annotations on the pull request diff, and appends the Markdown report to
// the job summary file when one is given.
func writeGitHub(w io.Writer, fs []finding.Finding, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		cmd := map[finding.Severity]string{finding.SeverityError: "error", finding.SeverityWarning: "warning"}[f.Severity]
		if cmd == "" {
			cmd = "notice"
		}
		props := []string{"file=" + ghProperty.Replace(f.Location.File)}
		l := f.Location
		if l.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", l.Line))
			if l.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", l.Column))
			}
			if l.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", l.EndLine))
			}
			if l.EndColumn > 0 && l.EndLine == l.Line {
				props = append(props, fmt.Sprintf("endColumn=%d", l.EndColumn))
			}
		}
		props = append(props, "title="+ghProperty.Replace(f.RuleID+" "+f.RuleName))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData.Replace(resultText(f)))
	}
	fmt.Fprintf(bw, "schemacheck: %s\n", count(fs))
	if err := bw.Flush(); err != nil {
		return err
	}
	if opts.StepSummary == "" {
		return nil
	}
	sf, err := os.OpenFile(opts.StepSummary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("job summary %s: %w", opts.StepSummary, err)
	}
	_, err = io.WriteString(sf, Markdown(fs, opts)+"\n")
	if cerr := sf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("job summary %s: %w", opts.StepSummary, err)
	}
	return nil
}
