package schemacheck

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/report"
)

// TestLocationsAreInTheHeadTree is issue 17's acceptance for locations, on
// the demo's check and matrix: no SARIF result and no GitHub annotation
// names a path with "@" (a file at a git revision, which GitHub cannot
// show); every finding, contract findings included, is at a line of a file
// of the head tree; the SARIF validates against the SARIF 2.1.0 schema.
func TestLocationsAreInTheHeadTree(t *testing.T) {
	dir := buildDemo(t)
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checked, err := p.Check(CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := p.Matrix(MatrixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	schema := compileSARIFSchema(t)
	for name, res := range map[string]*Result{"check": checked, "matrix": m.Result} {
		for _, f := range res.Findings {
			if info, err := os.Stat(f.Location.File); err != nil || info.IsDir() || f.Location.Line == 0 {
				t.Errorf("%s: %s %s is not at a line of a file of the head tree: %s", name, f.RuleID, f.Message, f.Location)
			}
		}

		var sarif bytes.Buffer
		if err := report.Write(&sarif, "sarif", res.Findings, report.Options{Rules: Rules()}); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarif.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(inst); err != nil {
			t.Errorf("%s: the SARIF log does not validate: %v", name, err)
		}
		var log struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct{ URI string }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(sarif.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		for _, r := range log.Runs[0].Results {
			for _, l := range r.Locations {
				if uri := l.PhysicalLocation.ArtifactLocation.URI; strings.Contains(uri, "@") {
					atRevision(t, name+" SARIF", r.RuleID, uri)
				}
			}
		}

		var gh bytes.Buffer
		if err := report.Write(&gh, "github", res.Findings, report.Options{Rules: Rules()}); err != nil {
			t.Fatal(err)
		}
		for _, m := range annotationFile.FindAllStringSubmatch(gh.String(), -1) {
			if strings.Contains(m[2], "@") {
				atRevision(t, name+" GitHub annotation", m[3], m[2])
			}
		}
	}
}

var annotationFile = regexp.MustCompile(`(?m)^::(error|warning|notice) file=([^,]*),.*title=(SC-[A-Z]+[0-9]+) `)

func atRevision(t *testing.T, where, rule, file string) {
	t.Helper()
	t.Errorf("%s: %s is located at %s, a file at a git revision that GitHub cannot show", where, rule, file)
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile(filepath.Join(packageDir, "report", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
