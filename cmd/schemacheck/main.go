// Command schemacheck keeps PostgreSQL migrations, OpenAPI / JSON Schema
// contracts and the client versions in the field compatible.
//
// This file and its siblings only wire subcommands to flags; the work is done
// by the schemacheck package (the Go API) and the packages it imports.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/schemacheck/schemacheck/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes, as documented in docs/commands.md.
const (
	exitOK       = 0 // nothing at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // usage, config or input error
)

// run is main without os.Exit, so tests can call it in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "-h", "--help", "help":
		if len(rest) > 0 {
			if c := lookup(rest[0]); c != nil {
				c.usage(stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "schemacheck: unknown command %q\n", rest[0])
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	case "-v", "--version":
		name = "version"
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "schemacheck: unknown command %q\nRun 'schemacheck help' for the list of commands.\n", name)
		return exitUsage
	}
	// Messages carry text from the inputs: never terminal escapes, and on a
	// GitHub runner (or for --format github) never a workflow command.
	github := os.Getenv("GITHUB_ACTIONS") == "true" || slices.Contains(rest, "--format=github")
	for i := range len(rest) - 1 {
		github = github || rest[i] == "--format" && rest[i+1] == "github"
	}
	return c.execute(rest, &env{stdin: stdin, stdout: stdout, stderr: report.MessageWriter(stderr, github)})
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `schemacheck keeps database migrations, API contracts and client versions compatible.

Usage:
  schemacheck <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'schemacheck help <command>' for a command's flags.
Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage, config or input error.
`)
}
