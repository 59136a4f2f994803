package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/spf13/pflag"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/internal/rulesdoc"
)

func init() {
	register(&command{
		name: "lint",
		args: "[PATH… | -]",
		summary: "Lint migration files or directories (safety, compatibility, conventions, transactions).\n" +
			"'-' lints one migration read from standard input.",
		common: withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.stdinFilename, "stdin-filename", "", "with '-': the file name findings give standard input (its directory's configured database settings apply)")
		},
		run: func(e *env, o *options, args []string) int {
			stdin := slices.Contains(args, "-")
			switch {
			case stdin && len(args) > 1:
				return fail(e, fmt.Errorf("lint -: standard input is linted alone; give '-' or files and directories, not both"))
			case !stdin && o.stdinFilename != "":
				return fail(e, fmt.Errorf("--stdin-filename names standard input, which is read only with '-' (schemacheck lint --stdin-filename %s -)", o.stdinFilename))
			}
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			var res *schemacheck.Result
			if stdin {
				res, err = p.LintReader(e.stdin, o.stdinFilename)
			} else {
				res, err = p.Lint(args)
			}
			if err != nil {
				return fail(e, err)
			}
			return o.emit(e, p, res)
		},
	})
	register(&command{
		name: "diff",
		args: "[--base REV] [--staged] [OLD NEW | PATH…]",
		summary: "Show what changed between two versions and what it breaks: two contract files (OpenAPI, JSON Schema),\n" +
			"two migration directories, or the working tree against a git revision (--base REV [PATH…]; with no\n" +
			"arguments, every database and contract in schemacheck.yaml against base: or the merge-base with the\n" +
			"default branch). For migrations: files added, edited or deleted, the added ones linted, what they\n" +
			"remove, rename or change in the base schema, and down scripts that do not restore it. A migration file PATH\n" +
			"stands for its directory. --staged compares the staged files with --base (default HEAD): the pre-commit hook.",
		common: withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.base, "base", "", "git revision to compare the working tree with (default: base: in the config, else the merge-base with the remote default branch)")
			fs.BoolVar(&o.staged, "staged", false, "compare the staged files (the git index: what the next commit holds, not the working tree) with --base, default HEAD")
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
			if o.base == "" && !o.staged {
				boundMemory(args)
			}
			res, err := p.Diff(schemacheck.DiffOptions{Base: o.base, Staged: o.staged, Paths: args, All: o.all, Direction: o.direction, Mode: o.mode})
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
		name: "preflight",
		args: "[--db URL] [--database NAME] [--base REV] [--sample N] [DIR…]",
		summary: "Check pending migrations against a live PostgreSQL database's data, read-only: rows a new NOT NULL, CHECK,\n" +
			"UNIQUE or FOREIGN KEY would reject, values a narrower type cannot hold, data and objects a DROP meets, and\n" +
			"the size of every table a lock or rewrite finding touches. Pending: not in the migration tool's bookkeeping\n" +
			"table, or with --base REV the migrations added since REV. The URL comes from --db, else the database's\n" +
			"url_env: variable, else " + schemacheck.DatabaseURLEnv + ".",
		common: withConfig | withReport | withPG,
		flags: func(fs *pflag.FlagSet, o *options) {
			fs.StringVar(&o.dbURL, "db", "", "PostgreSQL connection URL (read-only session; default $"+schemacheck.DatabaseURLEnv+"); a replica or staging copy will do")
			fs.StringVar(&o.dbName, "database", "", "configured database (name or migrations path) to check (default: every one with a URL)")
			fs.StringVar(&o.base, "base", "", "git revision: the migrations added since it are pending (default: those the bookkeeping table has not recorded)")
			fs.Int64Var(&o.sample, "sample", 0, "check tables estimated above N rows on a TABLESAMPLE of about N rows (findings say so; counts are scaled)")
			fs.DurationVar(&o.statementTimeout, "statement-timeout", 0, "longest any one check query may run; a longer one is reported as not checked (default: preflight.statement_timeout, else 30s)")
		},
		run: func(e *env, o *options, args []string) int {
			if o.sample < 0 {
				return fail(e, fmt.Errorf("--sample %d: want a number of rows, or 0 for whole tables", o.sample))
			}
			if o.statementTimeout < 0 {
				return fail(e, fmt.Errorf("--statement-timeout %s: want a positive duration such as 30s", o.statementTimeout))
			}
			p, err := o.open()
			if err != nil {
				return fail(e, err)
			}
			res, err := p.Preflight(context.Background(), schemacheck.PreflightOptions{
				URL: o.dbURL, Database: o.dbName, Dirs: args, Base: o.base, Sample: o.sample, Timeout: o.statementTimeout,
			})
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
