package main

import (
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/suggest"
	"github.com/schemacheck/schemacheck/report"
)

// flagValue checks one flag's value before anything runs: parse accepts
// it (aliases included) or the error lists the values and suggests the
// closest, so `--color sometimes` exits 2 instead of being ignored.
func flagValue(flag, value string, valid []string, parse func(string) error) error {
	if parse(value) == nil {
		return nil
	}
	msg := fmt.Sprintf("--%s %q: want one of %s", flag, value, strings.Join(valid, ", "))
	if s, ok := suggest.Closest(value, valid); ok {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return fmt.Errorf("%s", msg)
}

// exact parses by membership in valid.
func exact(valid ...string) func(string) error {
	return func(v string) error {
		for _, ok := range valid {
			if v == ok {
				return nil
			}
		}
		return fmt.Errorf("unknown")
	}
}

// validate checks every flag value the command was given. Values from the
// config are checked by its schema when it loads.
func (o *options) validate(c *command) error {
	var errs []error
	check := func(flag, value string, valid []string, parse func(string) error) {
		if err := flagValue(flag, value, valid, parse); err != nil {
			errs = append(errs, err)
		}
	}
	if c.common&withReport != 0 {
		if o.format != "" {
			check("format", o.format, report.Formats(), exact(report.Formats()...))
		}
		if o.failOn != "" {
			check("fail-on", o.failOn, []string{"error", "warning", "info", "never"},
				func(v string) error { _, err := schemacheck.ParseFailOn(v); return err })
		}
		check("color", o.color, []string{"auto", "always", "never"}, exact("auto", "always", "never"))
		if o.minSeverity != "" {
			check("min-severity", o.minSeverity, []string{"info", "warning", "error"}, func(v string) error {
				s, err := finding.ParseSeverity(v)
				if err == nil && s == finding.SeverityOff {
					err = fmt.Errorf("off")
				}
				return err
			})
		}
	}
	for flag, list := range map[string][]string{"exclude": o.exclude, "only": o.only} {
		for _, sel := range list {
			if err := config.CheckSelector(sel, schemacheck.Rules()); err != nil {
				errs = append(errs, fmt.Errorf("--%s: %w", flag, err))
			}
		}
	}
	if c.name == "diff" {
		check("direction", o.direction, []string{"backward", "forward", "both"}, exact("backward", "forward", "both"))
		if o.mode != "" {
			var modes []string
			for _, m := range jsonschema.Modes() {
				modes = append(modes, string(m))
			}
			check("mode", o.mode, modes, func(v string) error { _, err := jsonschema.ParseMode(v); return err })
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	var b strings.Builder
	for _, err := range errs {
		b.WriteString("\n  " + err.Error())
	}
	if len(errs) > 0 {
		return fmt.Errorf("bad flag values:%s", b.String())
	}
	return nil
}
