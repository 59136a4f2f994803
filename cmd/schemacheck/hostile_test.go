package main

import (
	"strings"
	"testing"
)

// workflowCommands returns the lines of out a GitHub runner would parse as
// workflow commands (:: or ##[ after leading spaces, any CR splits a line).
func workflowCommands(out string) []string {
	var cmds []string
	for _, l := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if l = strings.TrimLeft(l, " \t"); strings.HasPrefix(l, "::") || strings.HasPrefix(l, "##[") {
			cmds = append(cmds, l)
		}
	}
	return cmds
}

// TestMessagesCannotForgeWorkflowCommands puts newlines and carriage
// returns followed by workflow commands into the config: in an unknown
// key (an error) and in a database name (a note). In the github format no
// line of standard error or output is a command the report did not mean;
// in the text format no terminal escape reaches standard error.
func TestMessagesCannotForgeWorkflowCommands(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"schemacheck.yaml": "version: 1\ndatabases:\n  - name: \"shop\\n::stop-commands::pwned\\r::error::forged 100%\"\n" +
			"    migrations: db\n    preflight_url_env: SCHEMACHECK_TEST_UNSET_URL\n",
		"db/1_init.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY);\n",
	})
	code, stdout, stderr := runIn(t, dir, "check", "--format", "github")
	if code != 0 || !strings.Contains(stderr, "shop") {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if cmds := workflowCommands(stdout + "\n" + stderr); len(cmds) > 0 {
		t.Errorf("forged workflow commands:\n%s\nstderr:\n%s", strings.Join(cmds, "\n"), stderr)
	}
	if !strings.Contains(stderr, "%3A%3Astop-commands") || !strings.Contains(stderr, "100%25") {
		t.Errorf("want the note escaped as workflow-command data:\n%s", stderr)
	}

	bad := writeFiles(t, map[string]string{
		"schemacheck.yaml": "version: 1\n\"x\\n::error::forged\\e]8;;http://evil\\a\": 1\n",
	})
	code, _, stderr = runIn(t, bad, "check", "--format=github")
	if code != 2 {
		t.Fatalf("exit %d, want 2 for an unknown key:\n%s", code, stderr)
	}
	if cmds := workflowCommands(stderr); len(cmds) > 0 {
		t.Errorf("forged workflow commands in the error:\n%s", strings.Join(cmds, "\n"))
	}
	_, _, stderr = runIn(t, bad, "check")
	if strings.ContainsAny(stderr, "\x1b\a") {
		t.Errorf("terminal escape in the text-format error: %q", stderr)
	}
}
