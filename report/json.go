package report

import (
	"encoding/json"
	"io"

	"github.com/schemacheck/schemacheck/finding"
)

// JSONSchemaVersion is the version of the json format; json-schema.json in
// this package describes it. Bump it on any incompatible change.
const JSONSchemaVersion = 1

type jsonReport struct {
	SchemaVersion int             `json:"schema_version"`
	Tool          jsonTool        `json:"tool"`
	Summary       jsonSummary     `json:"summary"`
	Findings      json.RawMessage `json:"findings"` // streamed: []finding.Finding
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Infos    int `json:"infos"`
}

func writeJSON(w io.Writer, fs []finding.Finding, opts Options) error {
	c := count(fs)
	return encodeStreamed(w, jsonReport{
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{toolName, opts.ToolVersion},
		Summary:       jsonSummary{c.errors, c.warnings, c.infos},
		Findings:      streamed,
	}, len(fs), func(i int) any { return fs[i] })
}
