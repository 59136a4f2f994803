package report

import (
	"encoding/json"
	"io"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

// SARIF 2.1.0 types, limited to the properties schemacheck fills.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool       `json:"tool"`
	Results json.RawMessage `json:"results"` // streamed: []sarifResult
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      sarifText    `json:"fullDescription"`
	Help                 sarifHelp    `json:"help"`
	DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	Properties           sarifRuleBag `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleBag struct {
	Tags []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	ID               int            `json:"id,omitempty"`
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "error"
	case finding.SeverityWarning:
		return "warning"
	}
	return "note"
}

// writeSARIF renders a SARIF 2.1.0 log with one run. Rules come from the
// registry (so code-scanning UIs show help text); a finding whose rule is
// missing from the registry gets a minimal rule entry of its own.
func writeSARIF(w io.Writer, fs []finding.Finding, opts Options) error {
	var rules []sarifRule
	index := map[string]int{}
	addRule := func(r finding.Rule) {
		if _, ok := index[r.ID]; ok {
			return
		}
		index[r.ID] = len(rules)
		rules = append(rules, sarifRule{
			ID:                   r.ID,
			Name:                 r.Name,
			ShortDescription:     sarifText{firstNonEmpty(r.Summary, r.Name)},
			FullDescription:      sarifText{firstNonEmpty(r.Rationale, r.Summary, r.Name)},
			Help:                 sarifHelp{Text: ruleHelpText(r), Markdown: ruleHelpMarkdown(r)},
			DefaultConfiguration: sarifConfig{sarifLevel(r.Severity)},
			Properties:           sarifRuleBag{Tags: slices.Compact([]string{string(r.Category), string(r.Layer)})}, // SARIF tags are unique
		})
	}
	for _, r := range opts.Rules {
		addRule(r)
	}
	for _, f := range fs {
		addRule(finding.Rule{ID: f.RuleID, Name: f.RuleName, Severity: f.Severity, Layer: f.Layer})
	}
	return encodeStreamed(w, sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs: []sarifRun{{
			Tool:    sarifTool{sarifDriver{Name: toolName, Version: opts.ToolVersion, InformationURI: toolURI, Rules: rules}},
			Results: streamed,
		}},
	}, len(fs), func(i int) any { return sarifResultOf(fs[i], index[fs[i].RuleID]) })
}

// sarifResultOf is finding f as a SARIF result of the rule at ruleIndex.
func sarifResultOf(f finding.Finding, ruleIndex int) sarifResult {
	var related []sarifLocation
	for i, r := range f.Related {
		loc := sarifLocation{ID: i + 1, Message: &sarifText{"was at " + r.String()}}
		if !atRevision(r.File) {
			loc.PhysicalLocation = physical(r)
		}
		related = append(related, loc)
	}
	return sarifResult{
		RuleID:              f.RuleID,
		RuleIndex:           ruleIndex,
		Level:               sarifLevel(f.Severity),
		Message:             sarifText{resultText(f)},
		Locations:           []sarifLocation{{PhysicalLocation: physical(f.Location)}},
		RelatedLocations:    related,
		PartialFingerprints: map[string]string{"schemacheck/v1": f.Fingerprint},
	}
}

func physical(l finding.Location) *sarifPhysical {
	phys := &sarifPhysical{ArtifactLocation: sarifArtifact{URI: l.File}}
	if l.Line > 0 {
		phys.Region = &sarifRegion{
			StartLine: l.Line, StartColumn: l.Column,
			EndLine: l.EndLine, EndColumn: endColumnExclusive(l),
		}
	}
	return phys
}

// atRevision says whether a related location's file is a file as it was
// at a git revision ("api/openapi.yaml@v1.0.0", "db/1.sql@origin/main"),
// which is no artifact of the analysed tree: it is named in the
// location's message only.
func atRevision(file string) bool {
	return strings.LastIndexByte(file, '@') > 0
}

// endColumnExclusive converts our inclusive end column to SARIF's
// exclusive one.
func endColumnExclusive(l finding.Location) int {
	if l.EndColumn == 0 {
		return 0
	}
	return l.EndColumn + 1
}

// resultText is the message plus fix, details and witness, as plain text.
func resultText(f finding.Finding) string {
	s := f.Message
	for _, d := range f.Details {
		s += "\n" + d
	}
	for _, r := range f.Related {
		s += "\nwas at " + r.String()
	}
	if f.Witness != "" {
		s += "\nWitness: " + f.Witness
	}
	if f.Fix != "" {
		s += "\nFix: " + f.Fix
	}
	return s
}

func ruleHelpText(r finding.Rule) string {
	s := r.Summary
	if r.Rationale != "" {
		s += "\n\nWhy it matters: " + r.Rationale
	}
	if r.Fix != "" {
		s += "\n\nHow to fix: " + r.Fix
	}
	return s
}

func ruleHelpMarkdown(r finding.Rule) string {
	s := escapeMarkdown(r.Summary)
	if r.Rationale != "" {
		s += "\n\n**Why it matters.** " + escapeMarkdown(r.Rationale)
	}
	if r.Bad != "" {
		s += "\n\n**Flagged:**\n\n" + fence(r.Bad)
	}
	if r.Good != "" {
		s += "\n\n**Instead:**\n\n" + fence(r.Good)
	}
	if r.Fix != "" {
		s += "\n\n**How to fix.** " + escapeMarkdown(r.Fix)
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
