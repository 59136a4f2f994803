package report

import (
	"io"

	"github.com/schemacheck/schemacheck/finding"
)

// GitLab code quality report entry (docs.gitlab.com, "Code Quality report
// format"): description, check_name, fingerprint, severity, location.path
// and location.lines.begin are the fields GitLab reads.
type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"`
	Severity    string         `json:"severity"`
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

func gitlabSeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "major"
	case finding.SeverityWarning:
		return "minor"
	}
	return "info"
}

func writeGitLab(w io.Writer, fs []finding.Finding, opts Options) error {
	return encodeStreamed(w, streamed, len(fs), func(i int) any {
		f := fs[i]
		return gitlabIssue{
			Description: f.RuleID + " " + f.RuleName + ": " + oneLine(f.Message),
			CheckName:   f.RuleID,
			Fingerprint: f.Fingerprint,
			Severity:    gitlabSeverity(f.Severity),
			Location:    gitlabLocation{Path: f.Location.File, Lines: gitlabLines{Begin: max(f.Location.Line, 1)}},
		}
	})
}
