package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/schemacheck/schemacheck/report"
)

// command is one subcommand: its flags and the function that runs it.
type command struct {
	name    string
	args    string // argument synopsis for usage
	summary string
	// common says which shared flags the command takes.
	common commonSet
	// flags adds the command's own flags; may be nil.
	flags func(fs *pflag.FlagSet, o *options)
	// run does the work and returns the exit code.
	run func(e *env, o *options, args []string) int
}

// env is the process environment a command runs in, injected for tests.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// commonSet selects shared flags.
type commonSet int

const (
	withConfig commonSet = 1 << iota
	withReport           // --format, --output, --fail-on, --color
	withPG               // --pg-version
)

var commands []*command

func register(c *command) { commands = append(commands, c) }

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func (c *command) flagSet(o *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SortFlags = false
	if c.common&withConfig != 0 {
		fs.StringVar(&o.configPath, "config", "", "config file (default: schemacheck.yaml found from the current directory up)")
	}
	if c.common&withReport != 0 {
		fs.StringVar(&o.format, "format", "", "output format: "+strings.Join(report.Formats(), ", ")+" (default text)")
		fs.StringVarP(&o.output, "output", "o", "", "write the report to this file (atomically) instead of standard output")
		fs.StringVar(&o.failOn, "fail-on", "", "exit 1 when a finding is at or above: error, warning, info, never (default error)")
		fs.StringVar(&o.color, "color", "auto", "colour in text output: auto, always, never (NO_COLOR disables auto)")
		fs.StringVar(&o.baseline, "baseline", "", "report only findings whose fingerprint is not in this baseline file")
		fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings' fingerprints in this file and exit 0")
		fs.StringSliceVar(&o.exclude, "exclude", nil, "do not report these rules: IDs, names or categories, comma-separated or repeated (adds to exclude: in the config)")
		fs.StringSliceVar(&o.only, "only", nil, "report only these rules: IDs, names or categories (replaces only: in the config; unreadable files are still reported)")
		fs.StringVar(&o.minSeverity, "min-severity", "", "do not report findings below: info, warning, error (default info; the summary counts what is hidden)")
	}
	if c.common&withPG != 0 {
		fs.IntVar(&o.pgVersion, "pg-version", 0, "target PostgreSQL major version (default 16, or pg_version from the config)")
	}
	if c.flags != nil {
		c.flags(fs, o)
	}
	return fs
}

func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: schemacheck %s [flags] %s\n\n%s\n\nFlags:\n", c.name, c.args, c.summary)
	var o options
	fs := c.flagSet(&o)
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func (c *command) execute(args []string, e *env) int {
	var o options
	fs := c.flagSet(&o)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			c.usage(e.stdout)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "schemacheck %s: %v\nRun 'schemacheck help %s' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	if err := o.validate(c); err != nil {
		fmt.Fprintf(e.stderr, "schemacheck %s: %v\nRun 'schemacheck help %s' for usage.\n", c.name, err, c.name)
		return exitUsage
	}
	return c.run(e, &o, fs.Args())
}

// fail prints an input, config or usage error and returns exit code 2.
func fail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "schemacheck: %v\n", err)
	return exitUsage
}
