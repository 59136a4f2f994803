package main

import (
	"context"
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
		summary: "Show what changed between two versions and what it breaks: two contract files (OpenAPI, JSON Schema),\n" +
			"two migration directories, or the working tree against a git revision (--base REV [PATH…]; with no\n" +
			"arguments, every database and contract in schemacheck.yaml against base: or the merge-base with the\n" +
			"default branch). For migrations: files added, edited or deleted, the added ones linted, what they\n" +
			"remove, rename or change in the base schema, and down scripts that do not restore it.",
		common: withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.base, "base", "", "git revision to compare the working tree with (default: base: in the config, else the merge-base with the remote default branch)")
			fs.BoolVar(&o.all, "all", false, "changelog mode: list non-breaking changes too, grouped per operation (format changelog unless --format is given)")
			fs.StringVar(&o.direction, "direction", "backward", "backward (old clients, new server), forward (new clients, old server) or both")
			fs.StringVar(&o.mode, "mode", "", "JSON Schema compatibility mode: backward, forward, full, backward_transitive, forward_transitive,\n"+
				"full_transitive or none (default: the contract's mode in schemacheck.yaml, else --direction with both = full)")
		},
		run: func(e *env, o *options, args []string) int {
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			if o.all && o.format == "" && p.Config().Format == "text" {
				o.format = "changelog" // --all is the changelog mode
			}
			res, err := p.Diff(schemacheck.DiffOptions{Base: o.base, Paths: args, All: o.all, Direction: o.direction, Mode: o.mode})
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
		name: "matrix",
		summary: "Build the client-version × server-version compatibility matrix (--format text, markdown, json or html;\n" +
			"a breaking cell of a supported client version fails per --fail-on).",
		common: withConfig | withReport,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.base, "base", "", "git revision the change is compared with: a cell already broken there fails nothing\n"+
				"(default: base: in the config, else the merge-base with the remote default branch)")
		},
		run: runMatrix,
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
		name: "drift",
		args: "[--db URL] [--database NAME] [DIR]",
		summary: "Compare a live PostgreSQL database with the schema the migrations build (read-only session, timeouts).\n" +
			"The URL comes from --db, else the database's url_env: variable, else " + schemacheck.DatabaseURLEnv + ".",
		common: withConfig | withReport,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.dbURL, "db", "", "PostgreSQL connection URL (read-only session; default $"+schemacheck.DatabaseURLEnv+")")
			fs.StringVar(&o.dbName, "database", "", "configured database (name or migrations path) to compare with (default: every one with a URL)")
		},
		run: func(e *env, o *options, args []string) int {
			if len(args) > 1 {
				return fail(e, fmt.Errorf("drift takes at most one migration directory (got %d arguments)", len(args)))
			}
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			opts := schemacheck.DriftOptions{URL: o.dbURL, Database: o.dbName}
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			res, err := p.Drift(context.Background(), opts)
			if err != nil {
				return fail(e, err)
			}
			return o.emit(e, p, res)
		},
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
