package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/report"
)

// options holds every flag value; each command reads the ones it defined.
type options struct {
	configPath    string
	format        string
	output        string
	failOn        string
	color         string
	pgVersion     int
	baseline      string
	writeBaseline string
	exclude, only []string
	minSeverity   string

	// lint
	stdinFilename string
	// diff
	base      string
	all       bool
	staged    bool
	direction string
	mode      string // JSON Schema compatibility mode of diff
	// init
	force bool
	// drift, preflight
	dbURL  string
	dbName string
	// preflight
	sample           int64
	statementTimeout time.Duration
}

// open loads the project configuration named by --config (or found from the
// working directory) and applies the command-line overrides.
func (o *options) open() (*schemacheck.Project, error) {
	p, err := schemacheck.Open(schemacheck.OpenOptions{ConfigPath: o.configPath})
	if err != nil {
		return nil, err
	}
	if o.pgVersion != 0 {
		if err := p.SetPGVersion(o.pgVersion); err != nil {
			return nil, err
		}
	}
	sel := schemacheck.Selection{Only: o.only, Exclude: o.exclude}
	if o.minSeverity != "" {
		if sel.MinSeverity, err = finding.ParseSeverity(o.minSeverity); err != nil {
			return nil, fmt.Errorf("--min-severity: %w", err)
		}
	}
	if err := p.SetSelection(sel); err != nil {
		return nil, fmt.Errorf("--only/--exclude: %w", err)
	}
	return p, nil
}

// emit renders res in the chosen format and returns the exit code that
// --fail-on asks for.
func (o *options) emit(e *env, p *schemacheck.Project, res *schemacheck.Result) int {
	return o.emitWith(e, p, res, func(w io.Writer, format string, opts report.Options) error {
		return report.Write(w, format, res.Findings, opts)
	})
}

// emitWith is emit with another renderer (the matrix's own formats): notes,
// baselines, --output and --fail-on work the same whatever is rendered.
func (o *options) emitWith(e *env, p *schemacheck.Project, res *schemacheck.Result,
	render func(w io.Writer, format string, opts report.Options) error) int {
	format := firstNonEmpty(o.format, p.Config().Format, "text")
	if format == "github" { // format: github in the config: its notes are parsed by the runner too
		e.stderr = report.MessageWriter(e.stderr, true)
	}
	for _, note := range res.Notes {
		fmt.Fprintf(e.stderr, "schemacheck: %s\n", note)
	}
	if o.writeBaseline != "" {
		written, unchecked, err := schemacheck.WriteBaseline(o.writeBaseline, res.Findings)
		if err != nil {
			return fail(e, err)
		}
		fmt.Fprintf(e.stderr, "schemacheck: wrote %d fingerprints to %s\n", written, o.writeBaseline)
		if unchecked > 0 {
			fmt.Fprintf(e.stderr, "schemacheck: left out %d finding(s) about files that were not checked (parse errors, placeholders, unreadable files): fix them, a baseline cannot accept them\n", unchecked)
		}
		return exitOK
	}
	baseline := firstNonEmpty(o.baseline, p.Config().Baseline)
	if baseline != "" {
		if err := res.FilterBaseline(baseline); err != nil {
			return fail(e, err)
		}
	}
	failOn, err := schemacheck.ParseFailOn(firstNonEmpty(o.failOn, p.Config().FailOn, "error"))
	if err != nil {
		return fail(e, fmt.Errorf("--fail-on: %w", err))
	}
	out := os.Stdout
	if o.output != "" {
		out = nil
	}
	wd, _ := os.Getwd()
	opts := report.Options{
		Rules:       schemacheck.Rules(),
		Source:      res.Source,
		Color:       o.output == "" && report.ColorEnabled(o.color, out),
		ToolVersion: schemacheck.Version().String(),
		FailOn:      failOn,
		StepSummary: os.Getenv("GITHUB_STEP_SUMMARY"),
		Width:       report.Width(out),
		WorkDir:     wd,
		Hidden: report.Hidden{
			BelowMinSeverity: res.BelowMinSeverity,
			MinSeverity:      p.Selection().MinSeverity,
			Deselected:       res.Deselected,
		},
	}
	if o.output == "" {
		if err := render(e.stdout, format, opts); err != nil {
			return fail(e, err)
		}
	} else {
		var buf bytes.Buffer
		if err := render(&buf, format, opts); err != nil {
			return fail(e, err)
		}
		if err := atomicfile.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
			return fail(e, fmt.Errorf("--output: %w", err))
		}
	}
	if failOn != finding.SeverityOff && finding.Max(res.Findings) >= failOn {
		return exitFindings
	}
	return exitOK
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
