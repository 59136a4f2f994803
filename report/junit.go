package report

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/schemacheck/schemacheck/finding"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string       `xml:"name,attr"`
	Classname string       `xml:"classname,attr"`
	Failure   junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit renders one test suite per file and one failed test case per
// finding, the shape CI systems display as test results.
func writeJUnit(w io.Writer, fs []finding.Finding, opts Options) error {
	root := junitSuites{Name: toolName, Tests: len(fs), Failures: len(fs)}
	for _, f := range fs {
		if n := len(root.Suites); n == 0 || root.Suites[n-1].Name != f.Location.File {
			root.Suites = append(root.Suites, junitSuite{Name: f.Location.File})
		}
		s := &root.Suites[len(root.Suites)-1]
		s.Tests++
		s.Failures++
		s.Cases = append(s.Cases, junitCase{
			Name:      fmt.Sprintf("%s %s at %s", f.RuleID, f.RuleName, f.Location),
			Classname: f.Location.File,
			Failure:   junitFailure{Message: oneLine(f.Message), Type: f.Severity.String(), Text: resultText(f)},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
