package report

import (
	"bufio"
	"fmt"
	"io"

	"github.com/schemacheck/schemacheck/finding"
)

// writeCompact renders one line per finding in the form compilers use
// (gcc, squawk's gcc reporter), which editors and grep understand:
//
//	file:line:col: severity: ID name: message
//
// An earlier location of the finding (Finding.Related) follows on an
// indented "was at" line; the last line counts the findings.
func writeCompact(w io.Writer, fs []finding.Finding, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		loc := f.Location
		loc.File = relativePath(loc.File, opts.WorkDir)
		fmt.Fprintf(bw, "%s: %s: %s %s: %s\n", sanitize(loc.String()), f.Severity, f.RuleID, sanitize(f.RuleName),
			clip(sanitize(f.Message), maxMessage))
		for _, r := range capList(f.Related, maxDetails) {
			r.File = relativePath(r.File, opts.WorkDir)
			fmt.Fprintf(bw, "    was at %s\n", sanitize(r.String()))
		}
	}
	fmt.Fprintf(bw, "%s%s\n", count(fs), opts.Hidden.suffix())
	return bw.Flush()
}
