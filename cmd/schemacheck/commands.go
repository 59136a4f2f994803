package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/internal/rulesdoc"
)

func init() {
	register(&command{
		name:    "lint",
		args:    "[PATH…]",
		summary: "Lint migration files or directories (safety, compatibility, conventions, transactions).",
		common:  withConfig | withReport | withPG,
		run: func(e *env, o *options, args []string) int {
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			res, err := p.Lint(args)
			if err != nil {
				return fail(e, err)
			}
			return o.emit(e, p, res)
		},
	})
	register(&command{
		name: "diff",
		args: "[--base REV] [OLD NEW | PATH…]",
		summary: "Show what changed between two versions and what it breaks. Today: two OpenAPI 3.0/3.1 files.\n" +
			"Git revisions, migration directories and JSON Schema are not available yet.",
		common: withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.base, "base", "", "git revision to compare the working tree with (not available yet)")
			fs.BoolVar(&o.all, "all", false, "changelog mode: list non-breaking changes too")
			fs.StringVar(&o.direction, "direction", "backward", "backward (old clients, new server), forward (new clients, old server) or both")
		},
		run: func(e *env, o *options, args []string) int {
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			res, err := p.Diff(schemacheck.DiffOptions{Base: o.base, Paths: args, All: o.all, Direction: o.direction})
			if err != nil {
				return fail(e, err)
			}
			return o.emit(e, p, res)
		},
	})
	register(&command{
		name:    "check",
		summary: "Run everything configured in schemacheck.yaml: the command CI runs.",
		common:  withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.base, "base", "", "git revision the change is compared with (default: base: in the config, else the merge-base with the remote default branch)")
		},
		run: func(e *env, o *options, args []string) int {
			if len(args) > 0 {
				return fail(e, fmt.Errorf("check takes no arguments; it reads schemacheck.yaml (got %q)", args[0]))
			}
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			res, err := p.Check(schemacheck.CheckOptions{Base: o.base})
			if err != nil {
				return fail(e, err)
			}
			return o.emit(e, p, res)
		},
	})
	register(&command{
		name:    "matrix",
		summary: "Build the client-version × server-version compatibility matrix.",
		common:  withConfig | withReport,
		run:     notAvailable,
	})
	register(&command{
		name:    "rules",
		args:    "[ID|NAME]",
		summary: "List every rule, or explain one: why it matters, a bad and a good example, how to fix.",
		run: func(e *env, o *options, args []string) int {
			switch len(args) {
			case 0:
				fmt.Fprint(e.stdout, rulesdoc.List(schemacheck.Rules()))
				return exitOK
			case 1:
				r, ok := schemacheck.LookupRule(args[0])
				if !ok {
					return fail(e, fmt.Errorf("unknown rule %q%s; run 'schemacheck rules' for the list",
						args[0], schemacheck.SuggestRule(args[0])))
				}
				fmt.Fprint(e.stdout, rulesdoc.Text(r))
				return exitOK
			default:
				return fail(e, fmt.Errorf("rules takes at most one rule ID or name"))
			}
		},
	})
	register(&command{
		name:    "init",
		summary: "Detect migration directories and contracts in this repository and write a starter schemacheck.yaml.",
		args:    "[DIR]",
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.BoolVar(&o.force, "force", false, "overwrite an existing schemacheck.yaml")
		},
		run: runInit,
	})
	register(&command{
		name:    "drift",
		summary: "Compare a live PostgreSQL database with the schema the migrations build (read-only).",
		common:  withConfig | withReport,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.dbURL, "db", "", "PostgreSQL connection URL (read-only session)")
		},
		run: notAvailable,
	})
	register(&command{
		name:    "version",
		summary: "Print the module version and the commit it was built from.",
		run: func(e *env, o *options, args []string) int {
			fmt.Fprintln(e.stdout, "schemacheck", schemacheck.Version())
			return exitOK
		},
	})
}
