package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const matrixAPI = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: integer}
%s`

// TestMatrixCommand: client versions pinned by path (no git needed); a
// breaking cell fails the run only for a supported version, and each
// format renders the grid.
func TestMatrixCommand(t *testing.T) {
	config := `version: 1
contracts: [{name: api, path: api.yaml}]
clients:
  - name: ios
    contract: api
    versions:
      - {version: "1", path: old.yaml, supported: %s}
`
	for _, tc := range []struct {
		supported string
		format    string
		code      int
		want      string
	}{
		{"true", "text", exitFindings, "BREAKING (1)"},
		{"false", "text", exitOK, "ios 1 (unsupported)"},
		{"true", "markdown", exitFindings, "| ios 1 | 🔴 BREAKING (1) |"},
		{"true", "html", exitFindings, `<td class="breaking"`},
		{"true", "json", exitFindings, `"status": "breaking"`},
		{"true", "sarif", exitFindings, `"ruleId": "SC-API008"`},
	} {
		t.Run(tc.supported+"/"+tc.format, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"schemacheck.yaml": strings.Replace(config, "%s", tc.supported, 1),
				// name was required: the new server may omit it, which the
				// old client's schema rejects.
				"old.yaml": strings.Replace(matrixAPI, "%s", "                  name: {type: string}\n                required: [name]\n", 1),
				"api.yaml": strings.Replace(matrixAPI, "%s", "", 1),
			})
			code, out, errOut := runIn(t, dir, "matrix", "--format", tc.format)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d (want %d), output lacks %q:\n%s\n%s", code, tc.code, tc.want, out, errOut)
			}
			if tc.format == "json" && !json.Valid([]byte(out)) {
				t.Errorf("invalid JSON:\n%s", out)
			}
		})
	}
}

func TestMatrixCommandOutputFileAndErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"schemacheck.yaml": "version: 1\ncontracts: [{name: api, path: api.yaml}]\nclients: [{name: ios, contract: api, versions: [{version: '1', path: gone.yaml}]}]\n",
		"api.yaml":         strings.Replace(matrixAPI, "%s", "", 1),
	})
	code, _, errOut := runIn(t, dir, "matrix")
	if code != exitUsage || !strings.Contains(errOut, "clients[0].versions[0] (ios 1): gone.yaml") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runIn(t, dir, "matrix", "extra"); code != exitUsage || !strings.Contains(errOut, "no arguments") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	os.WriteFile(filepath.Join(dir, "gone.yaml"), []byte(strings.Replace(matrixAPI, "%s", "", 1)), 0o644)
	code, out, errOut := runIn(t, dir, "matrix", "--format", "html", "-o", "m.html")
	page, _ := os.ReadFile(filepath.Join(dir, "m.html"))
	if code != exitOK || out != "" || !strings.Contains(string(page), "ok (same)") {
		t.Errorf("exit %d, stdout %q, stderr %q, page:\n%s", code, out, errOut, page)
	}
}
